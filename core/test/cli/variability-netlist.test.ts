/** Variability reached from a netlist: `level=<model>_var` with seeded device-to-device sigmas. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSystem, Kernel, operatingPoint, parseNetlist, resolveOptions, spiceToNetwork } from '../../src/index.js';
import { defaultRegistry } from '../../src/node/load.js';

const FILE = join(__dirname, '../../../fixtures/tests/variability-crossbar.cir');

function currents(text: string): number[] {
  const registry = defaultRegistry();
  const net = spiceToNetwork(parseNetlist(text, { file: FILE }), registry);
  const kernel = new Kernel(compileSystem(net, registry.lookup), resolveOptions(net.options));
  operatingPoint(kernel, { dcSources: true, time: 0 });
  const g = kernel.sys.elements.get('m1')!.group;
  return Array.from(g.f[0].subarray(0, g.n));
}

describe('device-to-device variability from a netlist', () => {
  const text = readFileSync(FILE, 'utf8');
  it('gives every device its own resistance, the same on every run, and another set for another seed', () => {
    const a = currents(text);
    expect(new Set(a).size).toBe(a.length);
    expect(currents(text)).toEqual(a);
    expect(currents(text.replace('seed=7', 'seed=8'))).not.toEqual(a);
  });
  it('with zero sigma is the plain model', () => {
    const plain = currents(text.replace(/ d2d_sigma_\w+=[\d.]+/g, ''));
    for (const i of plain) expect(i).toBeCloseTo(0.5 / 11e3, 12);
  });
});
