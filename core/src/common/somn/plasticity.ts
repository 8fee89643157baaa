/**
 * Short- and long-term plasticity of a nanowire network under voltage pulse trains (DOMAIN §6; Loeffler
 * et al. 2023 and Zhu et al. 2021 show it in the Kuncic-group junction model). Each train is played on a
 * fresh copy of the same network between its two electrodes: `count` pulses of `amplitude` for `width`,
 * one every `interval`, then a rest at 0 V. The electrodes' conductance is read by a probe that does not
 * disturb the network (the junctions are ohmic at a fixed state, so G = I/V is the same at any V; the
 * probe solves the node voltages at 1 V and the states are left alone).
 *
 * What the junction model gives: over threshold a junction's filament Λ grows at |v| − Vset; at 0 V it
 * decays at the constant rate b·Vreset until Λ = 0. Pulses that come faster than the decay undoes them
 * accumulate Λ (facilitation); a rest undoes any train within max|Λ|/(b·Vreset), so a "long-term" change
 * here is one that outlasts a given rest, and its retention grows with the Λ a train has stored.
 */
import type { SomnSim } from './sim.js';

export interface PulseTrain {
  readonly count: number;
  /** Pulse start to pulse start (s). */
  readonly interval: number;
  readonly amplitude: number;
  /** Pulse duration (s), ≤ interval. */
  readonly width: number;
}

export interface TrainResult {
  readonly train: PulseTrain;
  /** Conductance before the train (S). */
  readonly baseline: number;
  /** Conductance at the end of each pulse (S). */
  readonly afterPulse: Float64Array;
  /** Conductance at the end of the last pulse, when the rest begins (S). */
  readonly trainEnd: number;
  /** Time (s since the train's start) and conductance at every step; the rest starts at `restStart`. */
  readonly t: Float64Array;
  readonly g: Float64Array;
  readonly restStart: number;
  /** Largest relative KCL mismatch at any floating net over all steps. */
  readonly maxKcl: number;
  /** Junctions with |Λ| ≥ Λcrit at the end of the last pulse. */
  readonly junctionsOn: number;
  /** Largest |Λ| at the start of the rest (V·s). */
  readonly maxLambda: number;
}

/** Steps of length dt that make up a duration, refusing durations that are not whole multiples of dt. */
export function stepsOf(duration: number, dt: number, what: string): number {
  const n = Math.round(duration / dt);
  if (Math.abs(n * dt - duration) > 1e-9 * Math.max(1, duration / dt) * dt) throw new RangeError(`${what} (${duration} s) must be a whole number of time steps (dt = ${dt} s)`);
  return n;
}

/** Conductance between the driven nets (1 V on the first, 0 on the second) at the present states; the states are not changed. */
export function probeConductance(sim: SomnSim): number {
  sim.drive([1, 0]);
  sim.solveVoltages();
  return sim.netCurrent(sim.unknowns);
}

/** Plays one train and then `rest` seconds at 0 V on `sim` (driven nets: the pulsed electrode, then ground). */
export function runPulseTrain(sim: SomnSim, train: PulseTrain, rest: number, lcrit: number, onStep?: () => void): TrainResult {
  const dt = sim.dt;
  const on = stepsOf(train.width, dt, 'pulse width');
  const period = stepsOf(train.interval, dt, 'pulse interval');
  if (on < 1 || on > period) throw new RangeError(`pulse width (${train.width} s) must be at least one step and at most the interval (${train.interval} s)`);
  const restSteps = stepsOf(rest, dt, 'rest');
  // The rest starts when the last pulse ends.
  const restStart = (train.count - 1) * period + on;
  const total = restStart + restSteps;
  const t = new Float64Array(total + 1);
  const g = new Float64Array(total + 1);
  const afterPulse = new Float64Array(train.count);
  const t0 = sim.time;
  g[0] = probeConductance(sim);
  let maxKcl = 0;
  let junctionsOn = 0;
  let maxLambda = 0;
  for (let s = 0; s < total; s++) {
    const pulse = Math.floor(s / period);
    const inPulse = pulse < train.count && s % period < on;
    sim.step([inPulse ? train.amplitude : 0, 0]);
    maxKcl = Math.max(maxKcl, sim.kclResidual());
    t[s + 1] = sim.time - t0;
    g[s + 1] = probeConductance(sim);
    if (inPulse && s % period === on - 1) {
      afterPulse[pulse] = g[s + 1];
      if (pulse === train.count - 1) for (let k = 0; k < sim.junctions; k++) if (Math.abs(sim.state[k]) >= lcrit) junctionsOn++;
    }
    if (s + 1 === restStart) for (let k = 0; k < sim.junctions; k++) maxLambda = Math.max(maxLambda, Math.abs(sim.state[k]));
    onStep?.();
  }
  return { train, baseline: g[0], afterPulse, trainEnd: g[restStart], t, g, restStart, maxKcl, junctionsOn, maxLambda };
}

/** Conductance `after` seconds into the rest (the nearest step). */
export function conductanceInRest(r: TrainResult, after: number): number {
  const dt = r.t[1] - r.t[0];
  const i = Math.min(r.g.length - 1, r.restStart + Math.round(after / dt));
  return r.g[i];
}

/**
 * Retention: time into the rest until the potentiation, measured as log(G/G0), has fallen to `fraction`
 * of its value at the start of the rest (Infinity if the rest is too short; 0 if there was none).
 */
export function retentionTime(r: TrainResult, fraction = 0.1): number {
  const start = Math.log(r.trainEnd / r.baseline);
  if (!(start > 0)) return 0;
  for (let i = r.restStart; i < r.g.length; i++) if (Math.log(r.g[i] / r.baseline) <= fraction * start) return r.t[i] - r.t[r.restStart];
  return Infinity;
}

export interface DecayFit {
  /** Time constant of the excess conductance G − G0 (s). */
  readonly tau: number;
  /** Coefficient of determination of the straight line through ln(G − G0). */
  readonly r2: number;
  readonly points: number;
  /** Fit window, s into the rest. */
  readonly from: number;
  readonly to: number;
}

/**
 * Fits G(t) − G0 = A·e^(−t/τ) during the rest, by least squares on ln(G − G0), over the samples where the
 * excess lies between `hi` and `lo` of its value at the start of the rest: a junction above Λcrit holds a
 * plateau first (the window starts after it), and the excess reaches 0 in finite time (when every Λ has
 * landed on 0), which the window stops before. Null with fewer than 3 samples in the window.
 */
export function fitDecay(r: TrainResult, hi = 0.5, lo = 0.01): DecayFit | null {
  const g0 = r.baseline;
  const e0 = r.trainEnd - g0;
  if (!(e0 > 0)) return null;
  const ts: number[] = [];
  const ys: number[] = [];
  let entered = false;
  for (let i = r.restStart; i < r.g.length; i++) {
    const e = (r.g[i] - g0) / e0;
    if (!entered && e <= hi) entered = true;
    if (!entered) continue;
    if (e < lo) break;
    ts.push(r.t[i] - r.t[r.restStart]);
    ys.push(Math.log(e));
  }
  const n = ts.length;
  if (n < 3) return null;
  const mt = ts.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let stt = 0;
  let sty = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    stt += (ts[i] - mt) ** 2;
    sty += (ts[i] - mt) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  const slope = sty / stt;
  return { tau: -1 / slope, r2: syy > 0 ? (sty * sty) / (stt * syy) : 1, points: n, from: ts[0], to: ts[n - 1] };
}
