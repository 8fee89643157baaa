import type { LUFactors } from './factors.js';
import type { Ordering } from './ordering.js';
import type { CscPattern } from './pattern.js';

/** Dense scratch of length n, allocated once per SparseLU and reused by every factorisation. */
export interface FactorWorkspace {
  /** Values of the column being eliminated, indexed by pre-order row; all zero between columns. */
  readonly x: Float64Array;
  /** Column stamp: flag[i] === k ⇔ row i is in the reach of column k. */
  readonly flag: Int32Array;
  readonly stack: Int32Array;
  readonly edge: Int32Array;
  /** reach[top..n-1]: rows reached by the current column, in topological order. */
  readonly reach: Int32Array;
  /** Pre-order row → pivot position, or -1 while not yet pivotal. */
  readonly pinv: Int32Array;
  /** Preferred ("diagonal") pre-order row of each column position, and its inverse. */
  readonly diagRow: Int32Array;
  readonly diagCol: Int32Array;
  /** Original row → pre-order position (inverse of ordering.rowPerm). */
  readonly preRow: Int32Array;
}

export function createWorkspace(ordering: Ordering): FactorWorkspace {
  const n = ordering.n;
  const preRow = new Int32Array(n);
  for (let k = 0; k < n; k++) preRow[ordering.rowPerm[k]] = k;
  return {
    x: new Float64Array(n),
    flag: new Int32Array(n),
    stack: new Int32Array(n),
    edge: new Int32Array(n),
    reach: new Int32Array(n),
    pinv: new Int32Array(n),
    diagRow: new Int32Array(n),
    diagCol: new Int32Array(n),
    preRow,
  };
}

/**
 * Left-looking LU with threshold partial pivoting (Gilbert & Peierls 1988), one diagonal block at a
 * time, columns in the fill-reducing order. For column k: the non-zero pattern of L⁻¹·a_k is the set of
 * rows reachable from a_k's rows in the graph of L (a DFS whose postorder is a valid elimination order),
 * so the sparse triangular solve costs time proportional to its flops, not to n.
 *
 * The pivot is the preferred "diagonal" row when |x_diag| ≥ tol·max|x_candidates| — keeping the
 * symmetric fill-reducing structure — and the largest candidate otherwise. When a column takes another
 * column's diagonal row, that column inherits the displaced one, so the preference stays a bijection.
 *
 * Rows of L are stored as pre-order rows while the factorisation runs (the DFS needs them before their
 * pivot positions exist) and renumbered to positions at the end.
 *
 * Returns -1 on success, or the position k whose column had no usable pivot (all candidates zero or
 * non-finite values met); factors are then invalid but the workspace is clean.
 */
export function factorNumeric(
  f: LUFactors,
  ws: FactorWorkspace,
  pattern: CscPattern,
  values: Float64Array,
  ordering: Ordering,
  tol: number,
): number {
  const n = f.n;
  const { colPtr, rowIdx } = pattern;
  const { x, flag, stack, edge, reach, pinv, diagRow, diagCol, preRow } = ws;
  const { colPerm, blockStart, blockCount, rowScale, lp, up, uDiag, fp, fi, fx } = f;
  let li = f.li;
  let lx = f.lx;
  let ui = f.ui;
  let ux = f.ux;

  x.fill(0);
  flag.fill(-1);
  pinv.fill(-1);
  for (let k = 0; k < n; k++) {
    diagRow[k] = k;
    diagCol[k] = k;
  }
  let lnz = 0;
  let unz = 0;
  let fnz = 0;
  let offDiagonalPivots = 0;

  for (let b = 0; b < blockCount; b++) {
    const k1 = blockStart[b];
    const k2 = blockStart[b + 1];

    if (k2 - k1 === 1) {
      // 1×1 block: the pivot is forced; no graph search, no L, no U.
      const k = k1;
      lp[k] = lnz;
      up[k] = unz;
      fp[k] = fnz;
      const col = colPerm[k];
      let pivot = 0;
      let sum = 0;
      for (let p = colPtr[col]; p < colPtr[col + 1]; p++) {
        const r = rowIdx[p];
        const v = values[p] * rowScale[r];
        sum += Math.abs(v);
        const i = preRow[r];
        if (i === k) pivot = v;
        else {
          fi[fnz] = pinv[i];
          fx[fnz++] = v;
        }
      }
      if (pivot === 0 || !(sum <= Number.MAX_VALUE)) return k;
      uDiag[k] = pivot;
      pinv[k] = k;
      continue;
    }

    for (let k = k1; k < k2; k++) {
      lp[k] = lnz;
      up[k] = unz;
      fp[k] = fnz;
      const col = colPerm[k];
      let sum = 0;

      // ---- scatter a_k and find the reach of its rows in the graph of L
      let top = n;
      for (let p = colPtr[col]; p < colPtr[col + 1]; p++) {
        const r = rowIdx[p];
        const v = values[p] * rowScale[r];
        const i = preRow[r];
        if (i < k1) {
          // Row of an earlier block: part of F, already pivotal there.
          sum += Math.abs(v);
          fi[fnz] = pinv[i];
          fx[fnz++] = v;
          continue;
        }
        x[i] = v;
        if (flag[i] === k) continue;
        flag[i] = k;
        let depth = 0;
        stack[0] = i;
        const ji = pinv[i];
        edge[0] = ji < 0 ? 0 : lp[ji];
        while (depth >= 0) {
          const node = stack[depth];
          const j = pinv[node];
          let descended = false;
          if (j >= 0) {
            const end = lp[j + 1];
            for (let q = edge[depth]; q < end; q++) {
              const r2 = li[q];
              if (flag[r2] === k) continue;
              edge[depth] = q + 1;
              flag[r2] = k;
              stack[++depth] = r2;
              const j2 = pinv[r2];
              edge[depth] = j2 < 0 ? 0 : lp[j2];
              descended = true;
              break;
            }
          }
          if (!descended) {
            depth--;
            reach[--top] = node;
          }
        }
      }

      // ---- sparse triangular solve x = L⁻¹·a_k in topological order
      for (let t = top; t < n; t++) {
        const i = reach[t];
        const j = pinv[i];
        if (j < 0) continue;
        const xi = x[i];
        if (xi === 0) continue;
        for (let q = lp[j], end = lp[j + 1]; q < end; q++) x[li[q]] -= lx[q] * xi;
      }

      // ---- threshold partial pivoting with diagonal preference
      let maxAbs = 0;
      let pivRow = -1;
      let nL = 0;
      let nU = 0;
      for (let t = top; t < n; t++) {
        const i = reach[t];
        const a = Math.abs(x[i]);
        sum += a;
        if (pinv[i] >= 0) {
          nU++;
          continue;
        }
        nL++;
        if (a > maxAbs) {
          maxAbs = a;
          pivRow = i;
        }
      }
      if (!(maxAbs > 0) || !(sum <= Number.MAX_VALUE)) {
        for (let t = top; t < n; t++) x[reach[t]] = 0;
        return k;
      }
      const d = diagRow[k];
      if (pivRow !== d && pinv[d] < 0) {
        const ad = Math.abs(x[d]);
        if (ad > 0 && ad >= tol * maxAbs) pivRow = d;
      }
      const pivot = x[pivRow];

      // ---- store U (pivotal rows, topological order) and L (the rest, divided by the pivot)
      if (lnz + nL - 1 > li.length) {
        f.reserveL(lnz + nL - 1);
        li = f.li;
        lx = f.lx;
      }
      if (unz + nU > ui.length) {
        f.reserveU(unz + nU);
        ui = f.ui;
        ux = f.ux;
      }
      for (let t = top; t < n; t++) {
        const i = reach[t];
        const j = pinv[i];
        if (j >= 0) {
          ui[unz] = j;
          ux[unz++] = x[i];
        } else if (i !== pivRow) {
          li[lnz] = i;
          lx[lnz++] = x[i] / pivot;
        }
        x[i] = 0;
      }
      uDiag[k] = pivot;
      pinv[pivRow] = k;
      if (pivRow !== d) {
        offDiagonalPivots++;
        const kbar = diagCol[pivRow];
        diagRow[kbar] = d;
        diagCol[d] = kbar;
      }
    }
  }
  lp[n] = lnz;
  up[n] = unz;
  fp[n] = fnz;

  for (let q = 0; q < lnz; q++) li[q] = pinv[li[q]];
  for (let i = 0; i < n; i++) {
    const r = ordering.rowPerm[i];
    f.rowPerm[pinv[i]] = r;
    f.rowPos[r] = pinv[i];
  }
  const nnz = colPtr[n];
  for (let p = 0; p < nnz; p++) f.entryPos[p] = f.rowPos[rowIdx[p]];
  f.offDiagonalPivots = offDiagonalPivots;
  return -1;
}
