import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amdOrder,
  blockTriangularForm,
  computeOrdering,
  maximumTransversal,
  type CscPattern,
} from '../../src/common/solver/sparse/index.js';
import { gridLaplacian, rngFrom, TripletBuilder } from './matrices.js';

/** Random pattern, not necessarily structurally non-singular. */
function randomPattern(seed: number, n: number, density: number): CscPattern {
  const rng = rngFrom(seed);
  const t = new TripletBuilder(n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (rng() < density) t.add(i, j, 1);
  return t.build().pattern;
}

/** Kuhn's augmenting-path matching, recursive and obviously correct: the oracle for the size. */
function referenceMatchingSize(p: CscPattern): number {
  const colOfRow = new Array<number>(p.n).fill(-1);
  const tryCol = (j: number, seen: boolean[]): boolean => {
    for (let q = p.colPtr[j]; q < p.colPtr[j + 1]; q++) {
      const i = p.rowIdx[q];
      if (seen[i]) continue;
      seen[i] = true;
      if (colOfRow[i] < 0 || tryCol(colOfRow[i], seen)) {
        colOfRow[i] = j;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let j = 0; j < p.n; j++) if (tryCol(j, new Array<boolean>(p.n).fill(false))) size++;
  return size;
}

function isPermutation(perm: Int32Array, n: number): boolean {
  if (perm.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of perm) {
    if (v < 0 || v >= n || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

function hasEntry(p: CscPattern, i: number, j: number): boolean {
  for (let q = p.colPtr[j]; q < p.colPtr[j + 1]; q++) if (p.rowIdx[q] === i) return true;
  return false;
}

/** Symmetric adjacency (both directions, no diagonal, no duplicates) from a list of edges. */
function graph(n: number, edges: [number, number][]): { adjPtr: Int32Array; adjIdx: Int32Array } {
  const sets = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of edges) {
    if (a === b) continue;
    sets[a].add(b);
    sets[b].add(a);
  }
  const adjPtr = new Int32Array(n + 1);
  const all: number[] = [];
  sets.forEach((s, i) => {
    all.push(...[...s].sort((x, y) => x - y));
    adjPtr[i + 1] = all.length;
  });
  return { adjPtr, adjIdx: Int32Array.from(all) };
}

/** Exact fill of Cholesky in the given elimination order, by explicit graph elimination. */
function choleskyFill(n: number, g: { adjPtr: Int32Array; adjIdx: Int32Array }, perm: Int32Array): number {
  const adj = Array.from({ length: n }, (_, i) => new Set(g.adjIdx.subarray(g.adjPtr[i], g.adjPtr[i + 1])));
  const gone = new Uint8Array(n);
  let nnz = 0;
  for (const v of perm) {
    const nb = [...adj[v]].filter((u) => !gone[u]);
    nnz += nb.length;
    for (const a of nb) for (const b of nb) if (a !== b) adj[a].add(b);
    gone[v] = 1;
  }
  return nnz;
}

function randomGraph(seed: number, n: number, density: number, hubs: number): [number, number][] {
  const rng = rngFrom(seed);
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng() < density) edges.push([i, j]);
  for (let h = 0; h < hubs && n > 0; h++) {
    const hub = Math.floor(rng() * n);
    for (let j = 0; j < n; j++) edges.push([hub, j]);
  }
  return edges;
}

describe('maximum transversal', () => {
  it('finds a valid matching of maximum size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, n, d) => {
        const p = randomPattern(seed, n, d);
        const m = maximumTransversal(p);
        expect(m.size).toBe(referenceMatchingSize(p));
        let count = 0;
        for (let i = 0; i < n; i++) {
          const j = m.colOfRow[i];
          if (j < 0) continue;
          count++;
          expect(m.rowOfCol[j]).toBe(i);
          expect(hasEntry(p, i, j)).toBe(true);
        }
        expect(count).toBe(m.size);
      }),
      { numRuns: 300 },
    );
  });
});

describe('block triangular form', () => {
  it('is block upper triangular with a zero-free diagonal and irreducible blocks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 25 }), fc.double({ min: 0, max: 0.25, noNaN: true }), (seed, n, d) => {
        // Add a random permutation so the pattern is structurally non-singular.
        const rng = rngFrom(seed + 1);
        const base = randomPattern(seed, n, d);
        const t = new TripletBuilder(n);
        for (let j = 0; j < n; j++) for (let q = base.colPtr[j]; q < base.colPtr[j + 1]; q++) t.add(base.rowIdx[q], j, 1);
        const sigma = Int32Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          [sigma[i], sigma[j]] = [sigma[j], sigma[i]];
        }
        for (let j = 0; j < n; j++) if (!t.has(sigma[j], j)) t.add(sigma[j], j, 1);
        const p = t.build().pattern;

        const btf = blockTriangularForm(p);
        expect(btf.structuralRank).toBe(n);
        expect(btf.unmatchedColumns.length).toBe(0);
        expect(isPermutation(btf.rowPerm, n)).toBe(true);
        expect(isPermutation(btf.colPerm, n)).toBe(true);
        const rowPos = new Int32Array(n);
        btf.rowPerm.forEach((r, k) => (rowPos[r] = k));
        const blockOf = new Int32Array(n);
        for (let b = 0; b < btf.blockCount; b++) blockOf.fill(b, btf.blockStart[b], btf.blockStart[b + 1]);
        for (let k = 0; k < n; k++) {
          expect(hasEntry(p, btf.rowPerm[k], btf.colPerm[k])).toBe(true);
          const j = btf.colPerm[k];
          for (let q = p.colPtr[j]; q < p.colPtr[j + 1]; q++) expect(blockOf[rowPos[p.rowIdx[q]]]).toBeLessThanOrEqual(blockOf[k]);
        }
        // Irreducibility: blocks are exactly the SCCs of the permuted matrix's graph (transitive closure).
        const reach = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => a === b));
        for (let k = 0; k < n; k++) {
          const j = btf.colPerm[k];
          for (let q = p.colPtr[j]; q < p.colPtr[j + 1]; q++) reach[rowPos[p.rowIdx[q]]][k] = true;
        }
        for (let m = 0; m < n; m++) for (let a = 0; a < n; a++) if (reach[a][m]) for (let b = 0; b < n; b++) if (reach[m][b]) reach[a][b] = true;
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(reach[a][b] && reach[b][a]).toBe(blockOf[a] === blockOf[b]);
      }),
      { numRuns: 200 },
    );
  });

  it('reports the columns a structurally singular matrix cannot match', () => {
    // Columns 1 and 2 both live only in row 0.
    const t = new TripletBuilder(3);
    t.add(0, 0, 1);
    t.add(1, 0, 1);
    t.add(0, 1, 1);
    t.add(0, 2, 1);
    const btf = blockTriangularForm(t.build().pattern);
    expect(btf.structuralRank).toBe(2);
    expect(Array.from(btf.unmatchedColumns)).toEqual([2]);
    expect(isPermutation(btf.rowPerm, 3) && isPermutation(btf.colPerm, 3)).toBe(true);
  });
});

describe('approximate minimum degree', () => {
  it('returns a permutation for any symmetric graph (dense rows, isolated nodes, cliques)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 250 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        (seed, n, d, hubs) => {
          const g = graph(n, randomGraph(seed, n, d, hubs));
          expect(isPermutation(amdOrder(n, g.adjPtr, g.adjIdx), n)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
    const clique = graph(40, randomGraph(1, 40, 1, 0));
    expect(isPermutation(amdOrder(40, clique.adjPtr, clique.adjIdx), 40)).toBe(true);
  });

  it('orders a star hub last (zero fill) and a path without fill', () => {
    const n = 50;
    const star = graph(n, Array.from({ length: n - 1 }, (_, i) => [0, i + 1] as [number, number]));
    const ps = amdOrder(n, star.adjPtr, star.adjIdx);
    expect(choleskyFill(n, star, ps)).toBe(n - 1);
    const path = graph(n, Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]));
    expect(choleskyFill(n, path, amdOrder(n, path.adjPtr, path.adjIdx))).toBe(n - 1);
  });

  it('stays close to exact greedy minimum degree and beats natural order on random graphs', () => {
    // The 120-node graphs overflow AMD's elbow room, so this also checks workspace compaction.
    for (const [n, density, seeds] of [
      [60, 0.06, 20],
      [120, 0.05, 4],
    ] as const) {
      let amdTotal = 0;
      let mdTotal = 0;
      let natTotal = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const g = graph(n, randomGraph(seed, n, density, 0));
        amdTotal += choleskyFill(n, g, amdOrder(n, g.adjPtr, g.adjIdx));
        natTotal += choleskyFill(n, g, Int32Array.from({ length: n }, (_, i) => i));
        mdTotal += choleskyFill(n, g, exactMinimumDegree(n, g));
      }
      expect(amdTotal).toBeLessThan(1.1 * mdTotal);
      expect(amdTotal).toBeLessThan(0.7 * natTotal);
    }
  });

  it('grid: fill well below natural order', () => {
    const p = gridLaplacian(20).pattern;
    const edges: [number, number][] = [];
    for (let j = 0; j < p.n; j++) for (let q = p.colPtr[j]; q < p.colPtr[j + 1]; q++) edges.push([p.rowIdx[q], j]);
    const g = graph(p.n, edges);
    const amd = choleskyFill(p.n, g, amdOrder(p.n, g.adjPtr, g.adjIdx));
    const nat = choleskyFill(p.n, g, Int32Array.from({ length: p.n }, (_, i) => i));
    expect(amd).toBeLessThan(0.6 * nat);
  });
});

/** Greedy exact minimum degree on the explicit elimination graph (slow; small graphs only). */
function exactMinimumDegree(n: number, g: { adjPtr: Int32Array; adjIdx: Int32Array }): Int32Array {
  const adj = Array.from({ length: n }, (_, i) => new Set(g.adjIdx.subarray(g.adjPtr[i], g.adjPtr[i + 1])));
  const alive = new Set(Array.from({ length: n }, (_, i) => i));
  const order: number[] = [];
  while (alive.size > 0) {
    let best = -1;
    for (const v of alive) if (best < 0 || adj[v].size < adj[best].size) best = v;
    const nb = [...adj[best]];
    for (const a of nb) {
      adj[a].delete(best);
      for (const b of nb) if (a !== b) adj[a].add(b);
    }
    alive.delete(best);
    order.push(best);
  }
  return Int32Array.from(order);
}

describe('computeOrdering', () => {
  it('composes BTF and AMD into consistent permutations that keep the matched diagonal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.2, noNaN: true }), (seed, n, d) => {
        const t = new TripletBuilder(n);
        const base = randomPattern(seed, n, d);
        for (let j = 0; j < n; j++) {
          t.add(j, j, 1);
          for (let q = base.colPtr[j]; q < base.colPtr[j + 1]; q++) t.add(base.rowIdx[q], j, 1);
        }
        const p = t.build().pattern;
        const o = computeOrdering(p);
        expect(isPermutation(o.rowPerm, n) && isPermutation(o.colPerm, n)).toBe(true);
        for (let k = 0; k < n; k++) expect(hasEntry(p, o.rowPerm[k], o.colPerm[k])).toBe(true);
        expect(o.blockStart[0]).toBe(0);
        expect(o.blockStart[o.blockCount]).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});
