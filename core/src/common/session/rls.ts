/**
 * Recursive least squares (Haykin, Adaptive Filter Theory, §10): the exact minimiser of
 * Σ λ^(n−i)·(y_i − w·φ_i)² + δ·λ^n·|w|², updated sample by sample in O(m²) — the standard online
 * readout of a reservoir. With λ = 1 it equals the ridge solution (δI + ΦᵀΦ)⁻¹Φᵀy of every sample so far.
 */
export class Rls {
  readonly w: Float64Array;
  /** Inverse of the (weighted, regularised) correlation matrix, row-major m×m. */
  readonly P: Float64Array;
  private readonly Pphi: Float64Array;

  constructor(
    readonly m: number,
    readonly lambda: number,
    delta: number,
  ) {
    this.w = new Float64Array(m);
    this.P = new Float64Array(m * m);
    for (let i = 0; i < m; i++) this.P[i * m + i] = 1 / delta;
    this.Pphi = new Float64Array(m);
  }

  predict(phi: ArrayLike<number>): number {
    let y = 0;
    for (let i = 0; i < this.m; i++) y += this.w[i] * phi[i];
    return y;
  }

  /** Learns (φ, y); returns the a-priori error y − w·φ (before the update). */
  update(phi: ArrayLike<number>, y: number): number {
    const { m, P, Pphi, w, lambda } = this;
    let denom = lambda;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += P[i * m + j] * phi[j];
      Pphi[i] = s;
      denom += phi[i] * s;
    }
    const e = y - this.predict(phi);
    // k = Pφ/denom; w += k·e; P = (P − k·(Pφ)ᵀ)/λ (P is symmetric, so φᵀP = (Pφ)ᵀ).
    for (let i = 0; i < m; i++) w[i] += (Pphi[i] / denom) * e;
    for (let i = 0; i < m; i++) {
      const ki = Pphi[i] / denom;
      for (let j = 0; j < m; j++) P[i * m + j] = (P[i * m + j] - ki * Pphi[j]) / lambda;
    }
    return e;
  }
}
