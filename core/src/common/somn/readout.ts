/**
 * Linear readouts for reservoir computing: ridge regression (batch) and recursive least squares
 * (online), both with a bias term, and the normalised mean squared error they are judged by.
 */

/** Solves the symmetric positive-definite system A·x = b in place by Cholesky (A is n×n, row-major). */
export function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = Float64Array.from(A);
  for (let j = 0; j < n; j++) {
    let d = L[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0)) throw new RangeError(`choleskySolve: matrix not positive definite at column ${j}`);
    d = Math.sqrt(d);
    L[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = L[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / d;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/** Features are standardised with the training rows' mean and std; the weights include a bias. */
export interface RidgeModel {
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** Weights of the standardised features, then the bias. */
  readonly w: Float64Array;
}

/** Ridge regression on rows[i] (features) → y[i], penalty `lambda` on the (standardised) weights, not the bias. */
export function fitRidge(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, lambda: number): RidgeModel {
  const m = rows.length;
  const d = rows[0].length;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / m;
  for (const r of rows) for (let j = 0; j < d; j++) std[j] += (r[j] - mean[j]) ** 2 / m;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  const n = d + 1;
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) z[j] = (rows[i][j] - mean[j]) / std[j];
    z[d] = 1;
    for (let a = 0; a < n; a++) {
      b[a] += z[a] * y[i];
      for (let c = 0; c <= a; c++) A[a * n + c] += z[a] * z[c];
    }
  }
  for (let a = 0; a < n; a++) for (let c = 0; c < a; c++) A[c * n + a] = A[a * n + c];
  for (let j = 0; j < d; j++) A[j * n + j] += lambda;
  A[d * n + d] += 1e-12 * m; // keeps the bias row definite when every feature is constant
  return { mean, std, w: choleskySolve(A, b, n) };
}

export function predictRidge(model: RidgeModel, row: ArrayLike<number>): number {
  const d = model.mean.length;
  let s = model.w[d];
  for (let j = 0; j < d; j++) s += model.w[j] * ((row[j] - model.mean[j]) / model.std[j]);
  return s;
}

/** Normalised mean squared error: mean((y − ŷ)²) / var(y). */
export function nmse(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  let se = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    se += (y[i] - yhat[i]) ** 2;
    v += (y[i] - mean) ** 2;
  }
  return se / v;
}

/** Squared correlation coefficient of two series. */
export function squaredCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? (sab * sab) / (saa * sbb) : 0;
}

/**
 * Recursive least squares with forgetting factor μ: at every sample the weights (features and a bias)
 * minimise Σ_s μ^(t−s)·(y_s − w·z_s)² + δ·|w|², the exponentially weighted least-squares criterion of RLS
 * (Haykin, Adaptive Filter Theory, §10) with a regulariser that is not forgotten. The classic P-matrix
 * recursion forgets the regulariser too: under a periodic drive, which excites few directions, P grows
 * without bound in the others ("windup") until the weights blow up (measured: NMSE 476 after 30 s).
 * Here the weighted normal equations are accumulated and solved by Cholesky at each update, O(n³) for
 * n = features + 1, which is small next to a network step.
 */
export class RecursiveLeastSquares {
  readonly w: Float64Array;
  private readonly n: number;
  private readonly R: Float64Array;
  private readonly b: Float64Array;
  private readonly A: Float64Array;
  private readonly z: Float64Array;
  constructor(
    features: number,
    private readonly forgetting = 1,
    private readonly delta = 1e-2,
  ) {
    if (!(forgetting > 0 && forgetting <= 1)) throw new RangeError(`RecursiveLeastSquares: forgetting must be in (0, 1], got ${forgetting}`);
    this.n = features + 1;
    this.w = new Float64Array(this.n);
    this.R = new Float64Array(this.n * this.n);
    this.b = new Float64Array(this.n);
    this.A = new Float64Array(this.n * this.n);
    this.z = new Float64Array(this.n);
  }
  predict(x: ArrayLike<number>): number {
    let s = this.w[this.n - 1];
    for (let j = 0; j < this.n - 1; j++) s += this.w[j] * x[j];
    return s;
  }
  /** Learns from one (x, y) pair; returns the a-priori prediction (made before the update). */
  update(x: ArrayLike<number>, y: number): number {
    const { n, R, b, A, z } = this;
    const yhat = this.predict(x);
    for (let j = 0; j < n - 1; j++) z[j] = x[j];
    z[n - 1] = 1;
    const mu = this.forgetting;
    for (let i = 0; i < n; i++) {
      b[i] = mu * b[i] + z[i] * y;
      for (let j = 0; j < n; j++) {
        R[i * n + j] = mu * R[i * n + j] + z[i] * z[j];
        A[i * n + j] = R[i * n + j] + (i === j ? this.delta : 0);
      }
    }
    this.w.set(choleskySolve(A, b, n));
    return yhat;
  }
}
