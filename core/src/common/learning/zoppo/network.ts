/**
 * Memristor recurrent network of Zoppo, Marrone & Corinto (2019/2020):
 *
 *   τ·du/dt = −u + W·ρ(u) + V·x,     ρ = tanh,
 *
 * W symmetric (one memristor per connected pair), V the input weights (column 0 of x is the constant 1,
 * so V's column 0 is the bias b). Every weight is a flux-controlled memristor against a reference
 * conductance at the middle of its range: w = wmax·(G(φ) − Gref)/((gmax − gmin)/2) = wmax·(2σ(φ/φ0) − 1),
 * so w ∈ (−wmax, wmax), dw/dφ = 2·wmax·σ(1 − σ)/φ0, and φ is kept in [−φmax, φmax] like the device state
 * of memristor.flux. Learning changes the fluxes: a programming voltage v across a memristor for a time
 * dt moves its flux by v·dt (dφ/dt = v).
 *
 * For symmetric W the dynamics descends the Hopfield energy (in ρ-coordinates)
 *   E(u) = Σ_i ∫₀^{ρ_i} ρ⁻¹ − ½·ρᵀWρ − ρᵀVx,
 * whose stationary points are the fixed points u* = Wρ(u*) + Vx; with a cost C(ρ) the nudged dynamics
 * τ·u̇ = −u + Wρ + Vx − β·∂C/∂ρ descends F = E + β·C (equilibrium propagation, Scellier & Bengio 2017).
 */
import { Prng } from '../../random/prng.js';
import { luFactor, luSolve } from '../../linalg/dense.js';

export interface RnnSpec {
  /** Neurons. */
  readonly n: number;
  /** Inputs including the constant 1 at index 0. */
  readonly k: number;
  /** Recurrent pairs (i < j). */
  readonly pi: Int32Array;
  readonly pj: Int32Array;
  /** Input connections: neuron and input index. */
  readonly ci: Int32Array;
  readonly ck: Int32Array;
  /** Output neurons (the cost reads ρ of these). */
  readonly outputs: Int32Array;
  /** Weight bound and memristor flux scale / bound (V·s). */
  readonly wmax: number;
  readonly phi0: number;
  readonly phimax: number;
}

/** Fluxes of the recurrent memristors and of the input memristors. */
export interface RnnParams {
  readonly phiW: Float64Array;
  readonly phiV: Float64Array;
}

function sigma(u: number): number {
  const e = Math.exp(-Math.abs(u));
  return u >= 0 ? 1 / (1 + e) : e / (1 + e);
}

export function weightOf(spec: RnnSpec, phi: number): number {
  return spec.wmax * (2 * sigma(phi / spec.phi0) - 1);
}

export function weightSlope(spec: RnnSpec, phi: number): number {
  const s = sigma(phi / spec.phi0);
  return (2 * spec.wmax * s * (1 - s)) / spec.phi0;
}

export function fluxOf(spec: RnnSpec, w: number): number {
  const s = Math.min(1 - 1e-12, Math.max(1e-12, (w / spec.wmax + 1) / 2));
  return Math.min(spec.phimax, Math.max(-spec.phimax, spec.phi0 * Math.log(s / (1 - s))));
}

/** Dense symmetric W (row-major n×n) and dense V (n×k) from the fluxes. */
export function denseWeights(spec: RnnSpec, p: RnnParams): { W: Float64Array; V: Float64Array } {
  const { n, k } = spec;
  const W = new Float64Array(n * n);
  const V = new Float64Array(n * k);
  for (let q = 0; q < spec.pi.length; q++) {
    const w = weightOf(spec, p.phiW[q]);
    W[spec.pi[q] * n + spec.pj[q]] = w;
    W[spec.pj[q] * n + spec.pi[q]] = w;
  }
  for (let q = 0; q < spec.ci.length; q++) V[spec.ci[q] * k + spec.ck[q]] = weightOf(spec, p.phiV[q]);
  return { W, V };
}

/** Random initial fluxes: weights uniform in ±scale/√fan-in. */
export function initialParams(spec: RnnSpec, rng: Prng, scale = 1): RnnParams {
  const fanW = new Float64Array(spec.n);
  const fanV = new Float64Array(spec.n);
  for (let q = 0; q < spec.pi.length; q++) {
    fanW[spec.pi[q]]++;
    fanW[spec.pj[q]]++;
  }
  for (let q = 0; q < spec.ci.length; q++) fanV[spec.ci[q]]++;
  const phiW = Float64Array.from(spec.pi, (i, q) => {
    const a = scale / Math.sqrt(Math.max(1, fanW[i] + fanW[spec.pj[q]]) / 2);
    return fluxOf(spec, rng.uniform(-a, a));
  });
  const phiV = Float64Array.from(spec.ci, (i) => fluxOf(spec, rng.uniform(-1, 1) * (scale / Math.sqrt(Math.max(1, fanV[i] + fanW[i])))));
  return { phiW, phiV };
}

/** Cost C = ½·Σ_out (ρ(u_o) − t_o)² and its gradient ∂C/∂ρ into g (zero off the outputs). */
export function cost(spec: RnnSpec, rho: Float64Array, target: ArrayLike<number>, g?: Float64Array): number {
  let c = 0;
  if (g) g.fill(0);
  for (let q = 0; q < spec.outputs.length; q++) {
    const o = spec.outputs[q];
    const e = rho[o] - target[q];
    c += 0.5 * e * e;
    if (g) g[o] = e;
  }
  return c;
}

export interface RelaxOptions {
  /** Nudging strength β and the targets of the outputs (β = 0: free phase). */
  readonly beta?: number;
  readonly target?: ArrayLike<number>;
  /** Euler step in units of τ. */
  readonly dt?: number;
  readonly tol?: number;
  readonly maxSteps?: number;
  /**
   * Called after every step with the step length (τ units) and the state: continuous-time learning
   * moves the memristor fluxes here.
   */
  readonly onStep?: (dt: number, u: Float64Array, rho: Float64Array) => void;
}

/**
 * The network (free or nudged) relaxed from u in place by forward Euler on τ·u̇ = −u + Wρ + Vx − β∂C/∂ρ
 * until max|Δu| < tol. Returns the steps taken.
 */
export function relax(spec: RnnSpec, W: Float64Array, drive: Float64Array, u: Float64Array, rho: Float64Array, o: RelaxOptions = {}): number {
  const n = spec.n;
  const dt = o.dt ?? 0.5;
  const tol = o.tol ?? 1e-6;
  const beta = o.beta ?? 0;
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) rho[i] = Math.tanh(u[i]);
  let step = 0;
  for (; step < (o.maxSteps ?? 500); step++) {
    if (beta !== 0) cost(spec, rho, o.target!, g);
    let change = 0;
    for (let i = 0; i < n; i++) {
      let s = drive[i] - u[i] - beta * g[i];
      const row = i * n;
      for (let j = 0; j < n; j++) s += W[row + j] * rho[j];
      const du = dt * s;
      u[i] += du;
      change = Math.max(change, Math.abs(du));
    }
    for (let i = 0; i < n; i++) rho[i] = Math.tanh(u[i]);
    o.onStep?.(dt, u, rho);
    if (change < tol) return step + 1;
  }
  return step;
}

/** Newton's method on the fixed-point equations, from u (in place), to machine precision. */
export function newtonFixedPoint(spec: RnnSpec, W: Float64Array, drive: Float64Array, u: Float64Array, beta = 0, target?: ArrayLike<number>): number {
  const n = spec.n;
  const rho = new Float64Array(n);
  const g = new Float64Array(n);
  const isOut = new Uint8Array(n);
  for (const o of spec.outputs) isOut[o] = 1;
  let res = Infinity;
  for (let it = 0; it < 50; it++) {
    for (let i = 0; i < n; i++) rho[i] = Math.tanh(u[i]);
    if (beta !== 0) cost(spec, rho, target!, g);
    const f = new Float64Array(n);
    const J = new Float64Array(n * n);
    res = 0;
    for (let i = 0; i < n; i++) {
      let s = drive[i] - u[i] - beta * g[i];
      for (let j = 0; j < n; j++) s += W[i * n + j] * rho[j];
      f[i] = s;
      res = Math.max(res, Math.abs(s));
      for (let j = 0; j < n; j++) J[i * n + j] = W[i * n + j] * (1 - rho[j] * rho[j]);
      J[i * n + i] -= 1;
      // −β·∂/∂u of (ρ_i − t): −β·ρ'(u_i).
      if (beta !== 0 && isOut[i]) J[i * n + i] -= beta * (1 - rho[i] * rho[i]);
    }
    if (res < 1e-14) break;
    const du = solveDense(J, f.map((x) => -x), n);
    for (let i = 0; i < n; i++) u[i] += du[i];
  }
  return res;
}

/** Solves A·x = b (dense LU with partial pivoting; A is not modified). */
export function solveDense(A: Float64Array, b: Float64Array, n: number): Float64Array {
  return luSolve(luFactor(A, n), b);
}

/** Input drive V·x (x[0] must be 1). */
export function driveOf(spec: RnnSpec, V: Float64Array, x: ArrayLike<number>, out: Float64Array = new Float64Array(spec.n)): Float64Array {
  out.fill(0);
  const { k } = spec;
  for (let q = 0; q < spec.ci.length; q++) {
    const i = spec.ci[q];
    const kk = spec.ck[q];
    out[i] += V[i * k + kk] * x[kk];
  }
  return out;
}
