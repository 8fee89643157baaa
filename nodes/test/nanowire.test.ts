/** Nanowire junction (Kuncic group): derivatives, pinched loops, bounds, thresholds, reset landing on 0, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise } from '@memflow/core';
import { nanowireJunction } from '../src/memristors/nanowire.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, expectWithin, registryWith } from './memristor-checks.js';

const registry = registryWith(nanowireJunction);
const BINARY = 0;
const TUNNELLING = 1;
const LCRIT = 1e-2;
const LMAX = 1.5e-2;

describe('nanowire junction', () => {
  it('declared derivatives match finite differences, away from the thresholds and kinks', () => {
    // Local unknowns: v(p), v(n), Λ. Points in the set region (|v| > Vset), the reset region (|v| < Vreset,
    // including small |Λ|), the dead band, and both conductance regimes.
    const points = [
      [0.05, 0, 0.004],
      [-0.3, 0.1, -0.008],
      [0.003, 0, 0.006],
      [-0.002, 0, -0.0095],
      [0.001, 0, 3e-5],
      [-0.004, 0.0005, -5e-5],
      [0.007, 0, 0.002],
      [0.2, 0, 0.012],
      [-0.2, 0, -0.014],
    ];
    expectDerivatives(nanowireJunction, points, { mode: TUNNELLING });
    expectDerivatives(nanowireJunction, points, { mode: BINARY });
    // Inside the smooth sign's width. The default width (1e-8 V·s) is of the order of the SDK's absolute
    // finite-difference step floor (1e-9), so the same code is checked with a 1e-5 V·s width.
    expectDerivatives(nanowireJunction, [[0.001, 0, 3e-6], [-0.004, 0.0005, -5e-6], [0.002, 0, 1.2e-5]], { sgnwidth: 1e-3 });
    // Binary mode inside its smooth OFF→ON step (|Λ| ∈ [0.99·Λcrit, Λcrit] with bwidth 0.01).
    expectDerivatives(nanowireJunction, [[0.05, 0, 0.00993], [-0.2, 0, -0.00998], [0.003, 0, 0.00995]], { mode: BINARY, bwidth: 0.01 });
    // A wider barrier drives the tunnelling exponent C0·φ²·s past its cap of 200.
    expectDerivatives(nanowireJunction, [[0.05, 0, 0.001], [-0.05, 0, -0.002]], { s0: 40 });
    // Hochstetter's MATLAB prefactor (s¹) and a non-integer power.
    expectDerivatives(nanowireJunction, points, { mode: TUNNELLING, gappow: 1 });
    expectDerivatives(nanowireJunction, points, { mode: TUNNELLING, gappow: 1.5 });
  });

  it('shows a pinched loop whose lobes shrink with frequency (tunnelling and binary)', () => {
    const [tun] = expectPinchedLoops(nanowireJunction, registry, { amplitude: 0.2, frequencies: [4, 5, 6], params: { mode: TUNNELLING } });
    expect(tun.rMax / tun.rMin).toBeGreaterThan(100);
    const [bin] = expectPinchedLoops(nanowireJunction, registry, { amplitude: 0.2, frequencies: [4, 4.5, 5], params: { mode: BINARY } });
    expect(bin.rMin).toBeCloseTo(12.9e3, 0);
    expect(bin.rMax).toBeCloseTo(12.9e6, -3);
  });

  it('keeps Λ in [−Λmax, Λmax] under a much larger drive, stopping exactly at the bounds', () => {
    const r = characterise(nanowireJunction, registry.lookup, { amplitude: 2, frequency: 1 });
    const { min, max } = expectWithin(r.states.lambda, -LMAX, LMAX, 'Λ');
    expect(min).toBe(-LMAX);
    expect(max).toBe(LMAX);
    expectWithin(r.i, -Infinity, Infinity, 'current');
  });

  it('binary mode: exactly OFF below the smooth step, exactly ON from Λcrit, monotone in between', () => {
    const g = (lam: number) => {
      const r = drive(nanowireJunction, registry, { dc: 0.007, tstop: 1e-3, tstep: 1e-3, params: { mode: BINARY, linit: lam } });
      return r.i[r.i.length - 1] / 0.007;
    };
    const w = 1e-3 * LCRIT;
    expect(g(LCRIT - 1.01 * w)).toBeCloseTo(1 / 12.9e6, 18);
    expect(g(LCRIT)).toBeCloseTo(1 / 12.9e3, 15);
    expect(g(-LCRIT * 1.2)).toBeCloseTo(1 / 12.9e3, 15);
    let prev = 0;
    for (let k = 0; k <= 10; k++) {
      const now = g(LCRIT - w + (k * w) / 10);
      expect(now).toBeGreaterThanOrEqual(prev);
      prev = now;
    }
  });

  it('does not change between Vreset and Vset', () => {
    for (const v of [0.007, -0.009, 0.0051]) {
      const r = drive(nanowireJunction, registry, { dc: v, tstop: 1, tstep: 1e-2, params: { linit: 0.006 } });
      for (const l of r.states.lambda) expect(Math.abs(l - 0.006)).toBeLessThan(1e-15);
    }
  });

  it('grows with the sign of v above Vset at rate |v| − Vset and switches ON at Λcrit', () => {
    const r = drive(nanowireJunction, registry, { dc: -0.05, tstop: 0.5, tstep: 1e-3, params: { mode: BINARY } });
    const lam = r.states.lambda;
    // Λ(t) = −(0.05 − 0.01)·t until it reaches −Λmax at t = 0.375 s.
    const k = r.time.findIndex((t) => t >= 0.2);
    expect(lam[k]).toBeCloseTo(-0.04 * r.time[k], 12);
    expect(lam[lam.length - 1]).toBe(-LMAX);
    const on = r.time.findIndex((_, j) => r.i[j] < -0.05 / 1e5);
    // ON once |Λ| reaches Λcrit, at t = Λcrit/0.04 = 0.25 s.
    expect(r.time[on]).toBeGreaterThanOrEqual(LCRIT / 0.04 - 1e-3);
    expect(r.time[on]).toBeLessThanOrEqual(LCRIT / 0.04 + 2e-3);
  });

  it('after a set pulse, decays under zero drive monotonically and stops at Λ = 0', () => {
    // 0.1 V for 0.2 s sets Λ to Λmax; then v = 0 and the reset term −b·Vreset·σ(Λ) takes it to 0 in 0.3 s.
    // A literal sgn(Λ) chatters around 0 there: with this kernel it forces ~5e7 steps through the rest of
    // the run (measured, 3 minutes); the smooth sign lands in a handful of steps.
    const pulse = { dc: 0, wave: { type: 'pulse' as const, v1: 0, v2: 0.1, td: 0, tr: 1e-3, tf: 1e-3, pw: 0.2, per: 10, np: 1 } };
    const abstol = nanowireJunction.states!.lambda.abstol!;
    for (const mode of [TUNNELLING, BINARY]) {
      const r = drive(nanowireJunction, registry, { source: pulse, tstop: 1, tstep: 1e-3, params: { mode } });
      const lam = r.states.lambda;
      const start = r.time.findIndex((t) => t >= 0.2);
      expect(lam[start]).toBe(LMAX);
      // Monotone decay down to the landing.
      const landing = lam.findIndex((l, k) => k > start && l <= abstol);
      for (let k = start + 1; k <= landing; k++) expect(lam[k], `Λ at t = ${r.time[k]}`).toBeLessThanOrEqual(lam[k - 1]);
      // It reaches 0 at t = 0.202 + Λmax/(b·Vreset) ≈ 0.502 s (the fall edge costs ~0.5 ms of decay).
      expect(r.time[landing]).toBeCloseTo(0.5018, 3);
      // After the landing it stays at 0 and never crosses to the other sign: Λ is integrated with
      // backward Euler (StateSpec.firstOrder), which cannot overshoot the reset's fixed point.
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = landing; k < lam.length; k++) {
        lo = Math.min(lo, lam[k]);
        hi = Math.max(hi, lam[k]);
      }
      console.log(`nanowire (${mode === BINARY ? 'binary' : 'tunnelling'}): landed at t = ${r.time[landing].toFixed(6)} s; after it Λ in [${lo.toExponential(2)}, ${hi.toExponential(2)}] V·s, final ${lam[lam.length - 1].toExponential(2)}`);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(abstol);
      expect(Math.abs(lam[lam.length - 1])).toBeLessThan(1e-30);
    }
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(nanowireJunction, registry.lookup, { amplitude: 0.2, frequency: 5 });
      return [r.time, r.v, r.i, r.states.lambda];
    };
    expectBitIdentical(run(), run());
  });
});
