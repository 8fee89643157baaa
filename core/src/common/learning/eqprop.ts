/**
 * Equilibrium propagation on EBANA circuits (Scellier & Bengio 2017; Kendall et al. 2020; Watfa et al.
 * 2023). For a sample:
 *  - free phase: the DC operating point with the inputs applied and no nudge;
 *  - nudged phase: the operating point, warm-started from the free one, with the nudge currents
 *    −β·∂C/∂v = −β·(v_k − t_k) injected into o_k+ (and the opposite into o_k−), C = ½Σ(v_k − t_k)²;
 *  - the gradient estimate of C w.r.t. each conductance is
 *      ĝ_ij = [(ΔV_ij^β)² − (ΔV_ij^0)²] / (2β)
 *    since a conductance's co-content is ½·G·ΔV²; it tends to dC/dG as β → 0 for a circuit with an
 *    energy (resistors, diodes, sources; the amplifier is non-reciprocal, so not exactly with it).
 * Batches average ĝ; SGD then moves G by −lr·gmax²·ĝ and clips to [gmin, gmax]. This is Kendall's rule
 * ΔG = −(η/β)·[(ΔV^β)² − (ΔV^0)²] with η = lr·gmax²/2.
 */
import type { DeviceLookup } from '../solver/system.js';
import { DEFAULT_CIRCUIT, EbanaCircuit, glorotConductances, type EbanaCircuitConfig } from './circuit.js';
import type { Dataset, Sample } from './data.js';
import { Prng } from './prng.js';

export interface EqPropConfig {
  readonly data: Dataset;
  /** Hidden layer sizes; inputs and outputs come from the data set. */
  readonly hidden: readonly number[];
  readonly circuit?: Partial<Omit<EbanaCircuitConfig, 'layers'>>;
  /** Nudge strength (A/V: the nudge current per volt of output error). */
  readonly beta: number;
  /** Dimensionless learning rate: ΔG = −lr·gmax²·ĝ. */
  readonly lr: number;
  readonly epochs: number;
  readonly batch: number;
  readonly seed: number;
  /** Output targets (V) of the correct class and of the others. */
  readonly targetHigh: number;
  readonly targetLow: number;
}

export interface EpochStats {
  /** 0 = before training. */
  readonly epoch: number;
  /** Mean MSE loss C over the training set at the free equilibrium. */
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

export interface EqPropResult {
  readonly epochs: EpochStats[];
  /** Final conductances in the order of `circuit.weights`. */
  readonly conductances: Float64Array;
  readonly circuit: EbanaCircuit;
  /** Operating points solved (free and nudged). */
  readonly solves: number;
}

export interface EqPropHooks {
  readonly onEpoch?: (stats: EpochStats) => void;
  readonly lookup?: DeviceLookup;
}

/** One sample's free and nudged phases on a circuit. */
export class EqPropTrainer {
  readonly circuit: EbanaCircuit;
  readonly g: Float64Array;
  solves = 0;
  private readonly free: Float64Array;
  private readonly nudged: Float64Array;
  private readonly out: Float64Array;
  private readonly nudge: Float64Array;
  private readonly warm: Float64Array;
  private haveWarm = false;

  constructor(
    circuitConfig: EbanaCircuitConfig,
    readonly beta: number,
    readonly targetHigh: number,
    readonly targetLow: number,
    rng: Prng,
    lookup?: DeviceLookup,
  ) {
    this.circuit = new EbanaCircuit(circuitConfig, lookup);
    this.g = glorotConductances(circuitConfig, this.circuit.weights, rng);
    this.circuit.setConductances(this.g);
    const nW = this.g.length;
    this.free = new Float64Array(nW);
    this.nudged = new Float64Array(nW);
    this.out = new Float64Array(this.circuit.nOut);
    this.nudge = new Float64Array(this.circuit.nOut);
    this.warm = new Float64Array(this.circuit.kernel.y.length);
  }

  target(label: number, k: number): number {
    return k === label ? this.targetHigh : this.targetLow;
  }

  /** Free phase: solves, returns the outputs (a view reused by the next call). */
  freePhase(x: readonly number[]): Float64Array {
    const c = this.circuit;
    if (this.haveWarm) c.kernel.y.set(this.warm);
    c.setInput(x);
    c.setNudge(null);
    c.solve();
    this.solves++;
    this.warm.set(c.kernel.y);
    this.haveWarm = true;
    return c.outputs(this.out);
  }

  /** Loss C = ½Σ(v_k − t_k)² at the free equilibrium. */
  loss(s: Sample): number {
    const v = this.freePhase(s.x);
    let c = 0;
    for (let k = 0; k < v.length; k++) c += 0.5 * (v[k] - this.target(s.label, k)) ** 2;
    return c;
  }

  /** Free and nudged phases for a sample; adds its gradient estimate ĝ into `grad`. Returns the free loss and prediction. */
  accumulate(s: Sample, grad: Float64Array): { loss: number; predicted: number } {
    const c = this.circuit;
    const v = this.freePhase(s.x);
    let loss = 0;
    let predicted = 0;
    for (let k = 0; k < v.length; k++) {
      const e = v[k] - this.target(s.label, k);
      loss += 0.5 * e * e;
      this.nudge[k] = -this.beta * e;
      if (v[k] > v[predicted]) predicted = k;
    }
    c.squaredDrops(this.free);
    c.setNudge(this.nudge);
    c.solve();
    this.solves++;
    c.squaredDrops(this.nudged);
    c.setNudge(null);
    const inv = 1 / (2 * this.beta);
    for (let k = 0; k < grad.length; k++) grad[k] += (this.nudged[k] - this.free[k]) * inv;
    return { loss, predicted };
  }

  /** Applies ΔG = −step·grad, clipped to [gmin, gmax]. */
  apply(grad: Float64Array, step: number): void {
    const { gmin, gmax } = this.circuit.config;
    for (let k = 0; k < this.g.length; k++) this.g[k] = Math.min(gmax, Math.max(gmin, this.g[k] - step * grad[k]));
    this.circuit.setConductances(this.g);
  }

  predict(x: readonly number[]): number {
    const v = this.freePhase(x);
    let best = 0;
    for (let k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
    return best;
  }

  evaluate(samples: readonly Sample[]): { loss: number; accuracy: number } {
    let loss = 0;
    let right = 0;
    for (const s of samples) {
      loss += this.loss(s);
      let best = 0;
      for (let k = 1; k < this.out.length; k++) if (this.out[k] > this.out[best]) best = k;
      if (best === s.label) right++;
    }
    return { loss: loss / samples.length, accuracy: right / samples.length };
  }
}

export function circuitConfigFor(cfg: EqPropConfig): EbanaCircuitConfig {
  return { ...DEFAULT_CIRCUIT, ...cfg.circuit, layers: [cfg.data.features, ...cfg.hidden, cfg.data.classes] };
}

/** Trains an EBANA circuit by EqProp with mini-batch SGD; deterministic for a given seed. */
export function runEqProp(cfg: EqPropConfig, hooks: EqPropHooks = {}): EqPropResult {
  const rng = new Prng(cfg.seed);
  const circuitCfg = circuitConfigFor(cfg);
  const tr = new EqPropTrainer(circuitCfg, cfg.beta, cfg.targetHigh, cfg.targetLow, rng, hooks.lookup);
  const epochs: EpochStats[] = [];
  const record = (epoch: number) => {
    const train = tr.evaluate(cfg.data.train);
    const test = tr.evaluate(cfg.data.test);
    const stats: EpochStats = { epoch, loss: train.loss, trainAccuracy: train.accuracy, testAccuracy: test.accuracy };
    epochs.push(stats);
    hooks.onEpoch?.(stats);
  };
  record(0);
  const grad = new Float64Array(tr.g.length);
  const order = cfg.data.train.map((_, k) => k);
  const step = cfg.lr * circuitCfg.gmax * circuitCfg.gmax;
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    rng.shuffle(order);
    for (let b = 0; b < order.length; b += cfg.batch) {
      const end = Math.min(order.length, b + cfg.batch);
      grad.fill(0);
      for (let k = b; k < end; k++) tr.accumulate(cfg.data.train[order[k]], grad);
      tr.apply(grad, step / (end - b));
    }
    record(epoch);
  }
  return { epochs, conductances: Float64Array.from(tr.g), circuit: tr.circuit, solves: tr.solves };
}
