/**
 * Continuous-time learning of the memristor RNN (network.ts): per sample, the network relaxes freely,
 * then one of two learning phases runs for a fixed time T during which a programming voltage is applied
 * across every memristor, so its flux — and the weight — changes continuously (dφ/dt = v):
 *
 *  (a) 'rbp': the analog side network τ·ż = −z + D·Wᵀ·z + D·∂C/∂ρ runs at the free fixed point and the
 *      memristor of pair ij sees v = −η·(z_i·ρ_j + z_j·ρ_i) (input memristors: −η·z_i·x_k);
 *  (b) 'eqprop': the network itself is nudged (τ·u̇ = −u + Wρ + Vx − β·∂C/∂ρ) and the memristor of
 *      pair ij sees v = +(η/β)·(ρ_i ρ_j − ρ_i⁰ ρ_j⁰) (input: +(η/β)·(ρ_i − ρ_i⁰)·x_k), the products of the
 *      present activations against those held from the free phase (−v/η is the EqProp estimate of
 *      dC/dw, gradients.ts).
 *
 * Both integrate to −η·T·(dC/dw)/(dw/dφ)-like steps once the phase has settled: gradient descent in flux
 * space, preconditioned by the memristor's slope.
 */
import { Prng } from '../../random/prng.js';
import { cost, denseWeights, driveOf, relax, weightOf, type RnnParams, type RnnSpec } from './network.js';

export type LearningRule = 'eqprop' | 'rbp';

export interface TrainConfig {
  readonly rule: LearningRule;
  /** Programming-voltage gain η (V per unit signal) and learning-phase duration T (in τ). */
  readonly eta: number;
  /** η in epoch e is η/(1 + etaDecay·(e − 1)), so late epochs settle instead of hopping (default 0). */
  readonly etaDecay?: number;
  readonly phaseTau: number;
  /** EqProp nudge β. */
  readonly beta: number;
  readonly epochs: number;
  readonly seed: number;
  /** Euler step of the simulated phases (τ units). */
  readonly dt: number;
}

export interface Example {
  readonly x: Float64Array;
  readonly target: Float64Array;
}

/** Scratch and state of one network during training. */
export class RnnLearner {
  W: Float64Array;
  V: Float64Array;
  private readonly u: Float64Array;
  private readonly rho: Float64Array;
  private readonly rho0: Float64Array;
  private readonly drive: Float64Array;
  private readonly z: Float64Array;
  private readonly g: Float64Array;
  relaxSteps = 0;

  constructor(
    readonly spec: RnnSpec,
    readonly params: RnnParams,
  ) {
    const d = denseWeights(spec, params);
    this.W = d.W;
    this.V = d.V;
    this.u = new Float64Array(spec.n);
    this.rho = new Float64Array(spec.n);
    this.rho0 = new Float64Array(spec.n);
    this.drive = new Float64Array(spec.n);
    this.z = new Float64Array(spec.n);
    this.g = new Float64Array(spec.n);
  }

  /** Free phase from rest; returns ρ at the fixed point (a view, reused). */
  infer(x: ArrayLike<number>, dt = 0.5): Float64Array {
    driveOf(this.spec, this.V, x, this.drive);
    this.u.fill(0);
    this.relaxSteps += relax(this.spec, this.W, this.drive, this.u, this.rho, { dt, tol: 1e-6, maxSteps: 400 });
    return this.rho;
  }

  loss(ex: Example): number {
    return cost(this.spec, this.infer(ex.x), ex.target);
  }

  /** Moves flux q of the recurrent (w = true) or input memristors by v·dt, clamped, and updates the weight. */
  private program(recurrent: boolean, q: number, dphi: number): void {
    const { spec, params } = this;
    const arr = recurrent ? params.phiW : params.phiV;
    const next = Math.min(spec.phimax, Math.max(-spec.phimax, arr[q] + dphi));
    if (next === arr[q]) return;
    arr[q] = next;
    const w = weightOf(spec, next);
    if (recurrent) {
      this.W[spec.pi[q] * spec.n + spec.pj[q]] = w;
      this.W[spec.pj[q] * spec.n + spec.pi[q]] = w;
    } else this.V[spec.ci[q] * spec.k + spec.ck[q]] = w;
  }

  /** One sample: free phase, then the learning phase of the chosen rule. Returns the free-phase cost. */
  learn(ex: Example, cfg: TrainConfig): number {
    const { spec } = this;
    const n = spec.n;
    const rho = this.infer(ex.x, cfg.dt);
    const c = cost(spec, rho, ex.target, this.g);
    this.rho0.set(rho);
    const steps = Math.max(1, Math.round(cfg.phaseTau / cfg.dt));
    if (cfg.rule === 'eqprop') {
      const k = cfg.eta / cfg.beta;
      relax(spec, this.W, this.drive, this.u, this.rho, {
        beta: cfg.beta,
        target: ex.target,
        dt: cfg.dt,
        tol: 0,
        maxSteps: steps,
        onStep: (dt, _u, r) => {
          const r0 = this.rho0;
          for (let q = 0; q < spec.pi.length; q++) {
            const i = spec.pi[q];
            const j = spec.pj[q];
            this.program(true, q, k * dt * (r[i] * r[j] - r0[i] * r0[j]));
          }
          for (let q = 0; q < spec.ci.length; q++) {
            const i = spec.ci[q];
            this.program(false, q, k * dt * (r[i] - r0[i]) * ex.x[spec.ck[q]]);
          }
        },
      });
    } else {
      // Side network at the free fixed point (D and ∂C/∂ρ held), relaxed in continuous time while the
      // memristors integrate its products with the held activations.
      const z = this.z;
      z.fill(0);
      const D = Float64Array.from(this.rho0, (r) => 1 - r * r);
      const next = new Float64Array(n);
      const r0 = this.rho0;
      for (let s = 0; s < steps; s++) {
        for (let i = 0; i < n; i++) {
          let wz = 0;
          for (let j = 0; j < n; j++) wz += this.W[j * n + i] * z[j];
          next[i] = z[i] + cfg.dt * (-z[i] + D[i] * (wz + this.g[i]));
        }
        z.set(next);
        for (let q = 0; q < spec.pi.length; q++) {
          const i = spec.pi[q];
          const j = spec.pj[q];
          this.program(true, q, -cfg.eta * cfg.dt * (z[i] * r0[j] + z[j] * r0[i]));
        }
        for (let q = 0; q < spec.ci.length; q++) this.program(false, q, -cfg.eta * cfg.dt * z[spec.ci[q]] * ex.x[spec.ck[q]]);
      }
    }
    return c;
  }
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
}

/** Trains on `examples` for cfg.epochs epochs (shuffled each epoch); the mean free-phase cost per epoch. */
export function trainRnn(learner: RnnLearner, examples: readonly Example[], cfg: TrainConfig, onEpoch?: (r: EpochRecord) => void): EpochRecord[] {
  const rng = new Prng(cfg.seed);
  const order = examples.map((_, k) => k);
  const out: EpochRecord[] = [];
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    rng.shuffle(order);
    let sum = 0;
    const epochCfg = { ...cfg, eta: cfg.eta / (1 + (cfg.etaDecay ?? 0) * (epoch - 1)) };
    for (const k of order) sum += learner.learn(examples[k], epochCfg);
    const r = { epoch, loss: sum / examples.length };
    out.push(r);
    onEpoch?.(r);
  }
  return out;
}
