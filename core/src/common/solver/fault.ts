/**
 * A device fault (DeviceFault, thrown by a plugin host) named in the circuit's terms: which elements
 * the faulting model instance(s) are, and what the analysis had recorded before it. The run stops
 * there, cleanly; every point recorded before the fault is kept in `partial`.
 */
import { DeviceFault } from '@memflow/plugin-sdk';
import type { Network } from '../network/types.js';
import type { SimulationResult } from './simulate.js';
import type { CircuitSystem, DeviceLookup } from './system.js';

/** The element ids of a model's instances, in instance order. */
export type InstanceIds = (model: string) => readonly string[];

/** Instance ids from a compiled system. */
export const systemIds =
  (sys: CircuitSystem): InstanceIds =>
  (model) =>
    sys.groups.find((g) => g.model.id === model)?.ids ?? [];

/** Instance ids from the network itself (for a fault while compiling, e.g. in initialState). */
export const networkIds =
  (network: Network, lookup: DeviceLookup): InstanceIds =>
  (model) =>
    network.elements.filter((el) => lookup(el.device)?.id === model).map((el) => el.id.toLowerCase());

const LISTED = 5;

export class SimulationFault extends Error {
  override name = 'SimulationFault';
  constructor(
    message: string,
    readonly fault: DeviceFault,
    /** Ids of the faulted elements. */
    readonly elements: readonly string[],
    /** What the analysis recorded before the fault (absent for a fault outside an analysis). */
    readonly partial?: SimulationResult,
  ) {
    super(message);
  }
}

/** `err` as a SimulationFault when it is a DeviceFault, else undefined. */
export function nameFault(idsOf: InstanceIds, err: unknown, partial?: SimulationResult): SimulationFault | undefined {
  if (err instanceof SimulationFault) return err;
  if (!(err instanceof DeviceFault)) return undefined;
  const all = idsOf(err.model);
  const ids = err.instance === undefined ? all : [all[err.instance] ?? `#${err.instance}`];
  const who =
    ids.length === 1
      ? `element '${ids[0]}'`
      : `elements ${ids.slice(0, LISTED).map((id) => `'${id}'`).join(', ')}${ids.length > LISTED ? ` and ${ids.length - LISTED} more` : ''}`;
  const message = `plugin '${err.plugin}', model '${err.model}', ${who}, at t = ${err.time.toPrecision(6)} s: ${err.reason}`;
  return new SimulationFault(message, err, ids, partial);
}
