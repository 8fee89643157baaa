/**
 * Parameters of a ReLU monotone operator equilibrium network (monDEQ, Winston & Kolter 2020):
 *
 *   z* = σ(W z* + U x + b),   logits = C z* + c,
 *   W  = I − diag(m) − AᵀA + B − Bᵀ,
 *
 * so that I − W = diag(m) + AᵀA + (Bᵀ − B) has symmetric part diag(m) + AᵀA ⪰ min(m)·I for every A and
 * B: the equilibrium exists and is unique whatever training does to A and B (Winston & Kolter use one
 * scalar m; a per-neuron m is the same construction and gives each neuron's leak conductance its own
 * gradient). All matrices are row-major Float64Arrays.
 */
import { Prng } from '../../random/prng.js';

export interface MonDeqShape {
  /** Input features. */
  readonly nIn: number;
  /** Neurons (the equilibrium's dimension). */
  readonly n: number;
  /** Output classes. */
  readonly nOut: number;
}

export interface MonDeqParams extends MonDeqShape {
  /** n×n. */
  readonly A: Float64Array;
  /** n×n (only B − Bᵀ matters). */
  readonly B: Float64Array;
  /** n×nIn. */
  readonly U: Float64Array;
  /** n. */
  readonly b: Float64Array;
  /** nOut×n. */
  readonly C: Float64Array;
  /** nOut. */
  readonly c: Float64Array;
  /** n: monotonicity margin per neuron (the leak conductance to ground in the circuit), > 0. */
  readonly m: Float64Array;
}

/** One monDEQ or a cascade (stage s + 1 reads stage s's outputs). */
export type MonDeqStages = MonDeqParams | readonly MonDeqParams[];

export const asStages = (p: MonDeqStages): readonly MonDeqParams[] => (Array.isArray(p) ? (p as readonly MonDeqParams[]) : [p as MonDeqParams]);

/** Names of the trainable / differentiable parameter blocks, in a fixed order. */
export const PARAM_BLOCKS = ['A', 'B', 'U', 'b', 'C', 'c', 'm'] as const;
export type ParamBlock = (typeof PARAM_BLOCKS)[number];

/** A gradient (or any other quantity) with the shape of the parameters. */
export type ParamArrays = Record<ParamBlock, Float64Array>;

export function zerosLike(p: MonDeqShape): ParamArrays {
  const { n, nIn, nOut } = p;
  return {
    A: new Float64Array(n * n),
    B: new Float64Array(n * n),
    U: new Float64Array(n * nIn),
    b: new Float64Array(n),
    C: new Float64Array(nOut * n),
    c: new Float64Array(nOut),
    m: new Float64Array(n),
  };
}

export function cloneParams(p: MonDeqParams): MonDeqParams {
  return { nIn: p.nIn, n: p.n, nOut: p.nOut, A: p.A.slice(), B: p.B.slice(), U: p.U.slice(), b: p.b.slice(), C: p.C.slice(), c: p.c.slice(), m: p.m.slice() };
}

export interface InitOptions {
  /** Scale of A and B entries (uniform in ±scale/√n). */
  readonly coupling?: number;
  /** Monotonicity margin m for every neuron. */
  readonly margin?: number;
  /** Bias b entries uniform in ±bias. */
  readonly bias?: number;
}

/** Seeded initialisation: uniform (Glorot-like) U and C, small A and B, margin m. */
export function initParams(shape: MonDeqShape, rng: Prng, o: InitOptions = {}): MonDeqParams {
  const { n, nIn, nOut } = shape;
  if (![n, nIn, nOut].every((k) => Number.isInteger(k) && k >= 1)) throw new Error(`monDEQ: sizes must be positive integers, got n=${n}, nIn=${nIn}, nOut=${nOut}`);
  const coupling = o.coupling ?? 0.5;
  const margin = o.margin ?? 0.5;
  if (!(margin > 0)) throw new Error(`monDEQ: the monotonicity margin m must be > 0, got ${margin}`);
  const p = { ...shape, ...zerosLike(shape) };
  const fill = (a: Float64Array, s: number) => {
    for (let k = 0; k < a.length; k++) a[k] = rng.uniform(-s, s);
  };
  fill(p.A, coupling / Math.sqrt(n));
  fill(p.B, coupling / Math.sqrt(n));
  fill(p.U, Math.sqrt(6 / (nIn + n)));
  fill(p.b, o.bias ?? 0.1);
  fill(p.C, Math.sqrt(6 / (n + nOut)));
  p.m.fill(margin);
  return p;
}

/** W = I − diag(m) − AᵀA + B − Bᵀ (n×n, row-major). */
export function weightMatrix(p: MonDeqParams): Float64Array {
  const { n, A, B, m } = p;
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let ata = 0;
      for (let k = 0; k < n; k++) ata += A[k * n + i] * A[k * n + j];
      W[i * n + j] = (i === j ? 1 - m[i] : 0) - ata + B[i * n + j] - B[j * n + i];
    }
  return W;
}

/** u = U x + b. */
export function injection(p: MonDeqParams, x: ArrayLike<number>, out: Float64Array = new Float64Array(p.n)): Float64Array {
  const { n, nIn, U, b } = p;
  if (x.length !== nIn) throw new Error(`monDEQ: input has ${x.length} features, the network expects ${nIn}`);
  for (let j = 0; j < n; j++) {
    let s = b[j];
    for (let i = 0; i < nIn; i++) s += U[j * nIn + i] * x[i];
    out[j] = s;
  }
  return out;
}

/** logits = C z + c. */
export function readout(p: MonDeqParams, z: ArrayLike<number>, out: Float64Array = new Float64Array(p.nOut)): Float64Array {
  const { n, nOut, C, c } = p;
  for (let k = 0; k < nOut; k++) {
    let s = c[k];
    for (let j = 0; j < n; j++) s += C[k * n + j] * z[j];
    out[k] = s;
  }
  return out;
}
