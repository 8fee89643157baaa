/**
 * Training a monDEQ classifier (softmax cross-entropy, Adam) with gradients from one of two paths:
 *
 *  - `circuit`: the forward pass is the resistor–diode circuit's DC operating point and the gradient is
 *    read off the hardware-linearised adjoint circuit (circuit.ts) — training in circuit simulation;
 *  - `splitting`: the forward pass is Peaceman–Rachford (or forward–backward) splitting and the gradient
 *    the dense implicit-function gradient (implicit.ts) — the digital reference path.
 *
 * `hidden` as a list trains a cascade of stages (network.ts, cascade.ts).
 *
 * Both see the same data order and initial parameters, so their learning curves can be compared. The
 * margins m stay fixed (they set the guaranteed monotonicity); A, B, U, b, C, c are trained.
 */
import type { Dataset, Sample } from '../data.js';
import { Prng } from '../../random/prng.js';
import { reluActivation, type NeuronActivation } from './activation.js';
import { Adam } from './adam.js';
import { makeEngine, type GradientPath, type MonDeqEngine } from './engines.js';
import { initParams, zerosLike, type InitOptions, type MonDeqParams, type MonDeqShape } from './params.js';
import type { SplittingOptions } from './splitting.js';

/**
 * Stage shapes for hidden sizes [n_1, ..., n_L]: stage s reads the previous stage's outputs, and every
 * stage but the last has as many outputs as neurons (its readout is the next stage's input).
 */
export function cascadeShapes(features: number, hidden: number | readonly number[], classes: number): MonDeqShape[] {
  const sizes = typeof hidden === 'number' ? [hidden] : hidden;
  let nIn = features;
  return sizes.map((n, s) => {
    const shape = { nIn, n, nOut: s === sizes.length - 1 ? classes : n };
    nIn = shape.nOut;
    return shape;
  });
}

export interface MonDeqTrainConfig {
  readonly data: Dataset;
  /** Neurons; a list makes a cascade of stages of those sizes. */
  readonly hidden: number | readonly number[];
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
  readonly path: GradientPath;
  readonly activation?: NeuronActivation;
  readonly init?: InitOptions;
  readonly splitting?: SplittingOptions;
}

export interface MonDeqEpoch {
  readonly epoch: number;
  /** Mean training loss over the epoch (each sample before its batch's update). */
  readonly loss: number;
  /** Training accuracy over the epoch, counted the same way. */
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  /** confusion[true][predicted]. */
  readonly confusion: number[][];
}

export interface MonDeqTrainResult {
  /** One parameter set per stage. */
  readonly params: MonDeqParams[];
  readonly initial: { readonly train: Evaluation; readonly test: Evaluation };
  readonly epochs: MonDeqEpoch[];
  readonly final: { readonly train: Evaluation; readonly test: Evaluation };
  /** Training samples processed per second of wall time (forward + gradient), over all epochs. */
  readonly samplesPerSecond: number;
}

/** Loss, accuracy and confusion matrix of the engine's current parameters on a sample set. */
export function evaluate(engine: MonDeqEngine, samples: readonly Sample[], classes: number): Evaluation {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let loss = 0;
  let right = 0;
  for (const s of samples) {
    const r = engine.sample(s);
    loss += r.loss;
    if (r.predicted === s.label) right++;
    confusion[s.label][r.predicted]++;
  }
  return { loss: loss / samples.length, accuracy: right / samples.length, confusion };
}

export function validateTrainConfig(c: MonDeqTrainConfig): void {
  const bad = (what: string) => {
    throw new Error(`monDEQ training: ${what}`);
  };
  const hidden = typeof c.hidden === 'number' ? [c.hidden] : c.hidden;
  if (hidden.length === 0 || !hidden.every((h) => Number.isInteger(h) && h >= 1)) bad(`hidden must be positive integers, got ${String(c.hidden)}`);
  if (!(Number.isInteger(c.epochs) && c.epochs >= 0)) bad(`epochs must be a non-negative integer, got ${c.epochs}`);
  if (!(Number.isInteger(c.batch) && c.batch >= 1)) bad(`batch must be a positive integer, got ${c.batch}`);
  if (!(c.lr > 0)) bad(`lr must be > 0, got ${c.lr}`);
  if (c.data.train.length === 0 || c.data.test.length === 0) bad('the data set needs training and test samples');
}

/** Trains in this thread; `onEpoch` sees each epoch's curve point. */
export function trainMonDeq(c: MonDeqTrainConfig, hooks: { onEpoch?: (e: MonDeqEpoch) => void } = {}): MonDeqTrainResult {
  const loop = monDeqEpochs(c);
  for (let next = loop.next(); ; next = loop.next()) {
    if (next.done) return next.value;
    hooks.onEpoch?.(next.value);
  }
}

/** The training loop as an epoch loop (for `trainingActor`): yields each epoch's curve point. */
export function* monDeqEpochs(c: MonDeqTrainConfig): Generator<MonDeqEpoch, MonDeqTrainResult, undefined> {
  validateTrainConfig(c);
  const rng = new Prng(c.seed);
  const activation = c.activation ?? reluActivation();
  const { data } = c;
  const params = cascadeShapes(data.features, c.hidden, data.classes).map((shape) => initParams(shape, rng, c.init));
  const engine = makeEngine(c.path, params, activation, c.splitting);
  const initial = { train: evaluate(engine, data.train, data.classes), test: evaluate(engine, data.test, data.classes) };
  const adam = new Adam(params, c.lr);
  const grad = params.map((p) => zerosLike(p));
  const blocks = grad.flatMap((g) => Object.values(g));
  const order = data.train.map((_, k) => k);
  const epochs: MonDeqEpoch[] = [];
  let trainSeconds = 0;
  let trained = 0;
  for (let ep = 1; ep <= c.epochs; ep++) {
    rng.shuffle(order);
    let loss = 0;
    let right = 0;
    const t0 = performance.now();
    for (let start = 0; start < order.length; start += c.batch) {
      const end = Math.min(order.length, start + c.batch);
      for (const k of blocks) k.fill(0);
      for (let q = start; q < end; q++) {
        const s = data.train[order[q]];
        const r = engine.sample(s, grad);
        loss += r.loss;
        if (r.predicted === s.label) right++;
      }
      const scale = 1 / (end - start);
      for (const k of blocks) for (let i = 0; i < k.length; i++) k[i] *= scale;
      adam.step(params, grad);
      engine.setParams(params);
    }
    trainSeconds += (performance.now() - t0) / 1000;
    trained += order.length;
    const test = evaluate(engine, data.test, data.classes);
    const e = { epoch: ep, loss: loss / order.length, trainAccuracy: right / order.length, testAccuracy: test.accuracy };
    epochs.push(e);
    yield e;
  }
  const final = { train: evaluate(engine, data.train, data.classes), test: evaluate(engine, data.test, data.classes) };
  return { params, initial, epochs, final, samplesPerSecond: trainSeconds > 0 ? trained / trainSeconds : 0 };
}
