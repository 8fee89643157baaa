/**
 * Small dense linear algebra (row-major n×n matrices, LU with partial pivoting) for the computations
 * that are not circuits: the monDEQ references (implicit-function gradient, the resolvent of
 * Peaceman–Rachford splitting), the recurrent networks' Newton steps and back-propagation, the CTD
 * network equation. Kept apart from the circuit kernel's sparse LU on purpose, so the references share
 * no solver code with the circuit path they check.
 */

/** An LU factorisation P·M = L·U of a row-major n×n matrix (L unit lower, both stored in `lu`). */
export interface DenseLu {
  readonly n: number;
  readonly lu: Float64Array;
  readonly perm: Int32Array;
}

export function luFactor(m: ArrayLike<number>, n: number): DenseLu {
  const lu = Float64Array.from(m as ArrayLike<number>);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 0)) throw new Error(`dense LU: matrix is singular (column ${k})`);
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const piv = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= piv);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { n, lu, perm };
}

/** Solves M·x = b. */
export function luSolve(f: DenseLu, b: ArrayLike<number>, out: Float64Array = new Float64Array(f.n)): Float64Array {
  const { n, lu, perm } = f;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * y[j];
    y[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * out[j];
    out[i] = s / lu[i * n + i];
  }
  return out;
}

/** Solves Mᵀ·x = b (Uᵀ then Lᵀ, then undo the row permutation). */
export function luSolveTransposed(f: DenseLu, b: ArrayLike<number>, out: Float64Array = new Float64Array(f.n)): Float64Array {
  const { n, lu, perm } = f;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= lu[j * n + i] * w[j];
    w[i] = s / lu[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = w[i];
    for (let j = i + 1; j < n; j++) s -= lu[j * n + i] * w[j];
    w[i] = s;
  }
  for (let i = 0; i < n; i++) out[perm[i]] = w[i];
  return out;
}

/** out = M·x for a row-major rows×cols matrix. */
export function matVec(m: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>, out: Float64Array = new Float64Array(rows)): Float64Array {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) s += m[base + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** out = Mᵀ·x for a row-major rows×cols matrix. */
export function matTVec(m: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>, out: Float64Array = new Float64Array(cols)): Float64Array {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j] += m[base + j] * xi;
  }
  return out;
}

/** Spectral norm of a row-major n×n matrix by power iteration on MᵀM (deterministic start). */
export function spectralNorm(m: ArrayLike<number>, n: number, iterations = 200): number {
  let v: Float64Array = new Float64Array(n).fill(1 / Math.sqrt(n));
  let sigma = 0;
  for (let it = 0; it < iterations; it++) {
    const w = matTVec(m, n, n, matVec(m, n, n, v));
    let norm = 0;
    for (let i = 0; i < n; i++) norm += w[i] * w[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    const next = Math.sqrt(norm);
    for (let i = 0; i < n; i++) w[i] /= norm;
    v = w;
    if (Math.abs(next - sigma) <= 1e-12 * next) return next;
    sigma = next;
  }
  return sigma;
}
