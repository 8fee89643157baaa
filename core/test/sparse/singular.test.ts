import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SingularMatrixError, SparseLU, type OrderingMethod } from '../../src/common/solver/sparse/index.js';
import { randomMatrix, TripletBuilder, type TestMatrix } from './matrices.js';

function singularColumn(m: TestMatrix, values = m.values, ordering: OrderingMethod = 'btf-amd'): number {
  const lu = new SparseLU(m.pattern, { ordering });
  try {
    lu.factor(values);
  } catch (e) {
    expect(e).toBeInstanceOf(SingularMatrixError);
    expect(lu.isFactored).toBe(false);
    return (e as SingularMatrixError).column;
  }
  throw new Error('expected SingularMatrixError');
}

/** Copy of m without the entries of column j (pattern and values). */
function dropColumn(m: TestMatrix, j: number): TestMatrix {
  const t = new TripletBuilder(m.pattern.n);
  const { n, colPtr, rowIdx } = m.pattern;
  for (let c = 0; c < n; c++) {
    if (c === j) continue;
    for (let p = colPtr[c]; p < colPtr[c + 1]; p++) t.add(rowIdx[p], c, m.values[p]);
  }
  return t.build();
}

const arbBase = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  n: fc.integer({ min: 2, max: 30 }),
  density: fc.double({ min: 0, max: 0.3, noNaN: true }),
  ordering: fc.constantFrom<OrderingMethod>('btf-amd', 'natural'),
});

describe('singularity detection', () => {
  it('structurally singular: an empty column is named', () => {
    fc.assert(
      fc.property(arbBase, fc.nat(), (c, pick) => {
        const m = randomMatrix(c.seed, c.n, c.density, 'general');
        const j = pick % c.n;
        expect(singularColumn(dropColumn(m, j), undefined, c.ordering)).toBe(j);
      }),
      { numRuns: 150 },
    );
  });

  it('numerically singular: a column whose stored values are all zero is named', () => {
    fc.assert(
      fc.property(arbBase, fc.nat(), (c, pick) => {
        const m = randomMatrix(c.seed, c.n, c.density, 'general');
        const j = pick % c.n;
        const values = m.values.slice();
        values.fill(0, m.pattern.colPtr[j], m.pattern.colPtr[j + 1]);
        expect(singularColumn(m, values, c.ordering)).toBe(j);
      }),
      { numRuns: 150 },
    );
  });

  it('numerically singular: a row whose stored values are all zero is detected', () => {
    // The zero row stays exactly zero through elimination (its multipliers are 0/pivot = 0), so the
    // factorisation must run out of candidates in that row's block. Cancellation that is only zero
    // up to rounding is deliberately not treated as singular (see SparseLU.rcond()).
    fc.assert(
      fc.property(arbBase, fc.nat(), (c, pick) => {
        const m = randomMatrix(c.seed, c.n, c.density, 'general');
        const i = pick % c.n;
        const values = m.values.map((v, p) => (m.pattern.rowIdx[p] === i ? 0 : v));
        const col = singularColumn(m, values, c.ordering);
        expect(col).toBeGreaterThanOrEqual(0);
        expect(col).toBeLessThan(c.n);
      }),
      { numRuns: 150 },
    );
  });

  it('MNA: a floating node pair is numerically singular, a source loop structurally', () => {
    // Nodes 0,1 joined by a resistor and nothing else; node 2 grounded through a resistor.
    const floating = new TripletBuilder(3);
    floating.add(0, 0, 1e-3);
    floating.add(1, 1, 1e-3);
    floating.add(0, 1, -1e-3);
    floating.add(1, 0, -1e-3);
    floating.add(2, 2, 1);
    expect([0, 1]).toContain(singularColumn(floating.build()));

    // Two ideal sources in parallel on node 0: branch currents 1 and 2 are indistinguishable.
    const loop = new TripletBuilder(3);
    loop.add(0, 0, 1e-3);
    for (const br of [1, 2]) {
      loop.add(0, br, 1);
      loop.add(br, 0, 1);
    }
    const m = loop.build();
    const lu = new SparseLU(m.pattern);
    expect(lu.stats.structuralRank).toBe(2);
    expect([1, 2]).toContain(singularColumn(m));
  });

  it('non-finite values are reported on the column holding them', () => {
    const m = randomMatrix(11, 12, 0.2, 'dominant');
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      for (const j of [0, 5, 11]) {
        const values = m.values.slice();
        values[m.pattern.colPtr[j]] = bad;
        expect(singularColumn(m, values)).toBe(j);
      }
    }
  });

  it('recovers: after a singular factorisation, a good one works', () => {
    const m = randomMatrix(5, 10, 0.2, 'dominant');
    const lu = new SparseLU(m.pattern);
    const zero = new Float64Array(m.values.length);
    expect(() => lu.factor(zero)).toThrow(SingularMatrixError);
    expect(() => lu.solve(new Float64Array(10))).toThrow();
    expect(() => lu.refactor(zero)).toThrow(SingularMatrixError);
    lu.refactor(m.values); // nothing valid to reuse: factors
    expect(lu.isFactored).toBe(true);
    expect(lu.stats.factorCount).toBe(1);
    expect(lu.stats.refactorCount).toBe(0);
  });
});
