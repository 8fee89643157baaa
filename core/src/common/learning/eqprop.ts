/**
 * Equilibrium propagation on EBANA circuits (Scellier & Bengio 2017; Kendall et al. 2020; Watfa et al.
 * 2023). For a sample:
 *  - free phase: the DC operating point with the inputs applied and no nudge;
 *  - nudged phase: the operating point, warm-started from the free one, with the nudge currents
 *    −β·∂C/∂v = −β·(v_k − t_k) injected into o_k+ (and the opposite into o_k−), C = ½Σ(v_k − t_k)²;
 *  - the gradient estimate of C w.r.t. each conductance is
 *      ĝ_ij = [(ΔV_ij^β)² − (ΔV_ij^0)²] / (2β)
 *    since a conductance's co-content is ½·G·ΔV²; it tends to dC/dG as β → 0 for a circuit with an
 *    energy (resistors, diodes, sources). The amplifier is non-reciprocal: it returns the nudge current
 *    through a current gain 1/A where the adjoint of its voltage gain A would return A, so the raw
 *    estimate of every crossbar behind m amplifiers is exactly A^(−2m) times dC/dG (sign right, scale
 *    wrong; the hidden layer learned 16× too slowly with A = 4). `layerScale` multiplies it back.
 * Batches average ĝ; SGD then moves G by −lr·gmax²·ĝ and clips to [gmin, gmax]. This is Kendall's rule
 * ΔG = −(η/β)·[(ΔV^β)² − (ΔV^0)²] with η = lr·gmax²/2.
 */
import type { DeviceLookup } from '../solver/system.js';
import { DEFAULT_CIRCUIT, EbanaCircuit, glorotConductances, type EbanaCircuitConfig } from './circuit.js';
import type { Dataset, Sample } from './data.js';
import { Prng } from '../random/prng.js';
import type { OptimiserConfig, OptimiserName, UpdateRule } from './optimiser.js';
import type { Calibration, MemristiveSpec } from './memristive.js';

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
  /**
   * Undo the amplifiers' 1/A² bias of the raw estimate (see `EqPropTrainer.layerScale`); default true.
   * Only matters with an amplifier.
   */
  readonly compensateAmplifier?: boolean;
  /** Learning-rate decay: epoch e (1-based) uses lr/(1 + lrDecay·(e − 1)); default 0. */
  readonly lrDecay?: number;
  /** Heavy-ball momentum on the conductance update; default 0 (sets `optimiser` to momentum when > 0). */
  readonly momentum?: number;
  /** Update rule (optimiser.ts); default squared (Kendall). */
  readonly rule?: UpdateRule;
  /** Levels across [gmin, gmax] for the quantised rule; default 64. */
  readonly levels?: number;
  /** sgd (default), momentum or adam, or a full optimiser configuration. */
  readonly optimiser?: OptimiserName | OptimiserConfig;
  /** Memristive synapses (memristive.ts); undefined = ideal conductances. */
  readonly synapse?: MemristiveSpec;
  /** Calibrated pulses for `synapse` (computed when absent). */
  readonly calibration?: Calibration;
}

export interface EpochStats {
  /** 0 = before training. */
  readonly epoch: number;
  /** Mean MSE loss C over the training set at the free equilibrium. */
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** Mean |ΔG| per weight over the epoch (S); 0 for epoch 0. */
  readonly meanAbsDeltaG?: number;
  /** Fraction of weights at gmin or gmax after the epoch. */
  readonly clippedFraction?: number;
}


/** One sample's free and nudged phases on a circuit. */
export class EqPropTrainer {
  readonly circuit: EbanaCircuit;
  readonly g: Float64Array;
  /**
   * Per-weight factor applied to the raw estimate [(ΔV^β)² − (ΔV^0)²]/(2β). EBANA's bidirectional
   * amplifier returns a nudge current I injected at its output as I/A at its input, whereas the adjoint
   * of its forward voltage gain A would return A·I: the nudge reaching a hidden layer behind m
   * amplifiers, and with it the raw estimate for the crossbars feeding that layer, is A^(2m) times too
   * small (the gradient check shows the ratio 1/16 for A = 4, independent of β). With compensation the
   * factor is A^(2m) (1 for the output crossbar), so ĝ tends to dC/dG for every layer.
   */
  readonly layerScale: Float64Array;
  solves = 0;
  /** Local estimate: squared drops (Kendall) or absolute drops (see `accumulate`). */
  estimate: 'squared' | 'absolute' = 'squared';
  /**
   * Start every free phase from the same state (the circuit's initial one) instead of the previous
   * sample's solution: a sample's result then does not depend on which samples a thread solved
   * before, which is what makes batches on a worker pool bit-identical to the serial run.
   */
  coldStart = false;
  private readonly y0: Float64Array;
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
    compensateAmplifier = true,
  ) {
    this.circuit = new EbanaCircuit(circuitConfig, lookup);
    this.g = glorotConductances(circuitConfig, this.circuit.weights, rng);
    this.circuit.setConductances(this.g);
    const nW = this.g.length;
    const crossbars = circuitConfig.layers.length - 1;
    const gain = compensateAmplifier && circuitConfig.amplifier ? circuitConfig.amplifier.gain : 1;
    this.layerScale = Float64Array.from(this.circuit.weights, (w) => gain ** (2 * (crossbars - w.layer)));
    this.free = new Float64Array(nW);
    this.nudged = new Float64Array(nW);
    this.out = new Float64Array(this.circuit.nOut);
    this.nudge = new Float64Array(this.circuit.nOut);
    this.warm = new Float64Array(this.circuit.kernel.y.length);
    this.y0 = Float64Array.from(this.circuit.kernel.y);
  }

  /** Sets every conductance (S). */
  setConductances(g: ArrayLike<number>): void {
    this.g.set(g);
    this.circuit.setConductances(this.g);
  }

  /** The warm start of the next free phase (null before the first): with `g`, all a solve starts from. */
  warmStart(): Float64Array | null {
    return this.haveWarm ? Float64Array.from(this.warm) : null;
  }

  /** Restores a warm start saved by `warmStart` (null: the next free phase starts cold). */
  setWarmStart(w: ArrayLike<number> | null): void {
    if (w && w.length !== this.warm.length) throw new RangeError(`EqPropTrainer.setWarmStart: ${w.length} values for ${this.warm.length} unknowns`);
    this.haveWarm = w !== null;
    if (w) this.warm.set(w);
  }

  target(label: number, k: number): number {
    return k === label ? this.targetHigh : this.targetLow;
  }

  /** Free phase: solves, returns the outputs (a view reused by the next call). */
  freePhase(x: readonly number[]): Float64Array {
    const c = this.circuit;
    if (this.coldStart) {
      c.kernel.y.set(this.y0);
      c.setInput(x);
      c.setNudge(null);
      c.resetSolver();
    } else if (this.haveWarm) c.kernel.y.set(this.warm);
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

  /**
   * Free and nudged phases for a sample; adds its gradient estimate ĝ into `grad`. Returns the free loss
   * and prediction. The squared estimate is [(ΔV^β)² − (ΔV^0)²]/(2β) → ∂C/∂G; the absolute one,
   * [|ΔV^β| − |ΔV^0|]/β, tends to ∂C/∂G / |ΔV^0| — the same sign, each weight's step rescaled by the
   * drop across it (a rule that needs no squaring circuit).
   */
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
    const abs = this.estimate === 'absolute';
    if (abs) c.absoluteDrops(this.free);
    else c.squaredDrops(this.free);
    c.setNudge(this.nudge);
    c.solve();
    this.solves++;
    if (abs) c.absoluteDrops(this.nudged);
    else c.squaredDrops(this.nudged);
    c.setNudge(null);
    const inv = abs ? 1 / this.beta : 1 / (2 * this.beta);
    for (let k = 0; k < grad.length; k++) grad[k] += (this.nudged[k] - this.free[k]) * inv * this.layerScale[k];
    return { loss, predicted };
  }

  /** Free phase only: the loss and the predicted class (largest output). */
  lossAndPrediction(s: Sample): { loss: number; predicted: number } {
    const loss = this.loss(s);
    let best = 0;
    for (let k = 1; k < this.out.length; k++) if (this.out[k] > this.out[best]) best = k;
    return { loss, predicted: best };
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

