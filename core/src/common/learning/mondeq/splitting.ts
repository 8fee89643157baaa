/**
 * The monDEQ equilibrium by operator splitting (Winston & Kolter 2020): find z with
 *
 *   0 ∈ (I − W) z − u + F(z),   u = U x + b,
 *
 * the sum of a linear operator Y = I − W (strongly monotone with margin min(m), Lipschitz L = ‖Y‖₂)
 * and the neuron operator F of activation.ts.
 *
 *  - Forward–backward:    z ← σ_α(z − α(Y z − u)), a contraction for 0 < α < 2·min(m)/L²; the default
 *    α = min(m)/L² gives the factor √(1 − min(m)²/L²).
 *  - Peaceman–Rachford:   z = σ_α(w), v = 2z − w, w ← 2(I + αY)⁻¹(v + αu) − v; converges for every
 *    α > 0 because Y is strongly monotone and Lipschitz; default α = 1/√(min(m)·L).
 *
 * Both stop when an iteration moves their iterate (z, resp. w) by less than tol·max(1, ‖iterate‖∞) and
 * report the fixed-point residual
 * ‖z − σ(W z + u)‖∞ of the answer.
 */
import type { NeuronActivation } from './activation.js';
import { luFactor, luSolve, matVec, spectralNorm, type DenseLu } from '../../linalg/dense.js';
import { injection, weightMatrix, type MonDeqParams } from './params.js';

export type SplittingMethod = 'fb' | 'pr';

export interface SplittingOptions {
  readonly method?: SplittingMethod;
  /** Step α; default as above. */
  readonly alpha?: number;
  readonly tol?: number;
  readonly maxIter?: number;
}

export interface Equilibrium {
  readonly z: Float64Array;
  /** Pre-activation y = W z + u at z. */
  readonly y: Float64Array;
  readonly iterations: number;
  /** ‖z − σ(W z + u)‖∞. */
  readonly residual: number;
}

export class SplittingSolver {
  readonly W: Float64Array;
  /** Y = I − W. */
  readonly Y: Float64Array;
  readonly method: SplittingMethod;
  readonly alpha: number;
  readonly tol: number;
  readonly maxIter: number;
  private readonly resolventLu: DenseLu | undefined;
  private readonly u: Float64Array;

  constructor(
    readonly params: MonDeqParams,
    readonly activation: NeuronActivation,
    o: SplittingOptions = {},
  ) {
    const { n } = params;
    this.W = weightMatrix(params);
    this.Y = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) this.Y[k] = -this.W[k];
    for (let i = 0; i < n; i++) this.Y[i * n + i] += 1;
    this.method = o.method ?? 'pr';
    const mMin = Math.min(...params.m);
    if (!(mMin > 0)) throw new Error('monDEQ splitting: every monotonicity margin m must be > 0');
    const L = spectralNorm(this.Y, n);
    this.alpha = o.alpha ?? (this.method === 'fb' ? mMin / (L * L) : 1 / Math.sqrt(mMin * L));
    if (!(this.alpha > 0)) throw new Error(`monDEQ splitting: step alpha must be > 0, got ${this.alpha}`);
    if (this.method === 'fb' && this.alpha >= (2 * mMin) / (L * L))
      throw new Error(`monDEQ splitting: forward–backward needs alpha < 2m/L² = ${(2 * mMin) / (L * L)}, got ${this.alpha}`);
    this.tol = o.tol ?? 1e-12;
    this.maxIter = o.maxIter ?? 20000;
    if (this.method === 'pr') {
      const M = new Float64Array(n * n);
      for (let k = 0; k < n * n; k++) M[k] = this.alpha * this.Y[k];
      for (let i = 0; i < n; i++) M[i * n + i] += 1;
      this.resolventLu = luFactor(M, n);
    }
    this.u = new Float64Array(n);
  }

  /** The equilibrium for input x, optionally warm-started from z0. */
  solve(x: ArrayLike<number>, z0?: ArrayLike<number>): Equilibrium {
    const { n } = this.params;
    const u = injection(this.params, x, this.u);
    const z = new Float64Array(n);
    if (z0) z.set(z0 as ArrayLike<number>);
    const it = this.method === 'pr' ? this.peacemanRachford(z, u) : this.forwardBackward(z, u);
    const y = matVec(this.W, n, n, z);
    let residual = 0;
    for (let j = 0; j < n; j++) {
      y[j] += u[j];
      residual = Math.max(residual, Math.abs(z[j] - this.activation.resolvent(y[j], 1)));
    }
    return { z, y, iterations: it, residual };
  }

  private forwardBackward(z: Float64Array, u: Float64Array): number {
    const { n } = this.params;
    const { alpha, activation } = this;
    const Yz = new Float64Array(n);
    for (let it = 1; it <= this.maxIter; it++) {
      matVec(this.Y, n, n, z, Yz);
      let move = 0;
      let size = 1;
      for (let j = 0; j < n; j++) {
        const next = activation.resolvent(z[j] - alpha * (Yz[j] - u[j]), alpha);
        move = Math.max(move, Math.abs(next - z[j]));
        size = Math.max(size, Math.abs(next));
        z[j] = next;
      }
      if (move <= this.tol * size) return it;
    }
    throw new Error(`monDEQ forward–backward splitting did not converge in ${this.maxIter} iterations`);
  }

  private peacemanRachford(z: Float64Array, u: Float64Array): number {
    const { n } = this.params;
    const { alpha, activation } = this;
    const lu = this.resolventLu!;
    // Start from w with σ_α(w) = z0: for z0 ≥ 0 in the ReLU case w = z0 does; any start converges.
    // The iterate is w (z can sit still at 0 while w is still moving), so the test is on w.
    const w = Float64Array.from(z);
    const rhs = new Float64Array(n);
    const v = new Float64Array(n);
    const xHalf = new Float64Array(n);
    for (let it = 1; it <= this.maxIter; it++) {
      for (let j = 0; j < n; j++) {
        const zj = activation.resolvent(w[j], alpha);
        z[j] = zj;
        v[j] = 2 * zj - w[j];
        rhs[j] = v[j] + alpha * u[j];
      }
      luSolve(lu, rhs, xHalf);
      let move = 0;
      let size = 1;
      for (let j = 0; j < n; j++) {
        const next = 2 * xHalf[j] - v[j];
        move = Math.max(move, Math.abs(next - w[j]));
        size = Math.max(size, Math.abs(next));
        w[j] = next;
      }
      if (move <= this.tol * size) {
        for (let j = 0; j < n; j++) z[j] = activation.resolvent(w[j], alpha);
        return it;
      }
    }
    throw new Error(`monDEQ Peaceman–Rachford splitting did not converge in ${this.maxIter} iterations`);
  }
}
