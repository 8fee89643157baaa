/**
 * Transient analysis with TR-BDF2 (Bank, Coughran, Fichtner, Grosse, Rose, Smith 1985; Hosea &
 * Shampine 1996): each step is a trapezoidal stage to t + γh followed by a BDF2 stage to t + h,
 * γ = 2 − √2. It is L-stable (no trapezoidal ringing on stiff switching), second order and one-step,
 * so step changes and breakpoints need no history rescaling. With this γ both stages share the
 * Jacobian coefficient α = 2/(γh). The local truncation error is estimated from the three stage
 * derivatives and controls the step; source corners are breakpoints the step lands on exactly.
 */
import type { Kernel } from './kernel.js';
import { describeFailure, operatingPoint } from './operating-point.js';
import { ConvergenceError } from './errors.js';
import { UnknownKind } from './system.js';

const GAMMA = 2 - Math.SQRT2;
/** BDF2 stage: Q1 = A·Qγ − B·Qn + (γh/2)·Q̇1. */
const A = 1 / (GAMMA * (2 - GAMMA));
const B = ((1 - GAMMA) * (1 - GAMMA)) / (GAMMA * (2 - GAMMA));
/** Error constant of TR-BDF2: LTE = C·h³·y‴. */
const C = (-3 * GAMMA * GAMMA + 4 * GAMMA - 2) / (12 * (2 - GAMMA));

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

export function transient(kernel: Kernel, spec: TransientSpec, hooks: TransientHooks): TransientStats {
  const { sys, opts } = kernel;
  const n = sys.size;
  const { tstep, tstop } = spec;
  const tmax = Math.min(spec.tmax || opts.tmax || Infinity, tstep, tstop / 50);
  const hmin = 1e-11 * tmax;
  const bps = collectBreakpoints(kernel, tstop);
  const stats: TransientStats = { accepted: 0, rejected: 0, newtonFailures: 0, factorizations: 0 };

  if (!spec.uic) operatingPoint(kernel, { dcSources: false, time: 0 });
  kernel.mode = 'tran';
  kernel.dcSources = false;
  kernel.time = 0;

  const Qn = new Float64Array(n);
  const Qdn = new Float64Array(n);
  const Qg = new Float64Array(n);
  const Qdg = new Float64Array(n);
  const Q1 = new Float64Array(n);
  const Qd1 = new Float64Array(n);
  const yn = new Float64Array(n);
  const yg = new Float64Array(n);
  const ydot = new Float64Array(n);
  const hist = kernel.hist;
  const dyn: number[] = [];
  for (let r = 0; r < n; r++) if (sys.isCharge[r]) dyn.push(r);
  const dynRows = Int32Array.from(dyn);
  const isState = (r: number) => sys.kind[r] === UnknownKind.State;

  const bad = kernel.dynamics(Qn, Qdn);
  if (bad) throw new ConvergenceError(`element '${bad.element}' (${bad.model}) produced a non-finite value at t = 0`, 0, bad.element);
  yn.set(kernel.y);
  hooks.onPoint(0);

  let t = 0;
  let h = Math.min(tstep, tstop / 100) / 10;
  let bpIdx = 0;
  let lastProgress = 0;
  const factorStart = kernel.factorizations;

  /** One Newton solve of a stage; on success fills Q and Q̇ of the dynamic rows. */
  const stage = (time: number, Q: Float64Array, Qd: Float64Array): boolean => {
    kernel.time = time;
    const res = kernel.newton(opts.itl4);
    if (!res.converged) {
      if (res.nonFinite) throw describeFailure(kernel, res, 'transient analysis failed', time);
      lastFailure = res;
      return false;
    }
    kernel.chargesAfterUpdate(kernel.residual, Q);
    const alpha = kernel.alpha;
    for (const r of dynRows) {
      if (isState(r)) Q[r] = kernel.y[r];
      Qd[r] = alpha * (Q[r] - hist[r]);
    }
    return true;
  };
  let lastFailure: ReturnType<Kernel['newton']> | undefined;

  while (t < tstop) {
    while (bpIdx < bps.length && bps[bpIdx] <= t) bpIdx++;
    const nextBp = bpIdx < bps.length ? bps[bpIdx] : tstop;
    let landsOnBp = false;
    if (t + h >= nextBp - hmin) {
      h = nextBp - t;
      landsOnBp = true;
    } else if (t + 2 * h > nextBp) {
      h = (nextBp - t) / 2;
    }

    // Stage 1: trapezoidal rule to t + γh.
    const alpha = 2 / (GAMMA * h);
    kernel.alpha = alpha;
    for (const r of dynRows) hist[r] = Qn[r] + Qdn[r] / alpha;
    const y = kernel.y;
    for (let k = 0; k < n; k++) y[k] = yn[k] + GAMMA * h * ydot[k];
    clampStates(kernel);
    let ok = stage(t + GAMMA * h, Qg, Qdg);
    if (ok) {
      yg.set(y);
      // Stage 2: BDF2 through t, t + γh, t + h.
      for (const r of dynRows) hist[r] = A * Qg[r] - B * Qn[r];
      for (let k = 0; k < n; k++) y[k] = yn[k] + (yg[k] - yn[k]) / GAMMA;
      clampStates(kernel);
      ok = stage(t + h, Q1, Qd1);
    }
    if (!ok) {
      stats.newtonFailures++;
      y.set(yn);
      h /= 8;
      if (h < hmin) {
        throw describeFailure(kernel, lastFailure!, `transient analysis stopped: time step too small (${h.toExponential(2)} s)`, t);
      }
      continue;
    }

    // Local truncation error of every dynamic row against SPICE-style tolerances.
    let ratio = 0;
    const { reltol, abstol, chgtol, trtol } = opts;
    for (const r of dynRows) {
      const lte = Math.abs(2 * C * h * (Qdn[r] / GAMMA - Qdg[r] / (GAMMA * (1 - GAMMA)) + Qd1[r] / (1 - GAMMA)));
      let tol: number;
      if (isState(r)) {
        tol = reltol * Math.max(Math.abs(Qn[r]), Math.abs(Q1[r])) + kernel.tol[r];
      } else {
        const byCurrent = (reltol * Math.max(Math.abs(Qdn[r]), Math.abs(Qd1[r])) + abstol) * h;
        const byCharge = reltol * Math.max(Math.abs(Qn[r]), Math.abs(Q1[r]), chgtol);
        tol = Math.max(byCurrent, byCharge);
      }
      const q = lte / (trtol * tol);
      if (q > ratio) ratio = q;
    }
    const factor = ratio > 0 ? 0.9 * Math.pow(ratio, -1 / 3) : 2;
    if (ratio > 1 && h > hmin * 10) {
      stats.rejected++;
      y.set(yn);
      h *= Math.max(0.2, factor);
      continue;
    }

    stats.accepted++;
    const tNew = landsOnBp ? nextBp : t + h;
    for (let k = 0; k < n; k++) ydot[k] = (y[k] - yn[k]) / h;
    yn.set(y);
    Qn.set(Q1);
    Qdn.set(Qd1);
    t = tNew;
    kernel.time = t;
    hooks.onPoint(t);
    let hNext = h * Math.min(2, Math.max(0.2, factor));
    if (landsOnBp) {
      // Restart gently after a corner: the derivatives before it say nothing about after it.
      const following = bpIdx + 1 < bps.length ? bps[bpIdx + 1] - t : tmax;
      hNext = Math.min(hNext, 0.1 * following, h);
      ydot.fill(0);
    }
    h = Math.min(hNext, tmax);
    if (hooks.onProgress && t - lastProgress > tstop / 100) {
      lastProgress = t;
      hooks.onProgress(t / tstop);
    }
  }
  stats.factorizations = kernel.factorizations - factorStart;
  return stats;
}

function clampStates(kernel: Kernel): void {
  const { sys, y } = kernel;
  for (let r = 0; r < sys.size; r++) {
    if (sys.kind[r] !== UnknownKind.State) continue;
    if (y[r] < sys.stateLo[r]) y[r] = sys.stateLo[r];
    else if (y[r] > sys.stateHi[r]) y[r] = sys.stateHi[r];
  }
}
