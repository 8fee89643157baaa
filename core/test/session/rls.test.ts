/** The RLS readout against the closed-form ridge solution it must equal (λ = 1), and forgetting (λ < 1). */
import { describe, expect, it } from 'vitest';
import { Rls } from '../../src/common/session/rls.js';
import { Prng } from '../../src/common/random/prng.js';
import { denseFactor, denseSolve } from '../sparse/dense-lu.js';

/** Dense solve of A·x = b (the sparse tests' reference LU with partial pivoting, independent of Rls). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  return Array.from(denseSolve(denseFactor(Float64Array.from(A.flat()), n), Float64Array.from(b)));
}

/** argmin Σ λ^(N−1−i)(y_i − w·φ_i)² + δ·λ^N·|w|² by the normal equations. */
function weightedRidge(phis: number[][], ys: number[], lambda: number, delta: number): number[] {
  const m = phis[0].length;
  const N = ys.length;
  const A = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? delta * lambda ** N : 0)));
  const b = new Array<number>(m).fill(0);
  phis.forEach((phi, n) => {
    const wt = lambda ** (N - 1 - n);
    for (let i = 0; i < m; i++) {
      b[i] += wt * phi[i] * ys[n];
      for (let j = 0; j < m; j++) A[i][j] += wt * phi[i] * phi[j];
    }
  });
  return solve(A, b);
}

describe('recursive least squares readout', () => {
  for (const lambda of [1, 0.97]) {
    it(`equals the (exponentially weighted) ridge solution after every sample, λ = ${lambda}`, () => {
      const rng = new Prng(7);
      const m = 4;
      const delta = 0.5;
      const rls = new Rls(m, lambda, delta);
      const phis: number[][] = [];
      const ys: number[] = [];
      const wTrue = [0.3, -1.2, 2, 0.7];
      for (let n = 0; n < 60; n++) {
        const phi = [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(0, 2), 1];
        const y = wTrue.reduce((s, w, k) => s + w * phi[k], 0) + 0.05 * rng.uniform(-1, 1);
        const before = rls.predict(phi);
        const e = rls.update(phi, y);
        expect(e).toBe(y - before);
        phis.push(phi);
        ys.push(y);
        if (n % 7 === 6) {
          const ref = weightedRidge(phis, ys, lambda, delta);
          for (let k = 0; k < m; k++) expect(rls.w[k]).toBeCloseTo(ref[k], 9);
        }
      }
    });
  }
});
