/**
 * applyPulse against closed forms.
 *
 * HP linear ion drift without a window under a constant voltage V: R(x) dx/dt = k·V with
 * R(x) = roff + (ron − roff)·x and k = uv·ron/d², so roff·x + (ron − roff)·x²/2 = const + k·V·t, a
 * quadratic in x(t) — until x reaches a bound, where it stays.
 * XSPICE threshold memristor above threshold: dR/dt = β·v + ½(α − β)(|v + vt| − |v − vt|) is constant
 * for a constant v > vt, so R moves linearly in time and stops at rmax.
 */
import { describe, expect, it } from 'vitest';
import { hpMemristor, xspiceMemristor } from '@memflow/nodes';
import { applyPulse, PulseCircuit } from '../../src/common/solver/pulse.js';
import { builtinLookup } from '../../src/common/learning/devices.js';

const lookup = builtinLookup();

const hp = { ron: 100, roff: 16e3, d: 10e-9, uv: 1e-14 };
const k = (hp.uv * hp.ron) / (hp.d * hp.d);

/** x(t) of the windowless HP model under V from x0 (clipped to [0, 1]). */
function hpExact(x0: number, v: number, t: number): number {
  const dr = hp.ron - hp.roff;
  const c = hp.roff * x0 + 0.5 * dr * x0 * x0 + k * v * t;
  // dr/2·x² + roff·x − c = 0, the root continuous with x0 (dr < 0).
  const disc = hp.roff * hp.roff + 2 * dr * c;
  if (disc <= 0) return 1;
  const x = (-hp.roff + Math.sqrt(disc)) / dr;
  return Math.min(1, Math.max(0, x));
}

describe('applyPulse', () => {
  it('HP without window: states after a pulse match the closed form (both polarities, several widths)', () => {
    let worst = 0;
    for (const [x0, v, width] of [
      [0.3, 1, 0.05],
      [0.3, 1, 0.2],
      [0.7, -1, 0.1],
      [0.5, 0.5, 0.3],
      [0.1, -0.2, 0.05],
    ]) {
      const [x] = applyPulse(hpMemristor, { ...hp, window: 0 }, [x0], { amplitude: v, width }, { lookup, maxStepFraction: 1 / 800 });
      const exact = hpExact(x0, v, width);
      expect(Math.abs(x - x0)).toBeGreaterThan(1e-3); // the pulse did something
      worst = Math.max(worst, Math.abs(x - exact));
    }
    console.log(`applyPulse HP: worst |x − exact| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });

  it('HP: the error falls with the step at second order (BDF2)', () => {
    const err = [1 / 50, 1 / 200, 1 / 800].map((maxStepFraction) => {
      const [x] = applyPulse(hpMemristor, { ...hp, window: 0 }, [0.5], { amplitude: 0.5, width: 0.3 }, { lookup, maxStepFraction });
      return Math.abs(x - hpExact(0.5, 0.5, 0.3));
    });
    const orders = [Math.log(err[0] / err[1]) / Math.log(4), Math.log(err[1] / err[2]) / Math.log(4)];
    console.log(`applyPulse HP error at h = w/50, w/200, w/800: ${err.map((e) => e.toExponential(2)).join(', ')}; observed orders ${orders.map((o) => o.toFixed(2)).join(', ')}`);
    for (const o of orders) expect(o).toBeGreaterThan(1.6);
  });

  it('HP: a long pulse stops exactly at the bound', () => {
    const [x] = applyPulse(hpMemristor, { ...hp, window: 0 }, [0.5], { amplitude: 1, width: 5 }, { lookup });
    expect(hpExact(0.5, 1, 5)).toBe(1);
    expect(x).toBe(1);
  });

  it('XSPICE threshold model: R moves linearly in time above threshold and not at all below it', () => {
    const p = { rmin: 100, rmax: 10e3, rinit: 2e3, vt: 0.6, alpha: 1e4, beta: 5e4 };
    const circuit = new PulseCircuit(xspiceMemristor, p, { lookup, solver: { reltol: 1e-7 } });
    const v = 1;
    // f(v) = β·v + ½(α − β)(|v + vt| − |v − vt|) for v > vt is β·v + (α − β)·vt
    const rate = p.beta * v + (p.alpha - p.beta) * p.vt;
    const [r] = circuit.apply([2e3], { amplitude: v, width: 0.05 });
    expect(r).toBeCloseTo(2e3 + rate * 0.05, 3);
    const [below] = circuit.apply([2e3], { amplitude: 0.3, width: 0.05 });
    // below vt the rate is α·v
    expect(below).toBeCloseTo(2e3 + p.alpha * 0.3 * 0.05, 3);
    const [capped] = circuit.apply([9e3], { amplitude: v, width: 1 });
    expect(capped).toBe(p.rmax);
  });

  it('rejects a bad pulse or a wrong state count with a clear message', () => {
    expect(() => applyPulse(hpMemristor, hp, [0.5], { amplitude: 1, width: 0 }, { lookup })).toThrow(/width must be a positive/);
    expect(() => applyPulse(hpMemristor, hp, [0.5, 1], { amplitude: 1, width: 1 }, { lookup })).toThrow(/1 states, got 2/);
  });
});
