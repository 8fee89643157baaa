/** Milano/Miranda potentiation–depression memristor: derivatives, pinched loops, bounds, steady state, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise } from '@memflow/core';
import { milanoMemristor } from '../src/memristors/milano.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, registryWith } from './memristor-checks.js';

const registry = registryWith(milanoMemristor);

describe('Milano potentiation–depression memristor', () => {
  it('declared derivatives match finite differences', () => {
    const points = [
      [0.3, 0, 0.2],
      [-0.45, 0, 0.7],
      [0.6, 0.1, 0.5],
      [-0.1, 0.05, 0.9],
      [0.02, -0.03, 0.01],
    ];
    expectDerivatives(milanoMemristor, points);
    // Beyond the exponent cap (etap·|v| > 200) the linear continuation has consistent slopes.
    expectDerivatives(milanoMemristor, [[7, 0, 0.5], [-8, 0.5, 0.3]]);
  });

  it('shows a pinched loop whose lobes shrink with frequency', () => {
    const [slow, , fast] = expectPinchedLoops(milanoMemristor, registry, { amplitude: 0.5, frequencies: [3, 10, 30] });
    // The conductance swings between its bounds' resistances 1/ymax ≈ 367 Ω and 1/ymin ≈ 986 Ω.
    expect(slow.rMin).toBeGreaterThan(1 / 2.7235e-3 - 1e-6);
    expect(slow.rMax).toBeLessThan(1 / 1.0147e-3 + 1e-6);
    expect(fast.rMax - fast.rMin).toBeLessThan(slow.rMax - slow.rMin);
  });

  it('keeps g in [0, 1] under a much larger drive', () => {
    const r = characterise(milanoMemristor, registry.lookup, { amplitude: 1.5, frequency: 10 });
    const g = r.states.g;
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of g) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi).toBeGreaterThan(0.999);
    for (const x of r.i) expect(Number.isFinite(x)).toBe(true);
  });

  it('relaxes to g = kp/(kp + kd) under a constant voltage', () => {
    const p = milanoMemristor.params;
    for (const v of [0.3, 0.45, -0.5]) {
      const kp = p.kp0.default * Math.exp(p.etap.default * Math.abs(v));
      const kd = p.kd0.default * Math.exp(-p.etad.default * Math.abs(v));
      const expected = kp / (kp + kd);
      const r = drive(milanoMemristor, registry, { dc: v, tstop: 3, tstep: 1e-2, params: { ginit: 0.5 } });
      const g = r.states.g;
      const last = g[g.length - 1];
      console.log(`milano: v = ${v} V, g = ${last}, kp/(kp+kd) = ${expected}`);
      expect(Math.abs(last - expected)).toBeLessThan(1e-6 * Math.max(expected, 1e-3));
      // Current follows Y(g)·v.
      const y = p.ymin.default * (1 - last) + p.ymax.default * last;
      expect(r.i[r.i.length - 1]).toBeCloseTo(y * v, 12);
    }
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(milanoMemristor, registry.lookup, { amplitude: 0.5, frequency: 10 });
      return [r.time, r.v, r.i, r.states.g];
    };
    expectBitIdentical(run(), run());
  });
});
