import type { LUFactors } from './factors.js';
import type { CscPattern } from './pattern.js';

/**
 * Numeric refactorisation on the pivot sequence and L/U patterns of the last factor(): the same
 * arithmetic in the same order, minus the graph search and pivot search. This is the per-Newton-
 * iteration path, so it touches only typed arrays and allocates nothing.
 *
 * The stored pivot is re-validated against the column it now sits in: if it is zero, non-finite, or
 * below tol·max|candidates|, the old sequence is no longer safe and the caller must re-pivot.
 *
 * @param x dense scratch of length n (positions), zero on entry and on return.
 * @returns -1 on success, or the position k whose pivot failed the test.
 */
export function refactorNumeric(
  f: LUFactors,
  x: Float64Array,
  pattern: CscPattern,
  values: Float64Array,
  tol: number,
): number {
  const { colPtr, rowIdx } = pattern;
  const { colPerm, blockStart, blockCount, rowScale, entryPos, lp, li, lx, up, ui, ux, uDiag, fp, fx } = f;

  for (let b = 0; b < blockCount; b++) {
    const k1 = blockStart[b];
    const k2 = blockStart[b + 1];

    if (k2 - k1 === 1) {
      const k = k1;
      const col = colPerm[k];
      let q = fp[k];
      let pivot = 0;
      let sum = 0;
      for (let p = colPtr[col]; p < colPtr[col + 1]; p++) {
        const v = values[p] * rowScale[rowIdx[p]];
        sum += Math.abs(v);
        if (entryPos[p] === k) pivot = v;
        else fx[q++] = v;
      }
      if (pivot === 0 || !(sum <= Number.MAX_VALUE)) return k;
      uDiag[k] = pivot;
      continue;
    }

    for (let k = k1; k < k2; k++) {
      const col = colPerm[k];
      let q = fp[k];
      let sum = 0;
      for (let p = colPtr[col]; p < colPtr[col + 1]; p++) {
        const v = values[p] * rowScale[rowIdx[p]];
        const pos = entryPos[p];
        if (pos < k1) {
          sum += Math.abs(v);
          fx[q++] = v;
        } else {
          x[pos] = v;
        }
      }

      for (let s = up[k], sEnd = up[k + 1]; s < sEnd; s++) {
        const j = ui[s];
        const xj = x[j];
        x[j] = 0;
        ux[s] = xj;
        sum += Math.abs(xj);
        if (xj === 0) continue;
        for (let t = lp[j], tEnd = lp[j + 1]; t < tEnd; t++) x[li[t]] -= lx[t] * xj;
      }

      const pivot = x[k];
      x[k] = 0;
      const absPivot = Math.abs(pivot);
      let maxAbs = absPivot;
      const l1 = lp[k];
      const l2 = lp[k + 1];
      for (let t = l1; t < l2; t++) {
        const a = Math.abs(x[li[t]]);
        sum += a;
        if (a > maxAbs) maxAbs = a;
      }
      sum += absPivot;
      if (!(absPivot > 0) || !(sum <= Number.MAX_VALUE) || absPivot < tol * maxAbs) {
        for (let t = l1; t < l2; t++) x[li[t]] = 0;
        return k;
      }
      uDiag[k] = pivot;
      for (let t = l1; t < l2; t++) {
        const i = li[t];
        lx[t] = x[i] / pivot;
        x[i] = 0;
      }
    }
  }
  return -1;
}
