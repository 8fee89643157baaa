/**
 * A programming pulse (the PULSE event): the element's device alone in a programming circuit — an
 * ideal voltage source of the pulse's amplitude across its two terminals for the pulse's width —
 * integrated by the kernel's own transient from the element's current states; the states it ends in
 * are what the pulse leaves behind. (A minimal stand-in for the solver-level applyPulse that another
 * branch is writing; same contract: model, parameters, states in → states out.)
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import type { Network } from '../network/types.js';
import { CircuitError } from '../solver/errors.js';
import { Kernel } from '../solver/kernel.js';
import { resolveOptions } from '../solver/options.js';
import { compileSystem, type DeviceLookup } from '../solver/system.js';
import { startTransient } from '../solver/transient.js';

export interface ProgrammingPulse {
  /** Volts across the device (first terminal positive). */
  readonly amplitude: number;
  /** Seconds. */
  readonly width: number;
}

/** Steps per pulse at most (the integrator's error control refines within them). */
const STEPS = 50;

export function checkPulse(model: DeviceModel, pulse: ProgrammingPulse): string | undefined {
  if (model.terminals.length !== 2) return `a programming pulse drives two-terminal devices; '${model.id}' has ${model.terminals.length} terminals`;
  if (!model.states || Object.keys(model.states).length === 0) return `device '${model.id}' has no state for a pulse to program`;
  if (!Number.isFinite(pulse.amplitude)) return `the pulse amplitude must be a finite number of volts, got ${pulse.amplitude}`;
  if (!(pulse.width > 0) || !Number.isFinite(pulse.width)) return `the pulse width must be a positive number of seconds, got ${pulse.width}`;
  return undefined;
}

/** The states after `pulse`, in the model's state order. */
export function applyPulse(
  model: DeviceModel,
  params: Readonly<Record<string, number>>,
  states: readonly number[],
  pulse: ProgrammingPulse,
  lookup: DeviceLookup,
): number[] {
  const bad = checkPulse(model, pulse);
  if (bad) throw new CircuitError(bad);
  const network: Network = {
    format: 'memflow.network/v1',
    elements: [
      { id: 'vprog', device: 'vsource', nodes: ['p', '0'], source: { dc: pulse.amplitude } },
      { id: 'dut', device: model.id, nodes: ['p', '0'], params },
    ],
  };
  const sys = compileSystem(network, (id) => (id === model.id ? model : lookup(id)));
  const kernel = new Kernel(sys, resolveOptions(undefined));
  const { group, i } = sys.elements.get('dut')!;
  const rows = Object.keys(model.states!).map((_, s) => group.idx[(group.firstState + s) * group.n + i]);
  rows.forEach((r, s) => (kernel.y[r] = states[s]));
  startTransient(kernel, { tstep: pulse.width / STEPS, tstop: pulse.width, uic: true }, { onPoint: () => undefined }).advance(Infinity);
  return rows.map((r) => kernel.y[r]);
}
