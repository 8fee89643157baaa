/**
 * Largest Lyapunov exponent from perturbed twin runs (Benettin et al. 1980): a reference and a twin
 * that starts δ0 away evolve under the same drive; every `renormEvery` steps the separation d is
 * measured, ln(d/δ0) accumulated, and the twin pulled back to distance δ0 along the same direction, so
 * the separation stays in the linear regime. λ = Σ ln(d/δ0) / (elapsed time).
 *
 * `directionAveragedLyapunov` runs several twins in lockstep with one reference, each started along a
 * given direction, and averages their exponents: the estimator of Hochstetter et al. 2021 (Nat. Commun.
 * 12, 4008, Methods; their NWNsim calcLyapunov), who perturb one junction at a time by ε, renormalise
 * every time step and report the mean over the perturbed junctions.
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
  /** Initial direction (any length; normalised over the masked components). Default: random from `seed`. */
  readonly direction?: ArrayLike<number>;
}

export interface LyapunovResult {
  readonly lambda: number;
  /** Running estimate after each renormalisation period. */
  readonly running: Float64Array;
  /** ln(d/δ0) of each period. */
  readonly logGrowth: Float64Array;
}

export interface AveragedLyapunovResult {
  /** Mean of the twins' exponents. */
  readonly lambda: number;
  /** Each twin's exponent and running estimate. */
  readonly twins: readonly LyapunovResult[];
  /** Running mean over the twins after each renormalisation period. */
  readonly running: Float64Array;
}

/** Reference and twin must be identical systems in the same state (the twin's state is overwritten). */
export function largestLyapunov(ref: Twin, twin: Twin, o: LyapunovOptions): LyapunovResult {
  return directionAveragedLyapunov(ref, [twin], [o.direction ?? null], o).twins[0];
}

/**
 * Twins in lockstep with one reference; twin i starts along directions[i] (null: random from the
 * seed). All twins must be identical to the reference and in its state (their states are overwritten).
 */
export function directionAveragedLyapunov(ref: Twin, twins: readonly Twin[], directions: readonly (ArrayLike<number> | null)[], o: LyapunovOptions): AveragedLyapunovResult {
  if (twins.length === 0 || twins.length !== directions.length) throw new RangeError('directionAveragedLyapunov: one direction per twin, at least one twin');
  const n = ref.state.length;
  const use = Array.from({ length: n }, (_, k) => (o.mask ? o.mask(k) : true));
  const scale = (k: number) => (o.scale ? o.scale[k] : 1);
  const rng = new Prng(o.seed);
  const discard = o.discard ?? 0;
  if (!(discard >= 0 && discard < o.periods)) throw new RangeError(`largestLyapunov: discard (${discard}) must be in [0, periods)`);
  // Start (or restart after a collapse) twin i at δ0 along its direction; a random one is drawn anew.
  const place = (i: number) => {
    const given = directions[i];
    const dir = new Float64Array(n);
    let norm = 0;
    for (let k = 0; k < n; k++) {
      if (!use[k]) continue;
      dir[k] = given ? given[k] : rng.next() - 0.5;
      norm += dir[k] * dir[k];
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new RangeError('largestLyapunov: nothing to perturb (direction is zero on the perturbed components)');
    const s = twins[i].state;
    for (let k = 0; k < n; k++) s[k] = ref.state[k] + (use[k] ? (o.delta0 * scale(k) * dir[k]) / norm : 0);
  };
  twins.forEach((_, i) => place(i));
  const results = twins.map(() => ({ running: new Float64Array(o.periods), logGrowth: new Float64Array(o.periods), sum: 0 }));
  const running = new Float64Array(o.periods);
  for (let p = 0; p < o.periods; p++) {
    for (let s = 0; s < o.renormEvery; s++) {
      ref.step();
      for (const t of twins) t.step();
    }
    const counted = p + 1 - discard;
    let mean = 0;
    twins.forEach((twin, i) => {
      const r = results[i];
      let d2 = 0;
      for (let k = 0; k < n; k++) {
        if (!use[k]) continue;
        const e = (twin.state[k] - ref.state[k]) / scale(k);
        d2 += e * e;
      }
      const d = Math.sqrt(d2);
      // A separation that collapsed to 0 (both runs pinned to the same bound) carries no direction left:
      // count it as the strongest contraction representable and restart along the twin's direction.
      const g = d > 0 ? Math.log(d / o.delta0) : Math.log(Number.MIN_VALUE / o.delta0);
      r.logGrowth[p] = g;
      if (counted > 0) r.sum += g;
      r.running[p] = counted > 0 ? r.sum / (counted * o.renormEvery * o.dt) : NaN;
      mean += r.running[p] / twins.length;
      if (d > 0) {
        for (let k = 0; k < n; k++) if (use[k]) twin.state[k] = ref.state[k] + (twin.state[k] - ref.state[k]) * (o.delta0 / d);
      } else place(i);
    });
    running[p] = mean;
  }
  const out = results.map((r) => ({ lambda: r.running[o.periods - 1], running: r.running, logGrowth: r.logGrowth }));
  return { lambda: running[o.periods - 1], twins: out, running };
}
