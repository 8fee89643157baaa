/**
 * Continuing a transient after the circuit changed under it (elements added, removed, rewired,
 * faulted, or states set by a programming pulse): the unknowns are carried over **by name** — net
 * voltages by net name, branch currents and device states by element id (the system's labels `v(net)`,
 * `i(v1)`, `x(m1.r)`) — so surviving states are continuous across the change; what is new starts from
 * its model's initial state (states) or 0 (nets, branches). The solver's `continueTransient` then
 * restarts the integrator at the change's time; its first step (backward Euler, short) finds the
 * consistent node voltages and currents.
 *
 * Cost: a structural change re-compiles the system and redoes the sparse symbolic analysis for the
 * whole circuit (the kernel's analysis is not incremental); a change of states only (PULSE, CLEAR
 * of a state) restarts the integrator on the same compiled system and kernel.
 */
import type { Kernel } from '../solver/kernel.js';
import type { CircuitSystem } from '../solver/system.js';

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
