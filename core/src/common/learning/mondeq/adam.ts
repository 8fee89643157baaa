/** Adam (Kingma & Ba 2015) over the trained parameter blocks of a monDEQ or a cascade. */
import { asStages, zerosLike, type MonDeqStages, type ParamArrays, type ParamBlock } from './params.js';

/** The margins m are not trained: they set the guaranteed monotonicity. */
const TRAINED: readonly ParamBlock[] = ['A', 'B', 'U', 'b', 'C', 'c'];

export class Adam {
  private readonly mom: ParamArrays[];
  private readonly vel: ParamArrays[];
  private t = 0;

  constructor(
    shape: MonDeqStages,
    readonly lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.mom = asStages(shape).map((p) => zerosLike(p));
    this.vel = asStages(shape).map((p) => zerosLike(p));
  }

  /** p ← p − lr·m̂/(√v̂ + ε) for gradient g (already averaged over the batch), stage by stage. */
  step(stages: MonDeqStages, grads: readonly ParamArrays[]): void {
    this.t++;
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    asStages(stages).forEach((p, s) => {
      for (const k of TRAINED) {
        const w = p[k];
        const gk = grads[s][k];
        const m = this.mom[s][k];
        const v = this.vel[s][k];
        for (let i = 0; i < w.length; i++) {
          m[i] = this.beta1 * m[i] + (1 - this.beta1) * gk[i];
          v[i] = this.beta2 * v[i] + (1 - this.beta2) * gk[i] * gk[i];
          w[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
        }
      }
    });
  }
}
