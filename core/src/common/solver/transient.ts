/**
 * Transient analysis with two implicit, second-order, L-stable integrators:
 *  - BDF2 (Gear order 2, default): one Newton solve per step; variable-step coefficients with
 *    ω = h/hPrev, restarting as backward Euler after the start and after every breakpoint.
 *  - TR-BDF2 (`.options trbdf2=1`; Bank et al. 1985, Hosea & Shampine 1996): a trapezoidal stage to
 *    t + γh then a BDF2 stage to t + h, γ = 2 − √2; two solves per step but a 5× smaller error
 *    constant. With this γ both stages share the Jacobian coefficient α = 2/(γh).
 * Both write every dynamic row as α·(Q − H) = dQ/dt, so the kernel's assembly is the same for both.
 * The local truncation error, estimated from divided differences of dQ/dt, controls the step;
 * source corners are breakpoints the step lands on exactly.
 */
import type { Kernel, KernelState, NewtonResult } from './kernel.js';
import { describeFailure, operatingPoint } from './operating-point.js';
import { ConvergenceError } from './errors.js';
import { placeNodes, UnknownKind } from './system.js';
import { predictStates, stateLteRatio, type StateLteInputs } from './bdf2-states.js';

const GAMMA = 2 - Math.SQRT2;
/** BDF2 stage: Q1 = A·Qγ − B·Qn + (γh/2)·Q̇1. */
const A = 1 / (GAMMA * (2 - GAMMA));
const B = ((1 - GAMMA) * (1 - GAMMA)) / (GAMMA * (2 - GAMMA));
/** Error constant of TR-BDF2: LTE = C·h³·y‴. */
const C = (-3 * GAMMA * GAMMA + 4 * GAMMA - 2) / (12 * (2 - GAMMA));

/** Fraction of the Newton tolerance below which a stage's first update is accepted (see NewtonOptions). */
const FIRST_UPDATE_TOLERANCE = 0.5;


export interface TransientSpec {
  readonly tstep: number;
  readonly tstop: number;
  readonly tstart?: number;
  readonly tmax?: number;
  readonly uic?: boolean;
}

export interface TransientStats {
  accepted: number;
  rejected: number;
  newtonFailures: number;
  factorizations: number;
}

export interface TransientHooks {
  /** Called at t = 0 and after every accepted step, with the kernel's `y` at time t. */
  onPoint(t: number): void;
  /** Called now and then with the fraction of simulated time done. */
  onProgress?(fraction: number): void;
}

function collectBreakpoints(kernel: Kernel, tstop: number): Float64Array {
  const out: number[] = [tstop];
  for (const g of kernel.sys.groups) {
    const hook = g.model.breakpoints;
    if (!hook) continue;
    for (let i = 0; i < g.n; i++) {
      const view = { name: g.ids[i], param: (name: string) => g.p[name][i], data: g.data[i] };
      for (const t of hook.call(g.model, view, 0, tstop)) out.push(t);
    }
  }
  const sorted = Float64Array.from(out).sort();
  let m = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[m - 1]) sorted[m++] = sorted[k];
  return sorted.subarray(0, m);
}

/**
 * A transient analysis that can be advanced window by window (the runtime applies events at window
 * ends). `advance(until)` takes whole accepted steps until the time reaches `until` or the end; the
 * steps do not depend on the windows, so any windowing gives bit-identical results.
 */
export interface TransientRun {
  /** Steps until t ≥ until (or tstop); true when the analysis is complete. */
  advance(until: number): boolean;
  /**
   * The circuit changed between steps (a parameter was set): restart the integrator as after a source
   * corner — backward Euler, no extrapolation from before, a short first step.
   */
  discontinuity(): void;
  /**
   * The analysis's complete state between two steps (integrator history, step size, breakpoints and
   * the kernel's state): resumeTransient() continues from it with exactly the steps and bits this run
   * takes from here. Plain data and typed arrays, structured-clone-able.
   */
  snapshot(): TransientSnapshot;
  readonly time: number;
  readonly stats: TransientStats;
}

export interface TransientSnapshot {
  readonly format: 'memflow.transient/1';
  readonly spec: TransientSpec;
  readonly t: number;
  readonly h: number;
  readonly hPrev: number;
  readonly bpIdx: number;
  readonly lastProgress: number;
  readonly factorStart: number;
  readonly breakpoints: Float64Array;
  readonly yn: Float64Array;
  readonly ydot: Float64Array;
  readonly Qp: Float64Array;
  readonly Qdp: Float64Array;
  readonly Qn: Float64Array;
  readonly Qdn: Float64Array;
  readonly stats: TransientStats;
  readonly kernel: KernelState;
}

/** Runs a whole transient analysis. */
export function transient(kernel: Kernel, spec: TransientSpec, hooks: TransientHooks): TransientStats {
  const run = startTransient(kernel, spec, hooks);
  run.advance(Infinity);
  return run.stats;
}

/** Sets up a transient analysis (operating point, t = 0 output) without taking a step. */
export function startTransient(kernel: Kernel, spec: TransientSpec, hooks: TransientHooks): TransientRun {
  return transientRun(kernel, spec, hooks);
}

/**
 * Continues a transient analysis from `TransientRun.snapshot()` on a kernel compiled from the same
 * network with the same options: no operating point, no t = 0 output; the next point reported is the
 * first step after the snapshot, bit-identical to the uninterrupted run's.
 */
export function resumeTransient(kernel: Kernel, snapshot: TransientSnapshot, hooks: TransientHooks): TransientRun {
  if (snapshot?.format !== 'memflow.transient/1') throw new TypeError(`not a transient snapshot (format '${String(snapshot?.format)}', expected 'memflow.transient/1')`);
  return transientRun(kernel, snapshot.spec, hooks, snapshot);
}

/**
 * Continues the analysis `spec` from time `at` after the circuit changed (elements added, removed,
 * rewired, or states set): from the kernel's current unknowns as they stand (no operating point), with
 * the integrator restarted (backward Euler, a short first step) and the breakpoints after `at`. The
 * point at `at` itself (the values before any solve) is not reported.
 */
export function continueTransient(kernel: Kernel, spec: TransientSpec, at: number, hooks: TransientHooks): TransientRun {
  if (!(at >= 0 && at < spec.tstop)) throw new RangeError(`continueTransient: start time ${at} is outside [0, ${spec.tstop})`);
  return transientRun(kernel, spec, hooks, undefined, at);
}

function transientRun(kernel: Kernel, spec: TransientSpec, hooks: TransientHooks, from?: TransientSnapshot, start?: number): TransientRun {
  const { sys, opts } = kernel;
  const n = sys.size;
  const { tstep, tstop } = spec;
  const tmax = Math.min(spec.tmax || opts.tmax || Infinity, tstep, tstop / 50);
  const hmin = 1e-11 * tmax;
  const bps = from ? from.breakpoints.slice() : collectBreakpoints(kernel, tstop);
  const stats: TransientStats = from ? { ...from.stats } : { accepted: 0, rejected: 0, newtonFailures: 0, factorizations: 0 };
  const useTrBdf2 = opts.trbdf2 !== 0;

  if (from) kernel.loadState(from.kernel);
  else {
    if (start === undefined) {
      if (!spec.uic) operatingPoint(kernel, { dcSources: false, time: 0, ic: true, nodeset: true });
      else {
        // uic: no operating point; the .ic nets start at their values, everything else where it is.
        placeNodes(kernel.y, kernel.sys.ic);
      }
    }
    kernel.mode = 'tran';
    kernel.dcSources = false;
    kernel.time = start ?? 0;
  }

  // Q and dQ/dt of the dynamic rows at t(n-1), t(n), the TR-BDF2 stage and t(n+1).
  let Qp = new Float64Array(n);
  let Qdp = new Float64Array(n);
  let Qn = new Float64Array(n);
  let Qdn = new Float64Array(n);
  const Qg = new Float64Array(n);
  const Qdg = new Float64Array(n);
  let Q1 = new Float64Array(n);
  let Qd1 = new Float64Array(n);
  const yn = new Float64Array(n);
  const yg = new Float64Array(n);
  const ydot = new Float64Array(n);
  const hist = kernel.hist;
  const y = kernel.y;
  const dyn: number[] = [];
  const states: number[] = [];
  for (let r = 0; r < n; r++) {
    if (sys.isCharge[r]) dyn.push(r);
    if (sys.kind[r] === UnknownKind.State) states.push(r);
  }
  const dynRows = Int32Array.from(dyn);
  const stateRows = Int32Array.from(states);
  const rowIsState = new Uint8Array(n);
  for (const r of stateRows) rowIsState[r] = 1;
  const { lo, hi } = kernel;
  /** y = base + c·slope, states kept inside their bounds: the predictor of a step or stage. */
  const predict = (base: Float64Array, c: number, slope: Float64Array): void => {
    for (let k = 0; k < n; k++) {
      let v = base[k] + c * slope[k];
      if (v < lo[k]) v = lo[k];
      else if (v > hi[k]) v = hi[k];
      y[k] = v;
    }
  };
  const chargeNodeRows = Int32Array.from(dyn.filter((r) => sys.kind[r] !== UnknownKind.State));
  const allRows = Int32Array.from(Array(n).keys());
  /** Rows that are not states (nets, internal nodes, branch currents): predicted without bounds. */
  const otherRows = Int32Array.from([...Array(n).keys()].filter((r) => sys.kind[r] !== UnknownKind.State));

  let t = start ?? 0;
  let h = opts.fixedstep ? tmax : Math.min(tstep, (tstop - t) / 100) / 10;
  /** Previous accepted step; 0 right after the start or a breakpoint, when BDF2 restarts as backward Euler. */
  let hPrev = 0;
  let bpIdx = 0;
  let lastProgress = t;
  let factorStart = kernel.factorizations;
  if (from) {
    ({ t, h, hPrev, bpIdx, lastProgress, factorStart } = from);
    for (const [dst, src] of [[yn, from.yn], [ydot, from.ydot], [Qp, from.Qp], [Qdp, from.Qdp], [Qn, from.Qn], [Qdn, from.Qdn]] as const) {
      if (src.length !== n) throw new TypeError(`transient snapshot: history of length ${src.length} for a system of ${n} unknowns`);
      dst.set(src);
    }
  } else {
    const bad = kernel.dynamics(Qn, Qdn);
    if (bad) throw new ConvergenceError(`element '${bad.element}' (${bad.model}) produced a non-finite value at t = ${t}`, t, bad.element);
    yn.set(y);
    if (start === undefined) hooks.onPoint(0);
  }
  let lastFailure: NewtonResult | undefined;

  /** One Newton solve at `time` with the kernel's α and history; fills Q and Q̇ of the dynamic rows. */
  const newtonOptions = { firstUpdateTolerance: FIRST_UPDATE_TOLERANCE, reuseFactor: true };
  const solveAt = (time: number, Q: Float64Array, Qd: Float64Array, states = true): boolean => {
    kernel.time = time;
    const res = kernel.newton(opts.itl4, newtonOptions);
    if (!res.converged) {
      if (res.nonFinite) throw describeFailure(kernel, res, 'transient analysis failed', time);
      lastFailure = res;
      return false;
    }
    const alpha = kernel.alpha;
    const ia = kernel.stateInvAlpha;
    if (chargeNodeRows.length > 0) {
      kernel.chargesAfterUpdate(kernel.delta, Q);
      for (let d = 0; d < chargeNodeRows.length; d++) {
        const r = chargeNodeRows[d];
        Qd[r] = alpha * (Q[r] - hist[r]);
      }
    }
    if (states) {
      for (let s = 0; s < stateRows.length; s++) {
        const r = stateRows[s];
        const v = y[r];
        Q[r] = v;
        Qd[r] = (v - hist[r]) / ia[r];
      }
    }
    return true;
  };

  /**
   * Sets every state's 1/α for a stage; states integrated with backward Euler (firstOrder) get the
   * stage's own length and the history `start` (their value at the stage's start).
   */
  const firstOrderRows = Int32Array.from(states.filter((r) => sys.stateFirstOrder[r] === 1));
  let stageInvAlpha = NaN;
  const setStage = (invAlpha: number, stageLength: number, start: Float64Array): void => {
    const ia = kernel.stateInvAlpha;
    // Steps of one length share α: the rows already hold it unless the kernel's were reset (a restore).
    const held = stateRows.length > 0 ? ia[stateRows[0]] : invAlpha;
    if (invAlpha !== stageInvAlpha || held !== invAlpha || firstOrderRows.length > 0) {
      for (let s = 0; s < stateRows.length; s++) ia[stateRows[s]] = invAlpha;
      stageInvAlpha = invAlpha;
    }
    for (let s = 0; s < firstOrderRows.length; s++) {
      const r = firstOrderRows[s];
      ia[r] = stageLength;
      hist[r] = start[r];
    }
  };
  const isFirstOrder = sys.stateFirstOrder;
  const stateLte: StateLteInputs = {
    rows: stateRows,
    y,
    hist,
    invAlpha: kernel.stateInvAlpha,
    firstOrder: isFirstOrder,
    tol: kernel.tol,
    reltol: opts.reltol,
  };

  /**
   * TR-BDF2 step; returns the LTE factor per row: LTE = C·h³·y‴ with y‴ from the second divided
   * difference of the three stage derivatives.
   */
  const stepTrBdf2 = (h: number): number => {
    const alpha = 2 / (GAMMA * h);
    kernel.alpha = alpha;
    for (let d = 0; d < dynRows.length; d++) hist[dynRows[d]] = Qn[dynRows[d]] + Qdn[dynRows[d]] / alpha;
    setStage(1 / alpha, GAMMA * h, Qn);
    predict(yn, GAMMA * h, ydot);
    if (!solveAt(t + GAMMA * h, Qg, Qdg)) return NaN;
    yg.set(y);
    for (let d = 0; d < dynRows.length; d++) hist[dynRows[d]] = A * Qg[dynRows[d]] - B * Qn[dynRows[d]];
    setStage(1 / alpha, (1 - GAMMA) * h, Qg);
    for (let k = 0; k < n; k++) {
      let v = yn[k] + (yg[k] - yn[k]) / GAMMA;
      if (v < lo[k]) v = lo[k];
      else if (v > hi[k]) v = hi[k];
      y[k] = v;
    }
    if (!solveAt(t + h, Q1, Qd1)) return NaN;
    return lteRatio((r) => (isFirstOrder[r] ? 0.5 * h * (Qd1[r] - Qdn[r]) : 2 * C * h * (Qdn[r] / GAMMA - Qdg[r] / (GAMMA * (1 - GAMMA)) + Qd1[r] / (1 - GAMMA))), h);
  };

  /**
   * Variable-step BDF2 (Gear order 2) step with ω = h/hPrev; backward Euler when hPrev = 0. Its LTE is
   * (1+ω)²/(6ω(1+2ω))·h³·y‴, y‴ from the derivatives at t(n-1), t(n), t(n+1).
   */
  const stepBdf2 = (h: number): number => {
    const w = hPrev > 0 ? h / hPrev : 0;
    const alpha = (1 + 2 * w) / ((1 + w) * h);
    kernel.alpha = alpha;
    // H = a·Qn − b·Qp with a = 1 + b, written so that a constant history stays exactly constant.
    const b = (w * w) / (1 + 2 * w);
    const qp = Qp;
    const qn = Qn;
    const q1 = Q1;
    const qd1 = Qd1;
    predictStates(stateRows, hist, qn, qp, b, y, w, lo, hi);
    for (let d = 0; d < chargeNodeRows.length; d++) {
      const r = chargeNodeRows[d];
      hist[r] = qn[r] + b * (qn[r] - qp[r]);
    }
    for (let j = 0; j < otherRows.length; j++) {
      const r = otherRows[j];
      y[r] = yn[r] + h * ydot[r];
    }
    // After the histories: backward-Euler states start from their value at the step's start.
    setStage(1 / alpha, h, qn);
    if (!solveAt(t + h, q1, qd1, false)) return NaN;
    // Backward Euler (w = 0, and first-order rows always): LTE = h²/2·y″, y″ from the derivatives at
    // both ends. BDF2: y‴ ≈ 2·Q̇[t(n-1), t(n), t(n+1)].
    const c = w === 0 ? 0 : ((1 + w) * (1 + w)) / (6 * w * (1 + 2 * w));
    const c3 = (2 * c * h * h * h) / (h + hPrev);
    const invHp = w === 0 ? 0 : 1 / hPrev;
    const qdn = Qdn;
    const qdp = Qdp;
    let ratio = stateLteRatio(stateLte, q1, qd1, qn, qdn, qdp, h, c3, invHp);
    for (let d = 0; d < chargeNodeRows.length; d++) {
      const r = chargeNodeRows[d];
      const lte = w === 0 || isFirstOrder[r] === 1 ? 0.5 * h * (qd1[r] - qdn[r]) : c3 * ((qd1[r] - qdn[r]) / h - (qdn[r] - qdp[r]) * invHp);
      const q = Math.abs(lte) / rowTolerance(r, h);
      if (q > ratio) ratio = q;
    }
    return ratio;
  };

  /** The LTE tolerance of a dynamic row, SPICE-style. */
  const rowTolerance = (r: number, h: number): number => {
    const { reltol, abstol, chgtol, trtol } = opts;
    if (rowIsState[r]) {
      // No trtol head-room for states: their error accumulates over a run instead of being
      // damped by the circuit, and a threshold device's state is what decides its current.
      const a = Math.abs(Qn[r]);
      const b = Math.abs(Q1[r]);
      return reltol * (a > b ? a : b) + kernel.tol[r];
    }
    const byCurrent = (reltol * Math.max(Math.abs(Qdn[r]), Math.abs(Qd1[r])) + abstol) * h;
    const byCharge = reltol * Math.max(Math.abs(Qn[r]), Math.abs(Q1[r]), chgtol);
    return trtol * Math.max(byCurrent, byCharge);
  };

  /** Largest LTE / tolerance over the dynamic rows. */
  const lteRatio = (lte: (r: number) => number, h: number): number => {
    let ratio = 0;
    for (let d = 0; d < dynRows.length; d++) {
      const r = dynRows[d];
      const q = Math.abs(lte(r)) / rowTolerance(r, h);
      if (q > ratio) ratio = q;
    }
    return ratio;
  };

  const advance = (until: number): boolean => {
    while (t < tstop && t < until) {
      while (bpIdx < bps.length && bps[bpIdx] <= t) bpIdx++;
      const nextBp = bpIdx < bps.length ? bps[bpIdx] : tstop;
      let landsOnBp = false;
      if (t + h >= nextBp - hmin) {
        h = nextBp - t;
        landsOnBp = true;
      } else if (t + 2 * h > nextBp) {
        h = (nextBp - t) / 2;
      }
      if (!useTrBdf2 && hPrev > 0 && h > 2 * hPrev) h = 2 * hPrev; // BDF2 is zero-stable only for ω < 1 + √2

      const ratio = useTrBdf2 ? stepTrBdf2(h) : stepBdf2(h);
      if (Number.isNaN(ratio)) {
        stats.newtonFailures++;
        y.set(yn);
        h /= 8;
        hPrev = 0;
        ydot.fill(0);
        if (h < hmin) {
          throw describeFailure(kernel, lastFailure!, `transient analysis stopped: time step too small (${h.toExponential(2)} s)`, t);
        }
        continue;
      }
      const factor = ratio > 0 ? 0.9 * Math.pow(ratio, -1 / 3) : 2;
      if (ratio > 1 && h > hmin * 10 && !opts.fixedstep) {
        stats.rejected++;
        y.set(yn);
        h *= Math.max(0.2, factor);
        continue;
      }

      stats.accepted++;
      const tNew = landsOnBp ? nextBp : t + h;
      // BDF2 predicts states from their Q history (predictStates): only the other rows need yn and ẏ.
      const rows = useTrBdf2 ? allRows : otherRows;
      const invH = 1 / h;
      for (let j = 0; j < rows.length; j++) {
        const k = rows[j];
        const v = y[k];
        ydot[k] = (v - yn[k]) * invH;
        yn[k] = v;
      }
      // Rotate the histories instead of copying them: n-1 ← n ← n+1, and the old n-1 is reused.
      [Qp, Qn, Q1] = [Qn, Q1, Qp];
      [Qdp, Qdn, Qd1] = [Qdn, Qd1, Qdp];
      hPrev = h;
      t = tNew;
      kernel.time = t;
      hooks.onPoint(t);
      let hNext = h * Math.min(2, Math.max(0.2, factor));
      if (landsOnBp) {
        // Restart gently after a corner: the derivatives before it say nothing about after it.
        const following = bpIdx + 1 < bps.length ? bps[bpIdx + 1] - t : tmax;
        hNext = Math.min(hNext, 0.1 * following, h);
        ydot.fill(0);
        hPrev = 0;
      }
      h = opts.fixedstep ? tmax : Math.min(hNext, tmax);
      if (hooks.onProgress && t - lastProgress > tstop / 100) {
        lastProgress = t;
        hooks.onProgress(t / tstop);
      }
    }
    stats.factorizations = kernel.factorizations - factorStart;
    return t >= tstop;
  };
  return {
    advance,
    discontinuity() {
      hPrev = 0;
      ydot.fill(0);
      if (!opts.fixedstep) h = Math.min(h, 0.1 * tmax);
    },
    snapshot(): TransientSnapshot {
      return {
        format: 'memflow.transient/1',
        spec: { ...spec },
        t,
        h,
        hPrev,
        bpIdx,
        lastProgress,
        factorStart,
        breakpoints: bps.slice(),
        yn: yn.slice(),
        ydot: ydot.slice(),
        Qp: Qp.slice(),
        Qdp: Qdp.slice(),
        Qn: Qn.slice(),
        Qdn: Qdn.slice(),
        stats: { ...stats },
        kernel: kernel.saveState(),
      };
    },
    get time() {
      return t;
    },
    stats,
  };
}
