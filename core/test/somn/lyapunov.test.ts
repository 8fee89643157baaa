/** Largest Lyapunov exponent by twin runs with renormalisation, on systems whose exponent is known. */
import { describe, expect, it } from 'vitest';
import { largestLyapunov, type Twin } from '../../src/common/somn/lyapunov.js';

const logistic = (x0: number): Twin => {
  const state = Float64Array.of(x0);
  return { state, step: () => (state[0] = 4 * state[0] * (1 - state[0])) };
};

/**
 * dx/dt = A·x, A = [[0.5, 3], [0, −2]] (non-normal; eigenvalues 0.5 and −2): RK4 with step h. The
 * reference sits at the fixed point 0, so the twin's separation is not lost to round-off against a
 * growing reference state.
 */
const linear = (h: number): Twin => {
  const state = Float64Array.of(0, 0);
  const f = (x: number[]) => [0.5 * x[0] + 3 * x[1], -2 * x[1]];
  return {
    state,
    step() {
      const x = [state[0], state[1]];
      const k1 = f(x);
      const k2 = f(x.map((v, i) => v + 0.5 * h * k1[i]));
      const k3 = f(x.map((v, i) => v + 0.5 * h * k2[i]));
      const k4 = f(x.map((v, i) => v + h * k3[i]));
      for (let i = 0; i < 2; i++) state[i] = x[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    },
  };
};

describe('largest Lyapunov exponent', () => {
  it('logistic map at r = 4: ln 2', () => {
    const r = largestLyapunov(logistic(0.3), logistic(0.3), { delta0: 1e-9, renormEvery: 1, periods: 100000, dt: 1, seed: 1 });
    expect(Math.abs(r.lambda - Math.log(2))).toBeLessThan(0.01);
  });

  it('a linear ODE: its largest eigenvalue, whatever δ0 and renormalisation interval', () => {
    for (const [delta0, every] of [
      [1e-8, 10],
      [1e-4, 50],
    ]) {
      const r = largestLyapunov(linear(0.01), linear(0.01), { delta0, renormEvery: every, periods: 400, dt: 0.01, seed: 2, discard: 40 });
      expect(Math.abs(r.lambda - 0.5)).toBeLessThan(0.02);
    }
  });

  it('a contracting linear ODE gives a negative exponent', () => {
    const sys = (): Twin => {
      const state = Float64Array.of(1);
      return { state, step: () => (state[0] *= Math.exp(-1.5 * 0.01)) };
    };
    const r = largestLyapunov(sys(), sys(), { delta0: 1e-6, renormEvery: 20, periods: 100, dt: 0.01, seed: 3 });
    expect(r.lambda).toBeCloseTo(-1.5, 10);
  });
});
