/**
 * Continuing a transient after the circuit changed under it (elements added, removed, rewired,
 * faulted, or states set by a programming pulse), without touching the kernel's sources.
 *
 * `startTransient` starts at t = 0, so a continuation at time T runs on a local clock τ = t − T: every
 * device model is wrapped (`ShiftedLookup`) so that it sees `ctx.time = τ + T` and reports its
 * breakpoints in τ. The continuation starts with `uic` from the unknowns carried over **by name** —
 * net voltages by net name, branch currents and device states by element id (the system's labels
 * `v(net)`, `i(v1)`, `x(m1.r)`) — so surviving states are continuous across the change; what is new
 * starts from its model's initial state (states) or 0 (nets, branches), and the first step (backward
 * Euler, short) finds the consistent node voltages and currents.
 *
 * Cost: a structural change re-compiles the system and redoes the sparse symbolic analysis for the
 * whole circuit (the kernel's analysis is not incremental); a change of states only (PULSE, CLEAR
 * of a state) restarts the integrator on the same compiled system and kernel.
 */
import type { DeviceModel, EvalContext } from '@memflow/plugin-sdk';
import type { Kernel } from '../solver/kernel.js';
import type { CircuitSystem, DeviceLookup } from '../solver/system.js';
import { startTransient, type TransientHooks, type TransientRun, type TransientSpec } from '../solver/transient.js';

/** The offset T between the simulation's clock and the running transient's local clock. */
export interface Clock {
  offset: number;
}

/**
 * A lookup whose models see `ctx.time + clock.offset` and shift their breakpoints by it. With offset 0
 * the arithmetic is exact (x + 0 = x), so an unchanged run is bit-identical to the bare kernel.
 */
export function shiftedLookup(lookup: DeviceLookup, clock: Clock): DeviceLookup {
  const wrapped = new Map<DeviceModel, DeviceModel>();
  return (id) => {
    const model = lookup(id);
    if (!model) return undefined;
    let w = wrapped.get(model);
    if (!w) {
      w = shiftModel(model, clock);
      wrapped.set(model, w);
    }
    return w;
  };
}

function shiftModel(model: DeviceModel, clock: Clock): DeviceModel {
  const shifted = Object.create(model) as { -readonly [K in keyof DeviceModel]: DeviceModel[K] };
  shifted.evaluate = (ctx: EvalContext) => {
    const local = ctx.time;
    (ctx as { time: number }).time = local + clock.offset;
    try {
      model.evaluate(ctx);
    } finally {
      (ctx as { time: number }).time = local;
    }
  };
  const breakpoints = model.breakpoints;
  if (breakpoints) {
    shifted.breakpoints = (view, t0, t1) => {
      const T = clock.offset;
      if (T === 0) return breakpoints.call(model, view, t0, t1);
      const out: number[] = [];
      for (const t of breakpoints.call(model, view, t0 + T, t1 + T)) if (t - T > 0) out.push(t - T);
      return out;
    };
  }
  return shifted;
}

/** Values of the unknowns by label (`v(out)`, `i(v1)`, `x(m1.r)`). */
export function valuesByLabel(sys: CircuitSystem, y: Float64Array): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < sys.size; k++) out.set(sys.labels[k], y[k]);
  return out;
}

/**
 * Writes carried values into the kernel's unknowns where the label survives; returns the labels that
 * were new (left at the kernel's initial value).
 */
export function carryOver(kernel: Kernel, values: ReadonlyMap<string, number>): string[] {
  const { sys, y } = kernel;
  const fresh: string[] = [];
  for (let k = 0; k < sys.size; k++) {
    const v = values.get(sys.labels[k]);
    if (v === undefined) fresh.push(sys.labels[k]);
    else y[k] = v;
  }
  return fresh;
}

/** The largest step of the original analysis, as startTransient computes it. */
export function maxStep(spec: TransientSpec, optsTmax: number): number {
  return Math.min(spec.tmax || optsTmax || Infinity, spec.tstep, spec.tstop / 50);
}

/**
 * Starts the rest of `spec` at time `at` (the clock's offset is set to it) from the kernel's current
 * `y`: no operating point, the integrator restarted (backward Euler, a short first step). The hooks
 * receive the simulation's time t = τ + at; the restart's own t = at point (the carried values before
 * any solve) is not reported.
 */
export function continueTransient(kernel: Kernel, spec: TransientSpec, at: number, clock: Clock, hooks: TransientHooks): TransientRun {
  clock.offset = at;
  const local: TransientSpec = { tstep: spec.tstep, tstop: spec.tstop - at, tmax: maxStep(spec, kernel.opts.tmax), uic: true };
  return startTransient(kernel, local, shiftedHooks(hooks, at, true));
}

/** Hooks on the local clock reporting the simulation's time τ + at (optionally not the τ = 0 point). */
export function shiftedHooks(hooks: TransientHooks, at: number, skipFirst: boolean): TransientHooks {
  if (at === 0 && !skipFirst) return hooks;
  let first = skipFirst;
  return {
    onPoint: (tau) => {
      if (first) {
        first = false;
        return;
      }
      hooks.onPoint(tau + at);
    },
    onProgress: hooks.onProgress,
  };
}
