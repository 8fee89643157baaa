import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparseLU, type OrderingMethod } from '../../src/common/solver/sparse/index.js';
import { backwardError, condition1, denseFactor, denseSolve, maxRelDiff, toDense } from './dense-lu.js';
import { randomMatrix, revalue, rngFrom, type RandomKind, type TestMatrix } from './matrices.js';

const EPS = 2 ** -52;

const arbCase = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  n: fc.integer({ min: 1, max: 40 }),
  density: fc.double({ min: 0, max: 0.3, noNaN: true }),
  kind: fc.constantFrom<RandomKind>('general', 'dominant', 'zero-diagonal', 'mna'),
  tol: fc.constantFrom(1e-3, 0.1, 1),
  ordering: fc.constantFrom<OrderingMethod>('btf-amd', 'natural'),
  scaleRows: fc.boolean(),
});

function rhs(seed: number, n: number): Float64Array {
  const rng = rngFrom(seed + 17);
  return Float64Array.from({ length: n }, () => 2 * rng() - 1);
}

function solveWith(lu: SparseLU, b: Float64Array): Float64Array {
  const x = b.slice();
  lu.solve(x);
  return x;
}

/**
 * Checks x against the dense oracle. Threshold pivoting may accept pivots up to 1/tol smaller than
 * partial pivoting would, so the stability bound is scaled by the measured reciprocal pivot growth:
 * backward error <= c·n·eps/rgrowth (empirically c < 10; with tol = 1, rgrowth ≈ 1 and this is the
 * dense bound). The forward error then follows from the condition number.
 */
function expectAccurate(lu: SparseLU, m: TestMatrix, values: Float64Array, x: Float64Array, b: Float64Array, cond: number): void {
  const n = m.pattern.n;
  const growth = lu.rgrowth(values);
  expect(growth).toBeGreaterThan(0);
  const berrBound = (100 * n * EPS) / growth;
  expect(backwardError(m.pattern, values, x, b)).toBeLessThan(berrBound);
  const xd = denseSolve(denseFactor(toDense(m.pattern, values), n), b);
  expect(maxRelDiff(x, xd)).toBeLessThan(4 * Math.max(cond, 1) * (berrBound + 100 * n * EPS));
}

describe('SparseLU against a dense partial-pivoting LU', () => {
  it('factor + solve is backward stable on random non-singular matrices', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const m = randomMatrix(c.seed, c.n, c.density, c.kind);
        const n = m.pattern.n;
        const cond = condition1(toDense(m.pattern, m.values), n);
        fc.pre(cond < 1e10);
        const lu = new SparseLU(m.pattern, { pivotTolerance: c.tol, ordering: c.ordering, scaleRows: c.scaleRows });
        lu.factor(m.values);
        const b = rhs(c.seed, n);
        expectAccurate(lu, m, m.values, solveWith(lu, b), b, cond);
        if (c.tol === 1) expect(lu.rgrowth(m.values)).toBeGreaterThan(1 / (4 * n));
        expect(lu.stats.factorCount).toBe(1);
        expect(lu.stats.nnzL).toBeGreaterThanOrEqual(n);
        expect(lu.stats.nnzU).toBeGreaterThanOrEqual(n);
      }),
      { numRuns: 400 },
    );
  });

  it('refactor with new values on the same pattern stays accurate (reusing or re-pivoting)', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: 1, max: 4 }), (c, rounds) => {
        const m = randomMatrix(c.seed, c.n, c.density, c.kind);
        const n = m.pattern.n;
        fc.pre(condition1(toDense(m.pattern, m.values), n) < 1e10);
        const lu = new SparseLU(m.pattern, { pivotTolerance: c.tol, ordering: c.ordering, scaleRows: c.scaleRows });
        lu.factor(m.values);
        let done = 0;
        for (let r = 0; r < rounds; r++) {
          const values = revalue(c.seed + r, m, c.kind);
          const cond = condition1(toDense(m.pattern, values), n);
          if (!(cond < 1e10)) continue;
          lu.refactor(values);
          done++;
          const b = rhs(c.seed + r, n);
          expectAccurate(lu, m, values, solveWith(lu, b), b, cond);
        }
        const s = lu.stats;
        expect(s.refactorCount + s.refactorFallbacks).toBe(done);
        expect(s.factorCount).toBe(1 + s.refactorFallbacks);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: same inputs give bit-identical outputs across instances', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const m = randomMatrix(c.seed, c.n, c.density, c.kind);
        fc.pre(condition1(toDense(m.pattern, m.values), m.pattern.n) < 1e10);
        const v2 = revalue(c.seed, m, c.kind);
        const b = rhs(c.seed, m.pattern.n);
        const run = (): Uint8Array[] => {
          const lu = new SparseLU(m.pattern, { pivotTolerance: c.tol, ordering: c.ordering });
          lu.factor(m.values);
          const x1 = solveWith(lu, b);
          let x2: Float64Array = new Float64Array(0);
          try {
            lu.refactor(v2);
            x2 = solveWith(lu, b);
          } catch {
            // a singular revalued matrix must fail identically too; nothing to compare
          }
          return [new Uint8Array(x1.buffer), new Uint8Array(x2.buffer)];
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 200 },
    );
  });

  it('refactor replays factor exactly when the pivot sequence is unchanged', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        // Row-dominant matrices keep the diagonal acceptable, so factor(v2) picks v1's pivots.
        const m = randomMatrix(c.seed, c.n, c.density, 'dominant');
        const v2 = revalue(c.seed, m, 'dominant');
        const b = rhs(c.seed, m.pattern.n);
        const a = new SparseLU(m.pattern, { ordering: c.ordering });
        a.factor(m.values);
        a.refactor(v2);
        const fresh = new SparseLU(m.pattern, { ordering: c.ordering });
        fresh.factor(v2);
        expect(a.stats.refactorFallbacks).toBe(0);
        expect(fresh.stats.offDiagonalPivots).toBe(0);
        expect(solveWith(a, b)).toEqual(solveWith(fresh, b));
        // And refactoring with the very values of the factorisation changes nothing at all.
        const again = solveWith(fresh, b);
        fresh.refactor(v2);
        expect(new Uint8Array(solveWith(fresh, b).buffer)).toEqual(new Uint8Array(again.buffer));
      }),
      { numRuns: 200 },
    );
  });
});

describe('SparseLU edge cases', () => {
  it('handles n = 0 and n = 1', () => {
    const empty = new SparseLU({ n: 0, colPtr: Int32Array.of(0), rowIdx: new Int32Array(0) });
    empty.factor(new Float64Array(0));
    const b0 = new Float64Array(0);
    empty.solve(b0);
    expect(b0.length).toBe(0);

    const one = new SparseLU({ n: 1, colPtr: Int32Array.of(0, 1), rowIdx: Int32Array.of(0) });
    one.factor(Float64Array.of(-4));
    const b = Float64Array.of(2);
    one.solve(b);
    expect(b[0]).toBe(-0.5);
  });

  it('solves a permutation matrix exactly (all 1×1 blocks, no arithmetic error)', () => {
    const n = 7;
    const sigma = [3, 0, 6, 1, 5, 2, 4];
    const colPtr = Int32Array.from({ length: n + 1 }, (_, j) => j);
    const rowIdx = Int32Array.from(sigma);
    const lu = new SparseLU({ n, colPtr, rowIdx });
    lu.factor(new Float64Array(n).fill(1));
    expect(lu.stats.blockCount).toBe(n);
    const b = Float64Array.from({ length: n }, (_, i) => i + 1);
    const x = b.slice();
    lu.solve(x);
    for (let j = 0; j < n; j++) expect(x[j]).toBe(b[sigma[j]]);
  });

  it('rejects malformed input', () => {
    expect(() => new SparseLU({ n: 2, colPtr: Int32Array.of(0, 1, 2), rowIdx: Int32Array.of(0, 2) })).toThrow(RangeError);
    expect(() => new SparseLU({ n: 2, colPtr: Int32Array.of(0, 2, 2), rowIdx: Int32Array.of(1, 0) })).toThrow(RangeError);
    expect(() => new SparseLU({ n: 1, colPtr: Int32Array.of(0, 1), rowIdx: Int32Array.of(0) }, { pivotTolerance: 2 })).toThrow(RangeError);
    const lu = new SparseLU({ n: 1, colPtr: Int32Array.of(0, 1), rowIdx: Int32Array.of(0) });
    expect(() => lu.solve(Float64Array.of(1))).toThrow(/no valid factorisation/);
    expect(() => lu.factor(new Float64Array(0))).toThrow(RangeError);
    lu.factor(Float64Array.of(1));
    expect(() => lu.solve(new Float64Array(2))).toThrow(RangeError);
  });

  it('rcond falls towards zero as the matrix approaches singularity', () => {
    const pattern = { n: 2, colPtr: Int32Array.of(0, 2, 4), rowIdx: Int32Array.of(0, 1, 0, 1) };
    const lu = new SparseLU(pattern);
    lu.factor(Float64Array.of(1, 0, 0, 1));
    expect(lu.rcond()).toBe(1);
    lu.factor(Float64Array.of(1, 1, 1, 1 + 1e-12));
    expect(lu.rcond()).toBeLessThan(1e-10);
  });
});
