import { describe, expect, it } from 'vitest';
import { SingularMatrixError, SparseLU } from '../../src/common/solver/sparse/index.js';
import { backwardError } from './dense-lu.js';
import { crossbar, randomMatrix, TripletBuilder } from './matrices.js';

/** [[a, 1], [1, b]] — one irreducible 2×2 block, so pivoting has a real choice. */
function twoByTwo(a: number, b: number) {
  const t = new TripletBuilder(2);
  t.add(0, 0, a);
  t.add(1, 0, 1);
  t.add(0, 1, 1);
  t.add(1, 1, b);
  return t.build();
}

function solve(lu: SparseLU, b: Float64Array): Float64Array {
  const x = b.slice();
  lu.solve(x);
  return x;
}

describe('refactor()', () => {
  it('factors when nothing was factored yet', () => {
    const m = twoByTwo(2, 2);
    const lu = new SparseLU(m.pattern);
    lu.refactor(m.values);
    expect(lu.stats).toMatchObject({ factorCount: 1, refactorCount: 0, refactorFallbacks: 0 });
  });

  it('reuses the pivot sequence while pivots stay acceptable', () => {
    const m = twoByTwo(2, 2);
    const lu = new SparseLU(m.pattern);
    lu.factor(m.values);
    expect(lu.stats.offDiagonalPivots).toBe(0);
    // Diagonal shrinks 200×: still above 1e-3 of its column, so no re-pivoting.
    lu.refactor(twoByTwo(0.01, 2).values);
    expect(lu.stats).toMatchObject({ factorCount: 1, refactorCount: 1, refactorFallbacks: 0 });
    const b = Float64Array.of(1, 1);
    const v = twoByTwo(0.01, 2).values;
    // A 200× smaller pivot costs up to 200× in backward error: still far inside the rgrowth bound.
    expect(backwardError(m.pattern, v, solve(lu, b), b)).toBeLessThan((100 * 2 * 2 ** -52) / lu.rgrowth(v));
  });

  it('falls back to factor() when a pivot becomes exactly zero', () => {
    const lu = new SparseLU(twoByTwo(2, 2).pattern);
    lu.factor(twoByTwo(2, 2).values);
    const bad = twoByTwo(0, 2);
    lu.refactor(bad.values);
    expect(lu.stats).toMatchObject({ factorCount: 2, refactorCount: 0, refactorFallbacks: 1, offDiagonalPivots: 1 });
    // [[0,1],[1,2]] x = [1, 4] → x = [2, 1]
    expect(Array.from(solve(lu, Float64Array.of(1, 4)))).toEqual([2, 1]);
  });

  it('falls back when a pivot drops below pivotTolerance of its column', () => {
    for (const tol of [1e-3, 0.1, 1]) {
      const lu = new SparseLU(twoByTwo(2, 2).pattern, { pivotTolerance: tol });
      lu.factor(twoByTwo(2, 2).values);
      // After row scaling column 0 holds a (row 0) and 0.5 (row 1); put a just below tol·0.5.
      const a = 0.5 * tol * 0.99;
      lu.refactor(twoByTwo(a, 2).values);
      expect(lu.stats.refactorFallbacks).toBe(1);
      const b = Float64Array.of(1, 1);
      expect(backwardError(lu.pattern, twoByTwo(a, 2).values, solve(lu, b), b)).toBeLessThan(1e-15);
    }
  });

  it('falls back on non-finite pivots, then reports the singular column', () => {
    const m = randomMatrix(3, 12, 0.2, 'dominant');
    const lu = new SparseLU(m.pattern);
    lu.factor(m.values);
    const nan = m.values.slice();
    nan[m.pattern.colPtr[4]] = Number.NaN;
    let err: unknown;
    try {
      lu.refactor(nan);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SingularMatrixError);
    expect((err as SingularMatrixError).column).toBe(4);
    expect(lu.stats.refactorFallbacks).toBe(1);
    expect(lu.isFactored).toBe(false);
    lu.refactor(m.values);
    expect(lu.isFactored).toBe(true);
  });

  it('falls back when a 1×1 (singleton) pivot vanishes, and factor() names its column', () => {
    // Lower triangular 3×3: three singleton blocks.
    const t = new TripletBuilder(3);
    for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) t.add(i, j, i === j ? 2 : 1);
    const m = t.build();
    const lu = new SparseLU(m.pattern);
    lu.factor(m.values);
    expect(lu.stats.blockCount).toBe(3);
    const zeroDiag = m.values.slice();
    zeroDiag[m.pattern.colPtr[1]] = 0; // entry (1,1) is the first of column 1
    expect(() => lu.refactor(zeroDiag)).toThrow(expect.objectContaining({ column: 1 }));
    expect(lu.stats.refactorFallbacks).toBe(1);
  });

  it('re-pivots inside a large block and stays accurate', () => {
    // Crossbar Newton step with one device state equation collapsing to 0: its block must re-pivot.
    const m = crossbar(8);
    const lu = new SparseLU(m.pattern);
    lu.factor(m.values);
    const values = m.values.map((v) => v * 1.1);
    // Zero every entry of one state column on its own equation row (the preferred pivot).
    const { colPtr, rowIdx } = m.pattern;
    const x = 3 * 8 + 2 * 8 + 5; // state x_{2,5}
    for (let p = colPtr[x]; p < colPtr[x + 1]; p++) if (rowIdx[p] === x) values[p] = 0;
    lu.refactor(values);
    expect(lu.stats.refactorFallbacks).toBe(1);
    expect(lu.stats.offDiagonalPivots).toBeGreaterThan(0);
    const b = Float64Array.from({ length: m.pattern.n }, (_, i) => Math.cos(i));
    expect(backwardError(m.pattern, values, solve(lu, b), b)).toBeLessThan(1e-14);
  });
});
