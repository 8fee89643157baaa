/** Ridge and RLS readouts, NMSE, memory capacity and NARMA-10 against independent computations. */
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/common/random/prng.js';
import { choleskySolve, fitRidge, nmse, predictRidge, RecursiveLeastSquares } from '../../src/common/somn/readout.js';
import { memoryCapacity, narma10, RIDGE_GRID, scoreTask } from '../../src/common/somn/tasks.js';

describe('readouts', () => {
  it('Cholesky solves a known SPD system', () => {
    const A = Float64Array.of(4, 2, 0.6, 2, 5, 1, 0.6, 1, 3);
    const x = Float64Array.of(1, -2, 3);
    const b = Float64Array.from([0, 1, 2], (i) => A[3 * i] * x[0] + A[3 * i + 1] * x[1] + A[3 * i + 2] * x[2]);
    const got = choleskySolve(A, b, 3);
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(x[i], 12);
  });

  it('ridge with a tiny penalty recovers an exact linear map; RLS converges to the same weights', () => {
    const rng = new Prng(3);
    const rows = Array.from({ length: 200 }, () => [rng.next(), rng.next() * 3, rng.next() - 0.5]);
    const y = rows.map((r) => 2 * r[0] - r[1] + 0.5 * r[2] + 0.7);
    const m = fitRidge(rows, y, 1e-10);
    const pred = rows.map((r) => predictRidge(m, r));
    expect(nmse(y, pred)).toBeLessThan(1e-12);
    const rls = new RecursiveLeastSquares(3, 1, 1e-6);
    for (let i = 0; i < rows.length; i++) rls.update(rows[i], y[i]);
    expect(Array.from(rls.w).map((v) => Number(v.toFixed(6)))).toEqual([2, -1, 0.5, 0.7]);
  });

  it('RLS with forgetting follows a linear map that changes halfway, even under a low-rank (periodic) input', () => {
    const rls = new RecursiveLeastSquares(3, 0.99, 1e-6);
    let last = 0;
    for (let t = 0; t < 4000; t++) {
      const s = Math.sin(0.05 * t);
      const x = [s, s * s, Math.cos(0.05 * t)];
      const y = t < 2000 ? x[0] + 2 * x[1] : -x[0] + 0.5 * x[2] + 1;
      last = y - rls.update(x, y);
    }
    expect(Math.abs(last)).toBeLessThan(1e-6);
    const w = Array.from(rls.w);
    expect(w[0]).toBeCloseTo(-1, 4);
    expect(w[2]).toBeCloseTo(0.5, 4);
  });

  it('NMSE: 0 for a perfect prediction, 1 for predicting the mean', () => {
    const y = [1, 2, 3, 4];
    expect(nmse(y, y)).toBe(0);
    expect(nmse(y, [2.5, 2.5, 2.5, 2.5])).toBeCloseTo(1, 15);
  });

  it('memory capacity of a delay line with D taps is D + 1 (one per recalled delay)', () => {
    const rng = new Prng(4);
    const u = Float64Array.from({ length: 2000 }, () => rng.next() * 2 - 1);
    const D = 5;
    const rows = Array.from(u, (_, t) => Array.from({ length: D + 1 }, (_, k) => (t >= k ? u[t - k] : 0)));
    const mc = memoryCapacity(rows, u, 10, { washout: 20, trainFraction: 0.5, lambda: 1e-8 });
    expect(mc.total).toBeGreaterThan(D + 1 - 0.05);
    expect(mc.total).toBeLessThan(D + 1 + 0.1); // delays beyond D are not recalled (chance r² ~ 1/1000 each)
    for (let k = 0; k <= D; k++) expect(mc.perDelay[k]).toBeGreaterThan(0.999);
  });

  it('NARMA-10 follows its recursion from the first step it is defined', () => {
    const u = Float64Array.from({ length: 30 }, (_, t) => 0.25 + 0.2 * Math.sin(t));
    const y = narma10(u);
    for (let t = 0; t <= 9; t++) expect(y[t]).toBe(0);
    let s = 0;
    for (let i = 0; i < 10; i++) s += y[20 - i];
    expect(y[21]).toBeCloseTo(0.3 * y[20] + 0.05 * y[20] * s + 1.5 * u[11] * u[20] + 0.1, 15);
    expect(y[10]).toBeCloseTo(1.5 * u[0] * u[9] + 0.1, 15);
  });
});

describe('ridge penalty by validation', () => {
  it('picks a small penalty for noiseless linear data and a large one when the features are pure noise', () => {
    const rng = new Prng(9);
    const rows = Array.from({ length: 400 }, () => Array.from({ length: 30 }, () => rng.next()));
    const clean = rows.map((r) => r[0] - 2 * r[1]);
    const s = scoreTask(rows, clean, { washout: 0, trainFraction: 0.5, lambda: RIDGE_GRID });
    expect(s.lambda).toBeLessThanOrEqual(1e-4);
    expect(s.nmseTest).toBeLessThan(1e-6);
    const noise = rows.map(() => rng.next());
    const n = scoreTask(rows, noise, { washout: 0, trainFraction: 0.5, lambda: RIDGE_GRID });
    expect(n.lambda).toBeGreaterThanOrEqual(1);
  });
});
