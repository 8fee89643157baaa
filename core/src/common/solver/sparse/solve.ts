import type { LUFactors } from './factors.js';

/**
 * Solves A·x = b in place: x = Q · (blockdiag(L_b·U_b) + F)⁻¹ · P·R·b by block back-substitution.
 * Blocks go last to first: once block b is solved, its columns of F are subtracted from the
 * right-hand sides of earlier blocks. L_b⁻¹ must be applied per block *after* those updates arrive,
 * which is why L and U cannot each be swept once over the whole matrix.
 *
 * @param y scratch of length n (positions).
 */
export function solveInPlace(f: LUFactors, b: Float64Array, y: Float64Array): void {
  const { n, rowPerm, colPerm, rowScale, blockStart, blockCount, lp, li, lx, up, ui, ux, uDiag, fp, fi, fx } = f;
  for (let k = 0; k < n; k++) {
    const r = rowPerm[k];
    y[k] = b[r] * rowScale[r];
  }
  for (let blk = blockCount - 1; blk >= 0; blk--) {
    const k1 = blockStart[blk];
    const k2 = blockStart[blk + 1];
    for (let k = k1; k < k2; k++) {
      const yk = y[k];
      if (yk === 0) continue;
      for (let p = lp[k], end = lp[k + 1]; p < end; p++) y[li[p]] -= lx[p] * yk;
    }
    for (let k = k2 - 1; k >= k1; k--) {
      const yk = y[k] / uDiag[k];
      y[k] = yk;
      if (yk === 0) continue;
      for (let p = up[k], end = up[k + 1]; p < end; p++) y[ui[p]] -= ux[p] * yk;
    }
    for (let k = k1; k < k2; k++) {
      const yk = y[k];
      if (yk === 0) continue;
      for (let p = fp[k], end = fp[k + 1]; p < end; p++) y[fi[p]] -= fx[p] * yk;
    }
  }
  for (let k = 0; k < n; k++) b[colPerm[k]] = y[k];
}
