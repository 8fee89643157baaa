/**
 * A live simulation's complete state between two windows, as plain data and typed arrays (structured-
 * clone-able: it can be posted to a worker or written with v8.serialize): the network as it stands
 * (elements added, removed, rewired, parameters set), faults and parked states, the window position,
 * the queued events, every materialised element actor's and every rule's persisted xstate snapshot,
 * the device-event watches, and the kernel's transient snapshot (integrator history, LU factors...).
 * `Simulation.restore` continues from it bit-identically.
 */
import type { Network } from '../network/types.js';
import type { TransientSnapshot, TransientSpec } from '../solver/transient.js';
import type { DeviceWatch } from './device-events.js';
import type { ElementEvent, NetworkEvent, SimulationStatus } from './machines.js';

export const RUNTIME_SNAPSHOT_FORMAT = 'memflow.runtime/2' as const;

export interface QueuedEvent {
  readonly seq: number;
  readonly sub: number;
  readonly element: string;
  readonly event: ElementEvent | NetworkEvent;
  readonly param?: string;
}

export interface RuntimeSnapshot {
  readonly format: typeof RUNTIME_SNAPSHOT_FORMAT;
  readonly network: Network;
  readonly spec: TransientSpec;
  readonly window: number;
  readonly status: SimulationStatus;
  readonly windows: number;
  readonly seq: number;
  readonly faulted: readonly string[];
  /** Parked unknowns of faulted elements: [element, [label, value][]]. */
  readonly parked: readonly (readonly [string, readonly (readonly [string, number])[]])[];
  /** Removed elements whose actors are kept (status `removed`): [element, device id]. */
  readonly removed: readonly (readonly [string, string])[];
  readonly queue: readonly QueuedEvent[];
  /** Persisted xstate snapshots of the materialised element actors, by element id. */
  readonly actors: Readonly<Record<string, unknown>>;
  /** Persisted snapshots of the rules, in the order they were added. */
  readonly rules: readonly (readonly [string, unknown])[];
  readonly watches: readonly DeviceWatch[];
  /** Last side of each watch (see DeviceEventDetector). */
  readonly watchSides: readonly number[];
  readonly stats: { readonly windows: number; readonly recordedPoints: number; readonly maxWindowPoints: number; readonly maxBuffered: number; readonly restructures: number };
  /** The kernel's transient; absent before the first window. */
  readonly kernel?: TransientSnapshot;
}
