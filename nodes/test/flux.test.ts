/** Flux-controlled ideal memristor: derivatives, φ = V·t and i = G(V·t)·V under DC, pinched loops, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise } from '@memflow/core';
import { fluxMemristor } from '../src/memristors/flux.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, expectRunsIdentical, registryWith } from './memristor-checks.js';

const registry = registryWith(fluxMemristor);
const p = fluxMemristor.params;
const memductance = (phi: number, gmin = p.gmin.default, gmax = p.gmax.default, phi0 = p.phi0.default) =>
  gmin + (gmax - gmin) / (1 + Math.exp(-phi / phi0));

describe('flux-controlled memristor', () => {
  it('declared derivatives match finite differences', () => {
    expectDerivatives(fluxMemristor, [
      [0.3, 0, 0],
      [-0.45, 0, 0.05],
      [0.6, 0.1, -0.2],
      [-0.1, 0.05, 0.35],
      [0.02, -0.03, -0.8],
    ]);
    // Steep memductance (phi0 small) and far-saturated flux.
    expectDerivatives(fluxMemristor, [[0.5, 0, 0.004], [-0.7, 0.2, -0.003]], { phi0: 0.01 });
  });

  it('memductance is bounded, monotone and finite for any flux', () => {
    /** G(φ) read from the model's own evaluation at v = 0.5 V: i/v. */
    const at = (phi: number, phi0 = 0.1): number => {
      const f = [new Float64Array(1), new Float64Array(1), new Float64Array(1)];
      const df = Array.from({ length: 9 }, () => new Float64Array(1));
      const one = (x: number) => new Float64Array([x]);
      fluxMemristor.evaluate({
        n: 1, mode: 'tran', time: 0, dcSources: false, sourceScale: 1, gmin: 0, firstIteration: true, noncon: 0,
        x: [one(0.5), one(0), one(phi)],
        p: { gmin: one(1e-4), gmax: one(1e-3), phi0: one(phi0), phi_init: one(0), phimax: one(1) },
        data: [undefined], work: {}, f, q: [], df, dq: [],
      });
      return f[0][0] / 0.5;
    };
    let prev = -Infinity;
    for (let phi = -1; phi <= 1; phi += 0.05) {
      const g = at(phi);
      expect(g).toBeGreaterThanOrEqual(1e-4);
      expect(g).toBeLessThanOrEqual(1e-3);
      expect(g).toBeGreaterThanOrEqual(prev);
      expect(g).toBeCloseTo(memductance(phi), 15);
      prev = g;
    }
    expect(at(1, 1e-6)).toBe(1e-3);
    expect(at(-1, 1e-6)).toBe(1e-4);
  });

  it('under a DC voltage V from φ = 0: φ = V·t and i = G(V·t)·V, then saturates at the bound', () => {
    for (const V of [0.2, -0.35, 0.5]) {
      const tstop = 1.5; // |V|·tstop < phimax = 1: the flux never reaches its bound here
      const r = drive(fluxMemristor, registry, { dc: V, tstop, tstep: 1e-2 });
      let worstPhi = 0;
      let worstI = 0;
      // The initial-condition point (uic) has the source still at 0 V; from the first step on v = V.
      expect(Math.abs(r.i[0])).toBe(0);
      for (let k = 1; k < r.time.length; k++) {
        expect(r.v[k]).toBe(V);
        const t = r.time[k];
        const phi = V * t;
        worstPhi = Math.max(worstPhi, Math.abs(r.states.phi[k] - phi));
        const i = memductance(phi) * V;
        worstI = Math.max(worstI, Math.abs(r.i[k] - i) / Math.abs(i));
      }
      console.log(`flux: V = ${V} V, ${r.time.length} points to ${tstop} s: max |φ − V·t| = ${worstPhi.toExponential(2)} V·s, max rel |i − G(V·t)·V| = ${worstI.toExponential(2)}`);
      expect(worstPhi).toBeLessThan(1e-12);
      expect(worstI).toBeLessThan(1e-9);
    }
    // Past the bound the flux stops at phimax and G saturates at G(phimax).
    const V = 0.8;
    const r = drive(fluxMemristor, registry, { dc: V, tstop: 2, tstep: 1e-2 });
    const last = r.states.phi[r.states.phi.length - 1];
    console.log(`flux: V = ${V} V to 2 s: φ(end) = ${last} V·s, i(end) = ${r.i[r.i.length - 1]} A`);
    expect(last).toBe(p.phimax.default);
    for (const x of r.states.phi) expect(x).toBeLessThanOrEqual(p.phimax.default);
    expect(r.i[r.i.length - 1]).toBeCloseTo(memductance(p.phimax.default) * V, 12);
  });

  it('shows a pinched loop whose lobes shrink with frequency', () => {
    const [slow, , fast] = expectPinchedLoops(fluxMemristor, registry, { amplitude: 1, frequencies: [1, 3, 10] });
    expect(slow.rMin).toBeGreaterThan(1 / p.gmax.default - 1e-6);
    expect(slow.rMax).toBeLessThan(1 / p.gmin.default + 1e-6);
    expect(fast.rMax - fast.rMin).toBeLessThan(slow.rMax - slow.rMin);
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(fluxMemristor, registry.lookup, { amplitude: 1, frequency: 3 });
      return [r.time, r.v, r.i, r.states.phi];
    };
    expectBitIdentical(run(), run());
    expectRunsIdentical(drive(fluxMemristor, registry, { dc: 0.3, tstop: 1, tstep: 1e-2 }), drive(fluxMemristor, registry, { dc: 0.3, tstop: 1, tstep: 1e-2 }));
  });
});
