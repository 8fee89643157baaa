import { describe, expect, it } from 'vitest';
import { SingularMatrixError, SparseLU, type CscPattern } from '../../src/common/solver/sparse/index.js';
import { backwardError } from './dense-lu.js';
import { crossbar, crossbarIndex, gridLaplacian, ladderLaplacian, rngFrom, TripletBuilder, type TestMatrix } from './matrices.js';

const nnzOf = (p: CscPattern): number => p.colPtr[p.n];
const fillOf = (lu: SparseLU): number => lu.stats.nnzL + lu.stats.nnzU;

function rhs(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(1 + i));
}

/** Renumbers unknowns and equations independently at random: the ordering must not care. */
function scramble(m: TestMatrix, seed: number): TestMatrix {
  const n = m.pattern.n;
  const rng = rngFrom(seed);
  const perm = (): Int32Array => {
    const p = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  };
  const rp = perm();
  const cp = perm();
  const t = new TripletBuilder(n);
  const { colPtr, rowIdx } = m.pattern;
  for (let j = 0; j < n; j++) for (let p = colPtr[j]; p < colPtr[j + 1]; p++) t.add(rp[rowIdx[p]], cp[j], m.values[p]);
  return t.build();
}

describe('fill on the benchmark crossbar (N = 64)', () => {
  const N = 64;
  const m = crossbar(N);
  const n = m.pattern.n;
  const nnzA = nnzOf(m.pattern);

  it('has the expected MNA size', () => {
    expect(n).toBe(3 * N + N * N); // 4288
    // sources N + KCL rows N(2N+2) + KCL cols N(2N+1) + states 3N²
    expect(nnzA).toBe(7 * N * N + 4 * N); // 28928
  });

  it('peels singletons and splits the rest into independent per-column blocks with no fill', () => {
    const lu = new SparseLU(m.pattern);
    lu.factor(m.values);
    // v_r and I_r are 1×1 blocks; each column wire with its N devices is one (N+1)-block.
    expect(lu.stats.blockCount).toBe(2 * N + N);
    const sizes = new Map<number, number>();
    const bs = lu.ordering.blockStart;
    for (let b = 0; b < lu.ordering.blockCount; b++) {
      const s = bs[b + 1] - bs[b];
      sizes.set(s, (sizes.get(s) ?? 0) + 1);
    }
    expect(Object.fromEntries(sizes)).toEqual({ 1: 2 * N, [N + 1]: N });
    // Zero fill: L and U hold exactly A's entries plus L's unit diagonal.
    expect(fillOf(lu)).toBe(nnzA + n);
    expect(fillOf(lu)).toBeLessThan(6 * nnzA);
    // A dense (N+1)² block per column would alone exceed this: O(nnz), not O(N³).
    expect(fillOf(lu)).toBeLessThan(N * (N + 1) * (N + 1));
    expect(lu.stats.offDiagonalPivots).toBe(0);
    const b = rhs(n);
    const x = b.slice();
    lu.solve(x);
    expect(backwardError(m.pattern, m.values, x, b)).toBeLessThan(1e-15);
  });

  it('would fail the bound with a naive (natural) ordering', () => {
    const lu = new SparseLU(m.pattern, { ordering: 'natural' });
    lu.factor(m.values);
    expect(fillOf(lu)).toBeGreaterThan(6 * nnzA);
  });

  it('does not depend on how unknowns and equations are numbered', () => {
    for (const seed of [1, 2, 3]) {
      const s = scramble(m, seed);
      const lu = new SparseLU(s.pattern);
      lu.factor(s.values);
      expect(lu.stats.blockCount).toBe(3 * N);
      expect(fillOf(lu)).toBe(nnzA + n);
    }
  });

  it('refactors Newton updates without re-pivoting and solves them accurately', () => {
    const lu = new SparseLU(m.pattern);
    lu.factor(m.values);
    const rng = rngFrom(9);
    for (let it = 0; it < 5; it++) {
      const values = m.values.map((v) => v * (0.5 + rng()));
      lu.refactor(values);
      const b = rhs(n);
      const x = b.slice();
      lu.solve(x);
      expect(backwardError(m.pattern, values, x, b)).toBeLessThan(1e-15);
    }
    expect(lu.stats.refactorCount).toBe(5);
    expect(lu.stats.refactorFallbacks).toBe(0);
  });

  it('names an unknown of the floating column wire when its KCL row vanishes', () => {
    // No load and devices with zero conductance and zero sensitivity: KCL of wire c is all zeros.
    const ix = crossbarIndex(N);
    const c = 17;
    const values = m.values.slice();
    const { colPtr, rowIdx } = m.pattern;
    for (let p = 0; p < nnzA; p++) if (rowIdx[p] === ix.vCol(c)) values[p] = 0;
    const lu = new SparseLU(m.pattern);
    let column = -1;
    try {
      lu.factor(values);
    } catch (e) {
      column = (e as SingularMatrixError).column;
      expect(e).toBeInstanceOf(SingularMatrixError);
    }
    const wire = [ix.vCol(c), ...Array.from({ length: N }, (_, r) => ix.x(r, c))];
    expect(wire).toContain(column);
    expect(colPtr.length).toBe(n + 1);
  });
});

describe('AMD versus natural ordering', () => {
  it('2-D grid Laplacian: AMD at most half the fill of natural (banded) order', () => {
    const m = gridLaplacian(30);
    const amd = new SparseLU(m.pattern);
    amd.factor(m.values);
    const nat = new SparseLU(m.pattern, { ordering: 'natural' });
    nat.factor(m.values);
    expect(amd.stats.blockCount).toBe(1);
    expect(fillOf(amd)).toBeLessThan(0.5 * fillOf(nat));
    for (const lu of [amd, nat]) {
      const b = rhs(m.pattern.n);
      const x = b.slice();
      lu.solve(x);
      expect(backwardError(m.pattern, m.values, x, b)).toBeLessThan(1e-14);
    }
  });

  it('ladder numbered rail by rail: AMD keeps O(n) fill where natural order fills the band', () => {
    const m = ladderLaplacian(100);
    const amd = new SparseLU(m.pattern);
    amd.factor(m.values);
    const nat = new SparseLU(m.pattern, { ordering: 'natural' });
    nat.factor(m.values);
    expect(fillOf(amd)).toBeLessThan(1.5 * nnzOf(m.pattern) + m.pattern.n);
    expect(fillOf(nat)).toBeGreaterThan(10 * fillOf(amd));
  });
});
