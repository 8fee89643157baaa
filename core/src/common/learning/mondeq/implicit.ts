/**
 * The reference gradient of a monDEQ loss by the implicit function theorem (Winston & Kolter 2020),
 * computed densely from the equations alone — no circuit.
 *
 * Differentiating z = σ(W z + U x + b) at the equilibrium, with D = diag(σ'(y)), y = W z + u:
 *
 *   (I − D W) dz = D (dW z + dU x + db),
 *
 * so for a loss ℓ(C z + c) with g_z = Cᵀ ∂ℓ/∂logits the adjoint vector μ = D (I − Wᵀ D)⁻¹ g_z gives
 *
 *   ∂ℓ/∂W = μ zᵀ,  ∂ℓ/∂U = μ xᵀ,  ∂ℓ/∂b = μ,  ∂ℓ/∂C = (∂ℓ/∂logits) zᵀ,  ∂ℓ/∂c = ∂ℓ/∂logits,
 *
 * and through W = I − diag(m) − AᵀA + B − Bᵀ:  ∂ℓ/∂A = −A (G + Gᵀ),  ∂ℓ/∂B = G − Gᵀ,  ∂ℓ/∂m_j = −G_jj,
 * with G = ∂ℓ/∂W, and ∂ℓ/∂x = Uᵀ μ (passed back through a cascade). Gradients are added into `out`.
 */
import type { NeuronActivation } from './activation.js';
import { luFactor, luSolve } from '../../linalg/dense.js';
import { zerosLike, type MonDeqParams, type ParamArrays } from './params.js';
import type { Equilibrium } from './splitting.js';

export interface LossValue {
  readonly loss: number;
  /** ∂ℓ/∂logits. */
  readonly dLogits: Float64Array;
  readonly predicted: number;
}

/** Softmax cross-entropy of the logits against an integer label. */
export function crossEntropy(logits: ArrayLike<number>, label: number): LossValue {
  const k = logits.length;
  if (!(Number.isInteger(label) && label >= 0 && label < k)) throw new Error(`cross-entropy: label ${label} is not a class index below ${k}`);
  let max = -Infinity;
  let predicted = 0;
  for (let i = 0; i < k; i++)
    if (logits[i] > max) {
      max = logits[i];
      predicted = i;
    }
  let sum = 0;
  const p = new Float64Array(k);
  for (let i = 0; i < k; i++) sum += p[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < k; i++) p[i] /= sum;
  const loss = -(logits[label] - max - Math.log(sum));
  p[label] -= 1;
  return { loss, dLogits: p, predicted };
}

export function implicitGradient(
  p: MonDeqParams,
  W: Float64Array,
  activation: NeuronActivation,
  x: ArrayLike<number>,
  eq: Equilibrium,
  dLogits: ArrayLike<number>,
  out: ParamArrays = zerosLike(p),
  dInput?: Float64Array,
): ParamArrays {
  const { n, nIn, nOut, A, C } = p;
  const { z, y } = eq;
  const D = new Float64Array(n);
  for (let j = 0; j < n; j++) D[j] = activation.derivative(z[j], y[j]);
  const gz = new Float64Array(n);
  for (let k = 0; k < nOut; k++) for (let j = 0; j < n; j++) gz[j] += C[k * n + j] * dLogits[k];
  // M = I − Wᵀ D.
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = (i === j ? 1 : 0) - W[j * n + i] * D[j];
  const mu = luSolve(luFactor(M, n), gz);
  for (let j = 0; j < n; j++) mu[j] *= D[j];
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G[i * n + j] = mu[i] * z[j];
  for (let k = 0; k < n; k++)
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += A[k * n + i] * (G[i * n + l] + G[l * n + i]);
      out.A[k * n + l] += -s;
      out.B[k * n + l] += G[k * n + l] - G[l * n + k];
    }
  for (let j = 0; j < n; j++) {
    out.m[j] += -G[j * n + j];
    out.b[j] += mu[j];
    for (let i = 0; i < nIn; i++) out.U[j * nIn + i] += mu[j] * x[i];
  }
  for (let k = 0; k < nOut; k++) {
    out.c[k] += dLogits[k];
    for (let j = 0; j < n; j++) out.C[k * n + j] += dLogits[k] * z[j];
  }
  if (dInput) {
    // ∂ℓ/∂x = Uᵀ μ: what a cascade passes back to the stage before.
    dInput.fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i < nIn; i++) dInput[i] += p.U[j * nIn + i] * mu[j];
  }
  return out;
}
