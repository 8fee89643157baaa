/** Lehtonen–Laiho nonlinear ion-drift memristor: derivatives, pinched loops, bounds, drift direction, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise } from '@memflow/core';
import { lehtonenLaihoMemristor } from '../src/memristors/lehtonen-laiho.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, registryWith } from './memristor-checks.js';

const registry = registryWith(lehtonenLaihoMemristor);

function range(xs: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return [lo, hi];
}

describe('Lehtonen–Laiho memristor', () => {
  it('declared derivatives match finite differences', () => {
    const points = [
      [0.5, 0, 0.3],
      [-0.8, 0, 0.7],
      [1.2, 0.2, 0.5],
      [-0.3, 0.1, 0.9],
      [0.9, 0, 0.06],
    ];
    expectDerivatives(lehtonenLaihoMemristor, points);
    expectDerivatives(lehtonenLaihoMemristor, points, { window: 0 });
    expectDerivatives(lehtonenLaihoMemristor, points, { p: 1, n: 2.5, q: 5 });
    // Beyond the caps (|αv|, γv > 200; q·ln|v| > 200) the tangent-line continuations have consistent slopes.
    expectDerivatives(lehtonenLaihoMemristor, [[150, -1, 0.5], [-150, 1, 0.2], [1e7, -1e6, 0.4], [-2e7, 1e6, 0.6]]);
  });

  it('shows a pinched loop whose lobes shrink with frequency', () => {
    const [slow] = expectPinchedLoops(lehtonenLaihoMemristor, registry, { amplitude: 1, frequencies: [0.3, 1, 3] });
    expect(slow.rMax / slow.rMin).toBeGreaterThan(10);
  });

  it('keeps w in [wmin, wmax] under a much larger drive, stopping exactly at the bounds', () => {
    const r = characterise(lehtonenLaihoMemristor, registry.lookup, { amplitude: 3, frequency: 1 });
    const [lo, hi] = range(r.states.w);
    expect(lo).toBe(0.05);
    expect(hi).toBe(0.95);
    for (const x of r.i) expect(Number.isFinite(x)).toBe(true);
  });

  it('drifts with the sign of v (odd v^q) and not at all at v = 0', () => {
    const up = drive(lehtonenLaihoMemristor, registry, { dc: 0.8, tstop: 0.5, tstep: 1e-3 });
    const down = drive(lehtonenLaihoMemristor, registry, { dc: -0.8, tstop: 0.5, tstep: 1e-3 });
    const rest = drive(lehtonenLaihoMemristor, registry, { dc: 0, tstop: 0.5, tstep: 1e-3 });
    const last = (x: Float64Array) => x[x.length - 1];
    const dUp = last(up.states.w) - 0.5;
    const dDown = last(down.states.w) - 0.5;
    console.log(`lehtonen-laiho: w after 0.5 s at +0.8 V ${last(up.states.w)}, at −0.8 V ${last(down.states.w)}`);
    expect(dUp).toBeGreaterThan(0.01);
    // The window 1 − (2w − 1)^(2p) is symmetric about 0.5, so the drift is antisymmetric in v.
    expect(dDown).toBeCloseTo(-dUp, 4);
    // Zero rate: the state keeps its value (up to the integrator's rounding of its history, ~1 ulp).
    for (const w of rest.states.w) expect(Math.abs(w - 0.5)).toBeLessThan(1e-15);
    for (const i of rest.i) expect(Math.abs(i)).toBe(0);
    // Current grows with the state at positive bias: i = w^n·β·sinh(αv) + leakage.
    expect(last(up.i)).toBeGreaterThan(up.i[1]);
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(lehtonenLaihoMemristor, registry.lookup, { amplitude: 1, frequency: 1 });
      return [r.time, r.v, r.i, r.states.w];
    };
    expectBitIdentical(run(), run());
  });
});
