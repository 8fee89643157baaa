/**
 * Reservoir-computing benchmarks scored with a ridge readout: NARMA-10, memory capacity (Jaeger 2001)
 * and waveform transformation. Features are rows (one per sample); the first `washout` samples are
 * dropped, the rest split in time into training and test parts.
 */
import { fitRidge, nmse, predictRidge, squaredCorrelation } from './readout.js';

/**
 * NARMA-10 (Atiya & Parlos 2000): y(t+1) = 0.3·y(t) + 0.05·y(t)·Σ_{i=0..9} y(t−i) + 1.5·u(t−9)·u(t) + 0.1,
 * with u ~ U[0, 0.5]; y(t) = 0 for the first ten steps.
 */
export function narma10(u: ArrayLike<number>): Float64Array {
  const y = new Float64Array(u.length);
  for (let t = 9; t < u.length - 1; t++) {
    let s = 0;
    for (let i = 0; i < 10; i++) s += y[t - i];
    y[t + 1] = 0.3 * y[t] + 0.05 * y[t] * s + 1.5 * u[t - 9] * u[t] + 0.1;
  }
  return y;
}

export interface SplitOptions {
  readonly washout: number;
  /** Fraction of the post-washout samples used for training (the rest is the test part). */
  readonly trainFraction: number;
  /**
   * Ridge penalty; with several, the one with the lowest NMSE on the last quarter of the training part
   * (trained on the first three quarters) is chosen, then the readout is refitted on the whole part.
   */
  readonly lambda: number | readonly number[];
}

function chooseLambda(rows: readonly ArrayLike<number>[], target: ArrayLike<number>, start: number, split: number, lambda: number | readonly number[]): number {
  if (typeof lambda === 'number') return lambda;
  if (lambda.length === 1) return lambda[0];
  const cut = start + Math.floor(0.75 * (split - start));
  const yv = Array.prototype.slice.call(target, cut, split) as number[];
  let best = lambda[0];
  let bestErr = Infinity;
  for (const l of lambda) {
    const m = fitRidge(rows.slice(start, cut), Array.prototype.slice.call(target, start, cut), l);
    const e = nmse(yv, rows.slice(cut, split).map((r) => predictRidge(m, r)));
    if (e < bestErr) [best, bestErr] = [l, e];
  }
  return best;
}

/** Ridge penalties tried when a task selects one by validation. */
export const RIDGE_GRID: readonly number[] = [1e-8, 1e-6, 1e-4, 1e-2, 1, 100];

export interface TaskScore {
  readonly nmseTrain: number;
  readonly nmseTest: number;
  /** Test-part targets and predictions (for figures). */
  readonly target: Float64Array;
  readonly prediction: Float64Array;
  readonly lambda: number;
}

/** Trains a ridge readout features → target on the training part and scores both parts. */
export function scoreTask(rows: readonly ArrayLike<number>[], target: ArrayLike<number>, o: SplitOptions): TaskScore {
  const start = o.washout;
  const split = start + Math.floor((rows.length - start) * o.trainFraction);
  const lambda = chooseLambda(rows, target, start, split, o.lambda);
  const model = fitRidge(rows.slice(start, split), Array.prototype.slice.call(target, start, split), lambda);
  const predict = (a: number, b: number) => Float64Array.from(rows.slice(a, b), (r) => predictRidge(model, r));
  const yTrain = Float64Array.from(Array.prototype.slice.call(target, start, split) as number[]);
  const yTest = Float64Array.from(Array.prototype.slice.call(target, split) as number[]);
  const pTest = predict(split, rows.length);
  return { nmseTrain: nmse(yTrain, predict(start, split)), nmseTest: nmse(yTest, pTest), target: yTest, prediction: pTest, lambda };
}

export interface MemoryCapacity {
  readonly total: number;
  /** MC_k = r²(u(t−k), ŷ_k(t)) on the test part, k = 0..maxDelay. */
  readonly perDelay: Float64Array;
}

/** Memory capacity: Σ_k r² between u(t−k) and a readout trained to recall it, over delays 0..maxDelay (test part). */
export function memoryCapacity(rows: readonly ArrayLike<number>[], u: ArrayLike<number>, maxDelay: number, o: SplitOptions): MemoryCapacity {
  if (o.washout < maxDelay) throw new RangeError(`memoryCapacity: washout (${o.washout}) must cover the largest delay (${maxDelay})`);
  const perDelay = new Float64Array(maxDelay + 1);
  for (let k = 0; k <= maxDelay; k++) {
    const target = Float64Array.from({ length: rows.length }, (_, t) => (t >= k ? u[t - k] : 0));
    const s = scoreTask(rows, target, o);
    perDelay[k] = squaredCorrelation(s.target, s.prediction);
  }
  return { total: perDelay.reduce((a, b) => a + b, 0), perDelay };
}

/** Rows of a tapped delay line on u: [u(t), u(t−1), …, u(t−d+1)] (zeros before the start). */
export function delayLineRows(u: ArrayLike<number>, d: number): number[][] {
  return Array.from({ length: u.length }, (_, t) => Array.from({ length: d }, (_, j) => (t >= j ? u[t - j] : 0)));
}

/** k-step-ahead prediction: a ridge readout maps the features at sample t to series[t + k] (the last k rows have no target). */
export function scoreAhead(rows: readonly ArrayLike<number>[], series: ArrayLike<number>, k: number, o: SplitOptions): TaskScore {
  if (!Number.isInteger(k) || k < 1 || k >= rows.length) throw new RangeError(`scoreAhead: horizon ${k} must be a whole number in [1, ${rows.length - 1}]`);
  return scoreTask(rows.slice(0, rows.length - k), Array.prototype.slice.call(series, k) as number[], o);
}
