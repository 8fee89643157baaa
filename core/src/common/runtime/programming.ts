/**
 * The PULSE event's device physics: the element's device alone in a programming circuit — an ideal
 * voltage source of the pulse's amplitude across its two terminals for the pulse's width — integrated
 * by the kernel's own transient from the element's current states (solver/pulse.ts, `applyPulse`).
 * Here: the checks done when a PULSE is sent, so that a bad one is rejected on arrival.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';

export interface ProgrammingPulse {
  /** Volts across the device (first terminal positive). */
  readonly amplitude: number;
  /** Seconds. */
  readonly width: number;
}

/** Why `pulse` cannot program a `model` device, or undefined. */
export function checkPulse(model: DeviceModel, pulse: ProgrammingPulse): string | undefined {
  if (model.terminals.length !== 2) return `a programming pulse drives two-terminal devices; '${model.id}' has ${model.terminals.length} terminals`;
  if (!model.states || Object.keys(model.states).length === 0) return `device '${model.id}' has no state for a pulse to program`;
  if (!Number.isFinite(pulse.amplitude)) return `the pulse amplitude must be a finite number of volts, got ${pulse.amplitude}`;
  if (!(pulse.width > 0) || !Number.isFinite(pulse.width)) return `the pulse width must be a positive number of seconds, got ${pulse.width}`;
  return undefined;
}
