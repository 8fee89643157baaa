/**
 * From a batch's mean gradient estimate ĝ to the conductance change each synapse is asked for.
 *
 * Optimisers turn ĝ into a step d (siemens):
 *  - sgd:      d = −lr·gmax²·ĝ                      (Kendall's η = lr·gmax²/2)
 *  - momentum: v ← μ·v + d_sgd, d = v               (heavy ball; v keeps only what the synapse took)
 *  - adam:     d = −lr·(gmax − gmin)·m̂/(√v̂ + ε)     (Kingma & Ba 2015; lr is a fraction of the range)
 * Update rules then shape d into the requested change ΔG:
 *  - squared, absolute: ΔG = d (they differ in the local estimate ĝ, see eqprop.ts);
 *  - multiplicative: soft bounds, ΔG = d·(gmax − G)/(gmax − gmin) upwards, d·(G − gmin)/(gmax − gmin)
 *    downwards — a step shrinks as the weight nears the bound it moves to (Fusi & Abbott 2007);
 *  - quantised: ΔG is a whole number of levels q = (gmax − gmin)/levels, rounded stochastically with a
 *    seeded generator so that small steps survive on average.
 */
import type { Prng } from '../random/prng.js';

export const UPDATE_RULES = ['squared', 'absolute', 'multiplicative', 'quantised'] as const;
export type UpdateRule = (typeof UPDATE_RULES)[number];
export const OPTIMISERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimiserName = (typeof OPTIMISERS)[number];

export interface OptimiserConfig {
  readonly name: OptimiserName;
  /** Momentum μ (momentum) or Adam's β1; defaults 0.9. */
  readonly beta1?: number;
  /** Adam's β2; default 0.999. */
  readonly beta2?: number;
  /** Adam's ε, relative to the gradient's scale; default 1e-8. */
  readonly eps?: number;
}

export class Optimiser {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    readonly config: OptimiserConfig,
    size: number,
    private readonly gmin: number,
    private readonly gmax: number,
  ) {
    this.m = new Float64Array(config.name === 'sgd' ? 0 : size);
    this.v = new Float64Array(config.name === 'adam' ? size : 0);
  }

  /** Writes the step d for the mean estimate `grad` at learning rate `lr` into `out`. */
  step(grad: Float64Array, lr: number, out: Float64Array): void {
    const { name } = this.config;
    const sgd = lr * this.gmax * this.gmax;
    if (name === 'sgd') {
      for (let k = 0; k < grad.length; k++) out[k] = -sgd * grad[k];
    } else if (name === 'momentum') {
      const mu = this.config.beta1 ?? 0.9;
      for (let k = 0; k < grad.length; k++) out[k] = mu * this.m[k] - sgd * grad[k];
    } else {
      const b1 = this.config.beta1 ?? 0.9;
      const b2 = this.config.beta2 ?? 0.999;
      const eps = this.config.eps ?? 1e-8;
      this.t++;
      const c1 = 1 - b1 ** this.t;
      const c2 = 1 - b2 ** this.t;
      let scale = 0;
      for (let k = 0; k < grad.length; k++) {
        this.m[k] = b1 * this.m[k] + (1 - b1) * grad[k];
        this.v[k] = b2 * this.v[k] + (1 - b2) * grad[k] * grad[k];
        scale = Math.max(scale, Math.sqrt(this.v[k] / c2));
      }
      const range = lr * (this.gmax - this.gmin);
      const floor = eps * scale + Number.MIN_VALUE;
      for (let k = 0; k < grad.length; k++) out[k] = (-range * (this.m[k] / c1)) / (Math.sqrt(this.v[k] / c2) + floor);
    }
  }

  /** Momentum keeps only the change the synapse actually made (a bound or a device stops the rest). */
  taken(delta: Float64Array): void {
    if (this.config.name === 'momentum') this.m.set(delta);
  }
}

/** Shapes the steps `d` into requested changes ΔG (in place) for the conductances `g`. */
export function applyRule(rule: UpdateRule, d: Float64Array, g: Float64Array, gmin: number, gmax: number, rng: Prng, levels = 64): void {
  const span = gmax - gmin;
  if (rule === 'multiplicative') {
    for (let k = 0; k < d.length; k++) d[k] *= d[k] > 0 ? (gmax - g[k]) / span : (g[k] - gmin) / span;
  } else if (rule === 'quantised') {
    const q = span / levels;
    for (let k = 0; k < d.length; k++) {
      const n = d[k] / q;
      const lo = Math.floor(n);
      d[k] = q * (lo + (rng.next() < n - lo ? 1 : 0));
    }
  }
}
