import { amdOrder } from './amd.js';
import { blockTriangularForm } from './btf.js';
import { maximumTransversal } from './matching.js';
import type { CscPattern } from './pattern.js';

/**
 * 'btf-amd' (default): block triangular form, then AMD on A+Aᵀ inside each diagonal block — KLU's
 * strategy, right for circuit matrices. 'natural': one block in the caller's numbering, for comparison
 * and debugging; pivoting still applies.
 */
export type OrderingMethod = 'btf-amd' | 'natural';

/**
 * Fill-reducing pre-ordering, computed once per pattern. Position k holds column colPerm[k]; rowPerm[k]
 * is the row the factorisation prefers as its pivot (the matched "diagonal"), which partial pivoting
 * may overrule. Pivoting never crosses block boundaries.
 */
export interface Ordering {
  readonly n: number;
  readonly rowPerm: Int32Array;
  readonly colPerm: Int32Array;
  readonly blockStart: Int32Array;
  readonly blockCount: number;
  readonly structuralRank: number;
  readonly unmatchedColumns: Int32Array;
}

export function computeOrdering(pattern: CscPattern, method: OrderingMethod = 'btf-amd'): Ordering {
  const n = pattern.n;
  if (method === 'natural') {
    const matching = maximumTransversal(pattern);
    const unmatched: number[] = [];
    for (let j = 0; j < n; j++) if (matching.rowOfCol[j] < 0) unmatched.push(j);
    const identity = new Int32Array(n);
    for (let k = 0; k < n; k++) identity[k] = k;
    return {
      n,
      rowPerm: identity,
      colPerm: identity.slice(),
      blockStart: n > 0 ? Int32Array.of(0, n) : Int32Array.of(0),
      blockCount: n > 0 ? 1 : 0,
      structuralRank: matching.size,
      unmatchedColumns: Int32Array.from(unmatched),
    };
  }

  const btf = blockTriangularForm(pattern);
  const rowPerm = btf.rowPerm.slice();
  const colPerm = btf.colPerm.slice();
  const rowPos = new Int32Array(n);
  for (let k = 0; k < n; k++) rowPos[rowPerm[k]] = k;

  for (let b = 0; b < btf.blockCount; b++) {
    const k1 = btf.blockStart[b];
    const size = btf.blockStart[b + 1] - k1;
    // Two unknowns or fewer have no fill to reduce.
    if (size < 3) continue;
    const { adjPtr, adjIdx } = symmetricBlockGraph(pattern, rowPos, colPerm, k1, size);
    const perm = amdOrder(size, adjPtr, adjIdx);
    // Permute rows and columns together so the matched diagonal stays on the diagonal.
    const rows = rowPerm.slice(k1, k1 + size);
    const cols = colPerm.slice(k1, k1 + size);
    for (let t = 0; t < size; t++) {
      rowPerm[k1 + t] = rows[perm[t]];
      colPerm[k1 + t] = cols[perm[t]];
    }
  }

  return {
    n,
    rowPerm,
    colPerm,
    blockStart: btf.blockStart,
    blockCount: btf.blockCount,
    structuralRank: btf.structuralRank,
    unmatchedColumns: btf.unmatchedColumns,
  };
}

/**
 * Pattern of B+Bᵀ without its diagonal, where B is the diagonal block at positions k1..k1+size-1 in
 * local numbering. Symmetrising is what lets a symmetric ordering serve an unsymmetric LU: AMD bounds
 * the fill of Cholesky on B+Bᵀ, which bounds LU fill for diagonal pivots.
 */
function symmetricBlockGraph(
  pattern: CscPattern,
  rowPos: Int32Array,
  colPerm: Int32Array,
  k1: number,
  size: number,
): { adjPtr: Int32Array; adjIdx: Int32Array } {
  const { colPtr, rowIdx } = pattern;
  const count = new Int32Array(size + 1);
  for (let j = 0; j < size; j++) {
    const col = colPerm[k1 + j];
    for (let p = colPtr[col]; p < colPtr[col + 1]; p++) {
      const i = rowPos[rowIdx[p]] - k1;
      if (i < 0 || i >= size || i === j) continue;
      count[i]++;
      count[j]++;
    }
  }
  const start = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) start[i + 1] = start[i] + count[i];
  const fill = start.slice(0, size);
  const raw = new Int32Array(start[size]);
  for (let j = 0; j < size; j++) {
    const col = colPerm[k1 + j];
    for (let p = colPtr[col]; p < colPtr[col + 1]; p++) {
      const i = rowPos[rowIdx[p]] - k1;
      if (i < 0 || i >= size || i === j) continue;
      raw[fill[i]++] = j;
      raw[fill[j]++] = i;
    }
  }
  // Drop the duplicates that symmetric entries produce.
  const seen = new Int32Array(size).fill(-1);
  const adjPtr = new Int32Array(size + 1);
  let q = 0;
  for (let i = 0; i < size; i++) {
    adjPtr[i] = q;
    for (let p = start[i]; p < start[i + 1]; p++) {
      const j = raw[p];
      if (seen[j] === i) continue;
      seen[j] = i;
      raw[q++] = j;
    }
  }
  adjPtr[size] = q;
  return { adjPtr, adjIdx: raw.subarray(0, q) };
}
