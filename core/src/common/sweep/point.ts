/**
 * One point of a parameter sweep: the network with some element parameters overridden, simulated, its
 * output columns returned. Pure: the piscina worker and an in-process run execute the same function.
 */
import type { DeviceLookup } from '../solver/system.js';
import type { Network, AnalysisSpec } from '../network/types.js';
import { CircuitError } from '../solver/errors.js';
import { simulate } from '../solver/simulate.js';

export interface SweepPointInput {
  readonly network: Network;
  /** `element.param` → value, e.g. `{ 'r1.r': 2e3 }`. */
  readonly set: Readonly<Record<string, number>>;
  /** Output variables (`v(out)`, `x(m1)`); default: the network's. */
  readonly outputs?: readonly string[];
  /** Default: the network's first analysis. */
  readonly analysis?: AnalysisSpec;
}

export interface SweepPointResult {
  readonly columns: string[];
  readonly data: Float64Array[];
}

/** The network with `element.param` values overridden (the element keeps its other parameters). */
export function withParams(network: Network, set: Readonly<Record<string, number>>): Network {
  const byElement = new Map<string, Record<string, number>>();
  for (const [key, value] of Object.entries(set)) {
    const dot = key.indexOf('.');
    if (dot <= 0 || dot === key.length - 1) throw new CircuitError(`sweep parameter '${key}' must be written ELEMENT.PARAM, e.g. r1.r`);
    const id = key.slice(0, dot).toLowerCase();
    if (!network.elements.some((e) => e.id === id)) throw new CircuitError(`sweep parameter '${key}': the network has no element '${id}'`);
    byElement.set(id, { ...byElement.get(id), [key.slice(dot + 1).toLowerCase()]: value });
  }
  return { ...network, elements: network.elements.map((e) => (byElement.has(e.id) ? { ...e, params: { ...e.params, ...byElement.get(e.id) } } : e)) };
}

export function runSweepPoint(input: SweepPointInput, lookup: DeviceLookup): SweepPointResult {
  const analysis = input.analysis ?? input.network.analyses?.[0];
  if (!analysis) throw new CircuitError('a sweep point needs an analysis: add .tran, .dc or .op to the network');
  const r = simulate(withParams(input.network, input.set), lookup, analysis, input.outputs);
  return { columns: r.columns, data: r.data };
}
