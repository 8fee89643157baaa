/**
 * Dense reference for the sparse solver tests: textbook LU with full-column partial pivoting on a
 * row-major copy. Deliberately simple — it is the oracle, so it must be obviously right.
 */
import type { CscPattern } from '../../src/common/solver/sparse/index.js';

export function toDense(pattern: CscPattern, values: Float64Array): Float64Array {
  const { n, colPtr, rowIdx } = pattern;
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) a[rowIdx[p] * n + j] = values[p];
  }
  return a;
}

export interface DenseFactor {
  readonly n: number;
  readonly lu: Float64Array;
  readonly perm: Int32Array;
  /** Smallest |pivot| relative to the largest |entry| of A; 0 if exactly singular. */
  readonly minPivotRatio: number;
}

export function denseFactor(a: Float64Array, n: number): DenseFactor {
  const lu = a.slice();
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let amax = 0;
  for (const v of a) amax = Math.max(amax, Math.abs(v));
  let minPivot = Infinity;
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]) > Math.abs(lu[piv * n + k])) piv = i;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[piv * n + j];
        lu[piv * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[piv];
      perm[piv] = t;
    }
    const d = lu[k * n + k];
    minPivot = Math.min(minPivot, Math.abs(d));
    if (d === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const l = (lu[i * n + k] /= d);
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= l * lu[k * n + j];
    }
  }
  return { n, lu, perm, minPivotRatio: n === 0 ? 1 : amax > 0 ? minPivot / amax : 0 };
}

export function denseSolve(f: DenseFactor, b: Float64Array): Float64Array {
  const { n, lu, perm } = f;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = b[perm[i]];
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= lu[i * n + j] * x[j];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) x[i] -= lu[i * n + j] * x[j];
    x[i] /= lu[i * n + i];
  }
  return x;
}

/** 1-norm condition number via the explicit inverse; n is small in the property tests. */
export function condition1(a: Float64Array, n: number): number {
  const f = denseFactor(a, n);
  if (f.minPivotRatio === 0) return Infinity;
  let normA = 0;
  let normInv = 0;
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    normA = Math.max(normA, s);
    e.fill(0);
    e[j] = 1;
    const col = denseSolve(f, e);
    let t = 0;
    for (let i = 0; i < n; i++) t += Math.abs(col[i]);
    if (!Number.isFinite(t)) return Infinity;
    normInv = Math.max(normInv, t);
  }
  return normA * normInv;
}

/** ‖A·x − b‖∞ / (‖A‖∞·‖x‖∞ + ‖b‖∞): the normwise backward error, ~eps for a stable solve. */
export function backwardError(pattern: CscPattern, values: Float64Array, x: Float64Array, b: Float64Array): number {
  const { n, colPtr, rowIdx } = pattern;
  const r = Float64Array.from(b, (v) => -v);
  const rowSum = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      r[rowIdx[p]] += values[p] * x[j];
      rowSum[rowIdx[p]] += Math.abs(values[p]);
    }
  }
  const inf = (v: Float64Array): number => v.reduce((m, t) => Math.max(m, Math.abs(t)), 0);
  const denom = inf(rowSum) * inf(x) + inf(b);
  return denom === 0 ? inf(r) : inf(r) / denom;
}

export function maxRelDiff(x: Float64Array, y: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num = Math.max(num, Math.abs(x[i] - y[i]));
    den = Math.max(den, Math.abs(y[i]));
  }
  return den === 0 ? num : num / den;
}
