/**
 * Rules (learning rules, growth rules, stimuli that react) are xstate actors too. At every window end
 * the simulation sends each rule, in the order the rules were added, a `WINDOW` event with the values
 * at the window end and the device events of the window; a rule answers by emitting `COMMAND` events
 * (xstate `emit`), which the simulation queues like any other event and applies at that same window
 * end, in the deterministic order. A rule's context must be plain data: it is what a snapshot keeps.
 */
import type { ElementSpec } from '../../network/types.js';
import type { DeviceEvent } from '../device-events.js';
import type { ElementEvent } from '../machines.js';

/** What a rule can ask for. */
export type NetworkCommand =
  | { readonly kind: 'send'; readonly element: string; readonly event: ElementEvent }
  | { readonly kind: 'add'; readonly spec: ElementSpec }
  | { readonly kind: 'connect'; readonly element: string; readonly terminal: string | number; readonly net: string };

export interface WindowEvent {
  readonly type: 'WINDOW';
  /** The window end. */
  readonly time: number;
  /** Any output variable at the window end: `v(n1)`, `i(v1)`, `x(s1)`; NaN if it is not in the circuit. */
  readonly read: (probe: string) => number;
  /** Ids of the elements in the circuit (faulted ones excluded), in the kernel's order. */
  readonly elements: readonly string[];
  /** Device events detected during the window, in time order. */
  readonly deviceEvents: readonly DeviceEvent[];
}

export interface CommandEvent {
  readonly type: 'COMMAND';
  readonly command: NetworkCommand;
}
