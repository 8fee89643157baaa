/** Small helpers shared by the solver tests: netlist text → network → simulation. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry, spiceToNetwork } from '../../src/common/compiler/index.js';
import { parseNetlist } from '../../src/common/netlist/index.js';
import type { AnalysisSpec, Network } from '../../src/common/network/types.js';
import { simulate, type SimulationResult } from '../../src/common/solver/simulate.js';

export const REPO = join(__dirname, '../../..');
export const REFERENCE = join(REPO, 'fixtures/reference');
export const REFERENCE_CASES = ['bridge_tran', 'hp_sine', 'pd_memristor', 'rc_pulse', 'rd_dc'] as const;

export const registry = new DeviceRegistry(builtinDevices);

export function networkFromText(text: string, file = 'test.cir'): Network {
  return spiceToNetwork(parseNetlist(text, { file }), registry);
}

export function networkFromFile(path: string): Network {
  return networkFromText(readFileSync(path, 'utf8'), path);
}

/** Runs the network's first analysis (or `analysis`), with the network's `.print` outputs unless given. */
export function run(network: Network, analysis?: AnalysisSpec, outputs?: readonly string[]): SimulationResult {
  const spec = analysis ?? network.analyses?.[0];
  if (!spec) throw new Error('network has no analysis');
  return simulate(network, registry.lookup, spec, outputs);
}

export function column(result: SimulationResult, name: string): Float64Array {
  const k = result.columns.indexOf(name);
  if (k < 0) throw new Error(`no column ${name} in ${result.columns.join(', ')}`);
  return result.data[k];
}

/** max |ours − exact| / range(exact) over the points the solver produced. */
export function relativeError(t: Float64Array, y: Float64Array, exact: (t: number) => number): number {
  let lo = Infinity;
  let hi = -Infinity;
  let worst = 0;
  for (let k = 0; k < t.length; k++) {
    const e = exact(t[k]);
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
    worst = Math.max(worst, Math.abs(y[k] - e));
  }
  return worst / (hi - lo);
}
