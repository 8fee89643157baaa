/** Binary-mode nanowire junctions in a network: the adaptive transient steps through every switching. */
import { describe, expect, it } from 'vitest';
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry } from '../../src/common/compiler/registry.js';
import { generateNanowires } from '../../src/common/generate/index.js';
import { Kernel } from '../../src/common/solver/kernel.js';
import { resolveOptions } from '../../src/common/solver/options.js';
import { resolveProbe } from '../../src/common/solver/probes.js';
import { compileSystem } from '../../src/common/solver/system.js';
import { transient } from '../../src/common/solver/transient.js';

const lookup = new DeviceRegistry(builtinDevices).lookup;

function run(bwidth: number, options: Record<string, number>) {
  const side = Math.sqrt(10000 / (Math.PI * 2.6));
  const g = generateNanowires({ wires: 100, length: { mean: 10, std: 2 }, size: { w: side, h: side }, seed: 1, junction: { device: 'memristor.nanowire', params: { mode: 0, bwidth } } });
  const network = {
    ...g.network,
    options,
    elements: [
      ...g.network.elements,
      { id: 'vs', device: 'vsource', nodes: ['e1', '0'], source: { dc: 0, wave: { type: 'sin' as const, vo: 0, va: 1.25, freq: 0.5, td: 0, theta: 0, phase: 0 } } },
      { id: 'vg', device: 'vsource', nodes: ['e2', '0'], source: { dc: 0 } },
    ],
  };
  const kernel = new Kernel(compileSystem(network, lookup), resolveOptions(network.options));
  const lam = g.junctions.map((_, k) => resolveProbe(kernel, `x(j${k})`));
  let maxOn = 0;
  const stats = transient(kernel, { tstep: 1e-3, tstop: 0.6, uic: true }, {
    onPoint: () => {
      maxOn = Math.max(maxOn, lam.filter((p) => Math.abs(p(kernel)) >= 0.01).length);
    },
  });
  return { stats, maxOn };
}

describe('binary nanowire junctions in a transient', () => {
  it('the published jump stops the fixed-step transient ("time step too small"); the smooth step runs through', () => {
    const fixed = { fixedstep: 1, tmax: 1e-3 };
    expect(() => run(0, fixed)).toThrow(/time step too small/);
    const r = run(1e-3, fixed);
    expect(r.maxOn).toBeGreaterThan(5); // junctions did switch ON on the way
  });

  it('runs with adaptive steps too', () => {
    const r = run(1e-3, {});
    expect(r.maxOn).toBeGreaterThan(5);
    expect(r.stats.accepted).toBeGreaterThan(0);
  });
});
