/**
 * Determinism: the same netlist gives bit-identical output (every Float64 of every column, compared as
 * bytes), run after run, whatever ran before it in the same process, and whether or not the network
 * object is freshly parsed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/common/network/types.js';
import type { SimulationResult } from '../../src/common/solver/simulate.js';
import { networkFromFile, REFERENCE, REFERENCE_CASES, REPO, run } from './run-helpers.js';

const crossbar = (): Network => {
  const net = networkFromFile(join(REPO, 'fixtures/bench/crossbar_16.cir'));
  // No outputs: every net voltage and source current is compared.
  return { ...net, outputs: [], analyses: [{ type: 'tran', tstep: 1e-3, tstop: 0.2 }] };
};

const CASES: { name: string; load: () => Network }[] = [
  ...REFERENCE_CASES.map((name) => ({ name, load: () => networkFromFile(join(REFERENCE, `${name}.cir`)) })),
  { name: 'crossbar_16 (.tran 1m 0.2)', load: crossbar },
];

function bytes(result: SimulationResult): Buffer[] {
  return result.data.map((col) => Buffer.from(col.buffer, col.byteOffset, col.byteLength));
}

function expectIdentical(a: SimulationResult, b: SimulationResult, label: string): void {
  expect(b.columns, label).toEqual(a.columns);
  const ba = bytes(a);
  const bb = bytes(b);
  expect(bb.length).toBe(ba.length);
  for (let k = 0; k < ba.length; k++) {
    if (!ba[k].equals(bb[k])) {
      const x = a.data[k];
      const y = b.data[k];
      const at = x.length !== y.length ? -1 : x.findIndex((v, i) => !Object.is(v, y[i]));
      throw new Error(`${label}: column ${a.columns[k]} differs (${x.length} vs ${y.length} points; first difference at row ${at})`);
    }
  }
}

describe('bit-identical results', () => {
  const first = new Map<string, SimulationResult>();

  it('first pass over every case', () => {
    for (const c of CASES) {
      const result = run(c.load());
      expect(result.data[0].length, c.name).toBeGreaterThan(10);
      first.set(c.name, result);
    }
    const xb = first.get(CASES[CASES.length - 1].name)!;
    console.log(`crossbar_16: ${xb.columns.length - 1} outputs, ${xb.data[0].length} points, ${xb.stats.accepted} steps`);
  });

  it('second pass in reverse order (each case after different predecessors) is identical', () => {
    for (const c of [...CASES].reverse()) expectIdentical(first.get(c.name)!, run(c.load()), c.name);
  });

  it('re-running one network object twice is identical to a fresh parse', () => {
    for (const c of CASES.filter((x) => x.name === 'bridge_tran' || x.name === 'pd_memristor')) {
      const net = c.load();
      const a = run(net);
      const b = run(net);
      expectIdentical(first.get(c.name)!, a, `${c.name} (same object, run 1)`);
      expectIdentical(first.get(c.name)!, b, `${c.name} (same object, run 2)`);
    }
  });

  it('a run interleaved with many others in the same process is unaffected', () => {
    // rc_pulse after the stiff bridge, the crossbar and the threshold memristor, several times over.
    const order = ['bridge_tran', 'rc_pulse', 'crossbar_16 (.tran 1m 0.2)', 'rc_pulse', 'pd_memristor', 'rd_dc', 'rc_pulse'];
    for (const name of order) {
      const c = CASES.find((x) => x.name === name)!;
      if (name === 'rc_pulse') expectIdentical(first.get(name)!, run(c.load()), `${name} after others`);
      else run(c.load());
    }
  });
});
