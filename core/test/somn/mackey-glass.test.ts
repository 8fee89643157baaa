/** The Mackey–Glass integrator against its convergence order, the exact equilibrium, an exact eigenmode of the linearisation and the attractor's analytic bounds. */
import { describe, expect, it } from 'vitest';
import { integrateMackeyGlass, MACKEY_GLASS_STANDARD as P, mackeyGlassSeries } from '../../src/common/somn/mackey-glass.js';

/** Complex root of λ + γ − a·e^(−λτ) = 0 by Newton from a guess (a: slope of the delayed term at x* = 1). */
function characteristicRoot(a: number, guess: [number, number]): [number, number] {
  let [re, im] = guess;
  for (let it = 0; it < 60; it++) {
    // e^(−λτ) = e^(−re·τ)·(cos(im·τ) − i·sin(im·τ))
    const m = Math.exp(-re * P.tau);
    const er = m * Math.cos(im * P.tau);
    const ei = -m * Math.sin(im * P.tau);
    const fr = re + P.gamma - a * er;
    const fi = im - a * ei;
    // f'(λ) = 1 + a·τ·e^(−λτ)
    const dr = 1 + a * P.tau * er;
    const di = a * P.tau * ei;
    const den = dr * dr + di * di;
    re -= (fr * dr + fi * di) / den;
    im -= (fi * dr - fr * di) / den;
  }
  return [re, im];
}

describe('Mackey–Glass (τ = 17, β = 0.2, γ = 0.1, n = 10)', () => {
  it('RK4 with Hermite-interpolated delays converges at fourth order across the breakpoints at τ and 2τ', () => {
    const tEnd = 51; // past the breakpoints 17 and 34 of the constant initial history
    const end = (h: number) => {
      const x = integrateMackeyGlass({ h, tEnd });
      return x[x.length - 1];
    };
    const ref = end(1 / 64);
    const errs = [1, 0.5, 0.25].map((h) => Math.abs(end(h) - ref));
    const orders = [Math.log2(errs[0] / errs[1]), Math.log2(errs[1] / errs[2])];
    for (const q of orders) {
      expect(q).toBeGreaterThan(3.6);
      expect(q).toBeLessThan(4.6);
    }
    expect(errs[2]).toBeLessThan(1e-6);
  });

  it('the equilibrium x* = 1 (β/(1 + 1ⁿ) = γ) is kept exactly', () => {
    const x = integrateMackeyGlass({ h: 0.5, tEnd: 200, history: () => 1 });
    for (const v of x) expect(v).toBe(1);
  });

  it('a small eigenmode of the linearisation at x* = 1 grows and oscillates at the characteristic root', () => {
    // Linearised: y' = −γ·y + a·y(t − τ), a = β·(1 − (n − 1)·x*ⁿ)/(1 + x*ⁿ)² = −0.4 at x* = 1.
    const a = (P.beta * (1 - (P.n - 1))) / 4;
    const [mu, w] = characteristicRoot(a, [0.05, 0.12]);
    // The root satisfies the characteristic equation, and the equilibrium is unstable (chaos needs it).
    const m = Math.exp(-mu * P.tau);
    expect(Math.hypot(mu + P.gamma - a * m * Math.cos(w * P.tau), w + a * m * Math.sin(w * P.tau))).toBeLessThan(1e-12);
    expect(mu).toBeGreaterThan(0);
    // The eigenmode as history makes the linearised solution exactly y(t) = ε·e^(μt)·cos(ωt) for all t.
    const eps = 1e-7;
    const mode = (t: number) => eps * Math.exp(mu * t) * Math.cos(w * t);
    const h = 0.1;
    const x = integrateMackeyGlass({ h, tEnd: 120, history: (t) => 1 + mode(t) });
    const scale = eps * Math.exp(mu * 120);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - 1 - mode(i * h)));
    // Left over: the O(ε²) nonlinearity and rounding of 1 + y; the mode itself grows to `scale`.
    expect(worst / scale).toBeLessThan(1e-3);
    expect(scale / eps).toBeGreaterThan(2);
  });

  it('the series stays inside the absorbing interval (0, (β/γ)·max x/(1 + xⁿ)] and keeps varying (no cycle collapse)', () => {
    const s = mackeyGlassSeries({ samples: 3000, sampling: 1, washout: 500 });
    const xm = (1 / (P.n - 1)) ** (1 / P.n); // argmax of x/(1 + xⁿ)
    const upper = (P.beta / P.gamma) * (xm / (1 + xm ** P.n));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of s) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThanOrEqual(upper);
    expect(hi - lo).toBeGreaterThan(0.5);
    // Two histories 1e-9 apart separate to the size of the attractor: sensitive dependence.
    // (The largest Lyapunov exponent is below 0.01 per time unit: it takes a few thousand.)
    const long = { samples: 6000, sampling: 1, washout: 500 };
    const [a, b] = [mackeyGlassSeries(long), mackeyGlassSeries({ ...long, history: () => 1.2 + 1e-9 })];
    let gap = 0;
    for (let i = 5500; i < 6000; i++) gap = Math.max(gap, Math.abs(a[i] - b[i]));
    expect(gap).toBeGreaterThan(0.1);
  });

  it('refuses a step that does not divide τ', () => {
    expect(() => integrateMackeyGlass({ h: 0.3, tEnd: 10 })).toThrow(/must divide τ/);
  });
});
