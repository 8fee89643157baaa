/**
 * Export and re-import change nothing: for every reference netlist, SPICE → network → `writeSpice` →
 * parse again, and SPICE → JSON (`JSON.stringify` without `loc`) → `parseNetworkJson`, both simulate to
 * bit-identical results (parameters are written with full precision, so nothing may round).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtinDevices } from '@memflow/nodes';
import { describe, expect, it } from 'vitest';
import { DeviceRegistry, spiceToNetwork } from '../../src/common/compiler/index.js';
import { parseNetlist } from '../../src/common/netlist/index.js';
import { parseNetworkJson, writeSpice } from '../../src/common/network/index.js';
import type { Network } from '../../src/common/network/types.js';
import { simulate, type SimulationResult } from '../../src/common/solver/simulate.js';

const REFERENCE = join(__dirname, '../../../fixtures/reference');
const registry = new DeviceRegistry(builtinDevices);
const cases = readdirSync(REFERENCE).filter((f) => f.endsWith('.cir'));

const fromSpice = (text: string, file: string): Network => spiceToNetwork(parseNetlist(text, { file }), registry);
const toJson = (net: Network): string => JSON.stringify(net, (key, value) => (key === 'loc' ? undefined : value), 2);
const simulateAll = (net: Network): SimulationResult[] => (net.analyses ?? []).map((a) => simulate(net, registry.lookup, a, net.outputs));

/** The network without source locations, for structural comparison. */
const plain = (net: Network): unknown => JSON.parse(toJson(net));

function expectBitIdentical(a: SimulationResult[], b: SimulationResult[], label: string): void {
  expect(b.length, label).toBe(a.length);
  a.forEach((ra, k) => {
    const rb = b[k];
    expect(rb.columns, label).toEqual(ra.columns);
    ra.data.forEach((col, c) => {
      const other = rb.data[c];
      expect(other.length, `${label} ${ra.columns[c]}`).toBe(col.length);
      const same = Buffer.from(col.buffer, col.byteOffset, col.byteLength).equals(Buffer.from(other.buffer, other.byteOffset, other.byteLength));
      if (!same) {
        let worst = 0;
        for (let i = 0; i < col.length; i++) worst = Math.max(worst, Math.abs(col[i] - other[i]) / Math.max(Math.abs(col[i]), 1e-300));
        throw new Error(`${label}: column ${ra.columns[c]} is not bit-identical (largest relative difference ${worst.toExponential(2)})`);
      }
    });
  });
}

describe.each(cases)('%s', (file) => {
  const text = readFileSync(join(REFERENCE, file), 'utf8');
  const original = fromSpice(text, file);
  const results = simulateAll(original);

  it('has an analysis and outputs to compare', () => {
    expect(results.length).toBeGreaterThan(0);
    expect(results[0].columns.length).toBeGreaterThan(1);
  });

  it('SPICE → writeSpice → SPICE simulates bit-identically', () => {
    const written = writeSpice(original, registry.lookup);
    const again = fromSpice(written, `${file} (written)`);
    // Element and model names may be respelled (letters, generated cards); values and wiring may not.
    expect(again.elements.map((e) => [e.device, e.nodes, e.source])).toEqual(original.elements.map((e) => [e.device, e.nodes, e.source]));
    expect(again.analyses).toEqual(original.analyses);
    expect(again.options).toEqual(original.options);
    expectBitIdentical(results, simulateAll(again), `${file} via writeSpice`);
    // Writing the re-read network gives the same text: the writer is a fixed point after one pass.
    expect(writeSpice(again, registry.lookup)).toBe(written);
  });

  it('SPICE → JSON → parseNetworkJson simulates bit-identically', () => {
    const json = toJson(original);
    const again = parseNetworkJson(json, `${file}.json`);
    expect(plain(again)).toEqual(plain(original));
    expectBitIdentical(results, simulateAll(again), `${file} via JSON`);
  });
});
