/**
 * Largest Lyapunov exponent from a perturbed twin run (Benettin et al. 1980): a reference and a twin
 * that starts δ0 away evolve under the same drive; every `renormEvery` steps the separation d is
 * measured, ln(d/δ0) accumulated, and the twin pulled back to distance δ0 along the same direction, so
 * the separation stays in the linear regime. λ = Σ ln(d/δ0) / (elapsed time).
 */
import { Prng } from '../random/prng.js';

/** A dynamical system advanced in fixed steps; `state` is the live state vector (read and written). */
export interface Twin {
  readonly state: Float64Array;
  step(): void;
}

export interface LyapunovOptions {
  /** Initial (and renormalised) separation, in state units. */
  readonly delta0: number;
  /** Steps between renormalisations. */
  readonly renormEvery: number;
  /** Renormalisation periods to average over. */
  readonly periods: number;
  /** Time per step (λ is per unit time). */
  readonly dt: number;
  /** Seed of the random initial direction. */
  readonly seed: number;
  /** Components that are perturbed and measured (default all); e.g. only the junction states. */
  readonly mask?: (k: number) => boolean;
  /** Leading periods left out of the average while the separation aligns with the most unstable direction. Default 0. */
  readonly discard?: number;
  /** Per-component scale: distances are measured in state/scale. Default 1. */
  readonly scale?: ArrayLike<number>;
}

export interface LyapunovResult {
  readonly lambda: number;
  /** Running estimate after each renormalisation period. */
  readonly running: Float64Array;
  /** ln(d/δ0) of each period. */
  readonly logGrowth: Float64Array;
}

/** Reference and twin must be identical systems in the same state (the twin's state is overwritten). */
export function largestLyapunov(ref: Twin, twin: Twin, o: LyapunovOptions): LyapunovResult {
  const n = ref.state.length;
  const use = Array.from({ length: n }, (_, k) => (o.mask ? o.mask(k) : true));
  const scale = (k: number) => (o.scale ? o.scale[k] : 1);
  const rng = new Prng(o.seed);
  const dir = new Float64Array(n);
  let norm = 0;
  for (let k = 0; k < n; k++) {
    if (!use[k]) continue;
    dir[k] = rng.next() - 0.5;
    norm += dir[k] * dir[k];
  }
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw new RangeError('largestLyapunov: nothing to perturb');
  for (let k = 0; k < n; k++) twin.state[k] = ref.state[k] + (use[k] ? (o.delta0 * scale(k) * dir[k]) / norm : 0);
  const running = new Float64Array(o.periods);
  const logGrowth = new Float64Array(o.periods);
  const discard = o.discard ?? 0;
  if (!(discard >= 0 && discard < o.periods)) throw new RangeError(`largestLyapunov: discard (${discard}) must be in [0, periods)`);
  let sum = 0;
  for (let p = 0; p < o.periods; p++) {
    for (let s = 0; s < o.renormEvery; s++) {
      ref.step();
      twin.step();
    }
    let d2 = 0;
    for (let k = 0; k < n; k++) {
      if (!use[k]) continue;
      const e = (twin.state[k] - ref.state[k]) / scale(k);
      d2 += e * e;
    }
    const d = Math.sqrt(d2);
    // A separation that collapsed to 0 (both runs pinned to the same bound) carries no direction left:
    // count it as the strongest contraction representable and restart along a fresh direction.
    const g = d > 0 ? Math.log(d / o.delta0) : Math.log(Number.MIN_VALUE / o.delta0);
    logGrowth[p] = g;
    const counted = p + 1 - discard;
    if (counted > 0) sum += g;
    running[p] = counted > 0 ? sum / (counted * o.renormEvery * o.dt) : NaN;
    if (d > 0) {
      for (let k = 0; k < n; k++) if (use[k]) twin.state[k] = ref.state[k] + (twin.state[k] - ref.state[k]) * (o.delta0 / d);
    } else {
      let m = 0;
      for (let k = 0; k < n; k++) if (use[k]) m += (dir[k] = rng.next() - 0.5) ** 2;
      m = Math.sqrt(m);
      for (let k = 0; k < n; k++) if (use[k]) twin.state[k] = ref.state[k] + (o.delta0 * scale(k) * dir[k]) / m;
    }
  }
  return { lambda: running[o.periods - 1], running, logGrowth };
}
