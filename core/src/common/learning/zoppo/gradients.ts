/**
 * Three gradients of the cost at the free fixed point with respect to the weights (w-space; multiply
 * by dw/dφ for fluxes):
 *  - recurrent back-propagation (Almeida 1987, Pineda 1987): at u* the side network
 *      τ·ż = −z + D·Wᵀ·z + D·∂C/∂ρ,   D = diag ρ′(u*),
 *    relaxes to z* = (I − D·Wᵀ)⁻¹·D·∂C/∂ρ, and dC/dw_ij = z_i·ρ_j + z_j·ρ_i (tied symmetric pair),
 *    dC/dV_ik = z_i·x_k;
 *  - equilibrium propagation (Scellier & Bengio 2017): with nudged fixed points u^{±β},
 *      dC/dw_ij ≈ −[ρ_i ρ_j]^{+β}_{−β}/(2β),   dC/dV_ik ≈ −[ρ_i]^{+β}_{−β}·x_k/(2β),
 *    exact as β → 0 (the error is O(β²) for the symmetric difference, O(β) one-sided);
 *  - central finite differences of C(u*(w)) (the independent check).
 */
import { cost, denseWeights, driveOf, newtonFixedPoint, relax, solveDense, type RnnParams, type RnnSpec } from './network.js';

export interface WeightGradient {
  readonly gW: Float64Array;
  readonly gV: Float64Array;
}

export interface FixedPoint {
  readonly u: Float64Array;
  readonly rho: Float64Array;
}

/** Free fixed point relaxed and then polished by Newton to machine precision. */
export function freeFixedPoint(spec: RnnSpec, p: RnnParams, x: ArrayLike<number>, beta = 0, target?: ArrayLike<number>, from?: Float64Array): FixedPoint {
  const { W, V } = denseWeights(spec, p);
  const drive = driveOf(spec, V, x);
  const u = from ? Float64Array.from(from) : new Float64Array(spec.n);
  const rho = new Float64Array(spec.n);
  relax(spec, W, drive, u, rho, { beta, target, tol: 1e-10, maxSteps: 5000 });
  const res = newtonFixedPoint(spec, W, drive, u, beta, target);
  if (!(res < 1e-10)) throw new Error(`fixed point not found (residual ${res})`);
  for (let i = 0; i < spec.n; i++) rho[i] = Math.tanh(u[i]);
  return { u, rho };
}

/** RBP: the side network's fixed point, solved densely (`exact`) or relaxed in time like the analog side network. */
export function rbpGradient(spec: RnnSpec, p: RnnParams, x: ArrayLike<number>, target: ArrayLike<number>, mode: 'exact' | 'relax' = 'exact'): WeightGradient & { z: Float64Array } {
  const { n } = spec;
  const { W } = denseWeights(spec, p);
  const fp = freeFixedPoint(spec, p, x);
  const g = new Float64Array(n);
  cost(spec, fp.rho, target, g);
  const D = Float64Array.from(fp.rho, (r) => 1 - r * r);
  let z: Float64Array;
  if (mode === 'exact') {
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) A[i * n + j] = -D[i] * W[j * n + i];
      A[i * n + i] += 1;
    }
    z = solveDense(A, Float64Array.from(g, (gi, i) => D[i] * gi), n);
  } else {
    z = new Float64Array(n);
    const next = new Float64Array(n);
    for (let step = 0; step < 20000; step++) {
      let change = 0;
      for (let i = 0; i < n; i++) {
        let s = D[i] * g[i] - z[i];
        let wz = 0;
        for (let j = 0; j < n; j++) wz += W[j * n + i] * z[j];
        s += D[i] * wz;
        next[i] = z[i] + 0.5 * s;
        change = Math.max(change, Math.abs(0.5 * s));
      }
      z.set(next);
      if (change < 1e-13) break;
    }
  }
  return { ...weightGradientFrom(spec, x, (i, j) => z[i] * fp.rho[j] + z[j] * fp.rho[i], (i) => z[i]), z };
}

function weightGradientFrom(spec: RnnSpec, x: ArrayLike<number>, pair: (i: number, j: number) => number, unit: (i: number) => number): WeightGradient {
  const gW = Float64Array.from(spec.pi, (i, q) => pair(i, spec.pj[q]));
  const gV = Float64Array.from(spec.ci, (i, q) => unit(i) * x[spec.ck[q]]);
  return { gW, gV };
}

/** EqProp estimate with nudges +β and −β (symmetric) or +β only. */
export function eqpropGradient(spec: RnnSpec, p: RnnParams, x: ArrayLike<number>, target: ArrayLike<number>, beta: number, symmetric = true): WeightGradient {
  const free = freeFixedPoint(spec, p, x);
  const plus = freeFixedPoint(spec, p, x, beta, target, free.u);
  const minus = symmetric ? freeFixedPoint(spec, p, x, -beta, target, free.u) : free;
  const scale = symmetric ? 2 * beta : beta;
  return weightGradientFrom(
    spec,
    x,
    (i, j) => -(plus.rho[i] * plus.rho[j] - minus.rho[i] * minus.rho[j]) / scale,
    (i) => -(plus.rho[i] - minus.rho[i]) / scale,
  );
}

/** Central finite differences of the fixed-point cost in w, for the listed pairs and input weights. */
export function finiteDifferenceGradient(spec: RnnSpec, p: RnnParams, x: ArrayLike<number>, target: ArrayLike<number>, pairs: readonly number[], inputs: readonly number[], h = 1e-6): WeightGradient {
  const base = freeFixedPoint(spec, p, x);
  const costAt = (phiW: Float64Array, phiV: Float64Array) => cost(spec, freeFixedPoint(spec, { phiW, phiV }, x, 0, undefined, base.u).rho, target);
  // Perturb in w-space through the flux: w(φ + δ) with δ = h / (dw/dφ) to first order is not exact, so
  // perturb the dense weights directly by rebuilding from a modified flux that hits w ± h exactly.
  const gW = new Float64Array(spec.pi.length);
  const gV = new Float64Array(spec.ci.length);
  const shift = (phi: number, dw: number) => {
    const w = spec.wmax * (2 / (1 + Math.exp(-phi / spec.phi0)) - 1) + dw;
    const s = (w / spec.wmax + 1) / 2;
    return spec.phi0 * Math.log(s / (1 - s));
  };
  for (const q of pairs) {
    const up = Float64Array.from(p.phiW);
    const dn = Float64Array.from(p.phiW);
    up[q] = shift(p.phiW[q], h);
    dn[q] = shift(p.phiW[q], -h);
    gW[q] = (costAt(up, p.phiV) - costAt(dn, p.phiV)) / (2 * h);
  }
  for (const q of inputs) {
    const up = Float64Array.from(p.phiV);
    const dn = Float64Array.from(p.phiV);
    up[q] = shift(p.phiV[q], h);
    dn[q] = shift(p.phiV[q], -h);
    gV[q] = (costAt(p.phiW, up) - costAt(p.phiW, dn)) / (2 * h);
  }
  return { gW, gV };
}
