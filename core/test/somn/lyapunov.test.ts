/** Largest Lyapunov exponent by twin runs with renormalisation, on systems whose exponent is known. */
import { describe, expect, it } from 'vitest';
import { directionAveragedLyapunov, largestLyapunov, type Twin } from '../../src/common/somn/lyapunov.js';
import { evenlySpaced } from '../../src/common/somn/chaos.js';

const logistic = (x0: number): Twin => {
  const state = Float64Array.of(x0);
  return { state, step: () => (state[0] = 4 * state[0] * (1 - state[0])) };
};

/**
 * dx/dt = A·x, A = [[0.5, 3], [0, −2]] (non-normal; eigenvalues 0.5 and −2): RK4 with step h. The
 * reference sits at the fixed point 0, so the twin's separation is not lost to round-off against a
 * growing reference state.
 */
const linear = (h: number, coupling = 3): Twin => {
  const state = Float64Array.of(0, 0);
  const f = (x: number[]) => [0.5 * x[0] + coupling * x[1], -2 * x[1]];
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

  it('twins along given directions: an invariant direction keeps its own exponent, a generic one finds the largest', () => {
    // Diagonal system (no coupling): e2 spans an invariant subspace, so its twin measures −2, e1's 0.5,
    // and the one-junction-at-a-time average is their mean, −0.75 — not the largest exponent.
    const e1 = [1, 0];
    const e2 = [0, 1];
    const o = { delta0: 1e-6, renormEvery: 1, periods: 2000, dt: 0.01, seed: 4, discard: 200 };
    const diag = directionAveragedLyapunov(linear(0.01, 0), [linear(0.01, 0), linear(0.01, 0)], [e1, e2], o);
    expect(diag.twins[0].lambda).toBeCloseTo(0.5, 3);
    expect(diag.twins[1].lambda).toBeCloseTo(-2, 3);
    expect(diag.lambda).toBeCloseTo(-0.75, 3);
    // With the coupling, e2 feeds the unstable mode: both twins, and so their mean, converge to 0.5.
    const coupled = directionAveragedLyapunov(linear(0.01), [linear(0.01), linear(0.01)], [e1, e2], o);
    for (const t of coupled.twins) expect(Math.abs(t.lambda - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(coupled.lambda - 0.5)).toBeLessThan(0.02);
  });

  it('largestLyapunov along a given direction is the one-twin case of the average', () => {
    const o = { delta0: 1e-6, renormEvery: 5, periods: 300, dt: 0.01, seed: 5, direction: [0.3, -1] };
    const one = largestLyapunov(linear(0.01), linear(0.01), o);
    const avg = directionAveragedLyapunov(linear(0.01), [linear(0.01)], [o.direction], o);
    expect(one.lambda).toBe(avg.lambda);
  });

  it('rejects a zero direction and mismatched twins/directions', () => {
    expect(() => directionAveragedLyapunov(linear(0.01), [linear(0.01)], [[0, 0]], { delta0: 1e-6, renormEvery: 1, periods: 2, dt: 0.01, seed: 1 })).toThrow(/nothing to perturb/);
    expect(() => directionAveragedLyapunov(linear(0.01), [linear(0.01)], [], { delta0: 1e-6, renormEvery: 1, periods: 2, dt: 0.01, seed: 1 })).toThrow(/one direction per twin/);
  });

  it('evenly spaced junction choice: distinct, in range, all when asked for more', () => {
    expect(evenlySpaced(10, 20)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const k = evenlySpaced(263, 6);
    expect(new Set(k).size).toBe(6);
    for (const i of k) expect(i >= 0 && i < 263).toBe(true);
  });
});
