/**
 * Online EqProp (per-sample SGD, batch 1) on an EBANA circuit, as a session workload. The sample order
 * and updates are those of `runEqProp` with batch 1 (same seed: same initial conductances, same
 * shuffles). The state between samples is the conductances, the momentum, the PRNG, the epoch's order,
 * the warm start of the next solve and a few running figures; the solver is reset before every sample
 * (`EbanaCircuit.resetSolver`) so that nothing else carries over.
 */
import { circuitConfigFor, EqPropTrainer, type EqPropConfig } from '../learning/eqprop.js';
import type { Dataset } from '../learning/data.js';
import { Prng } from '../random/prng.js';
import type { DeviceLookup } from '../solver/system.js';
import type { EqPropWorkloadSpec } from './spec.js';
import { expectArray, expectKind, expectNumber, loadKernelState, type SessionWorkload, type StepRecord, type WorkloadSnapshot } from './workload.js';

const KIND = 'eqprop-online';
/** Smoothing of the running accuracy: an exponential average over about this many samples. */
const ACCURACY_SPAN = 50;

export class EqPropOnline implements SessionWorkload {
  readonly kind = KIND;
  readonly totalSamples: number;
  readonly metricNames = ['epoch', 'loss', 'correct', 'accuracy_running', 'test_accuracy', 'mean_conductance'];
  readonly waveformColumns: readonly string[];
  readonly trainer: EqPropTrainer;
  private readonly rng: Prng;
  private readonly order: number[];
  private readonly grad: Float64Array;
  private velocity: Float64Array | undefined;
  private readonly metrics: Float64Array;
  private readonly waveform: Float64Array;
  private n = 0;
  private accuracy = 0;
  private lastTest = NaN;
  private readonly cfg: EqPropConfig;

  constructor(
    readonly spec: EqPropWorkloadSpec,
    readonly data: Dataset,
    epochs: number,
    seed: number,
    lookup?: DeviceLookup,
  ) {
    this.cfg = {
      data,
      hidden: spec.hidden,
      circuit: spec.circuit,
      beta: spec.beta,
      lr: spec.lr,
      lrDecay: spec.lrDecay,
      momentum: spec.momentum,
      epochs,
      batch: 1,
      seed,
      targetHigh: spec.targetHigh,
      targetLow: spec.targetLow,
    };
    this.rng = new Prng(seed);
    this.trainer = new EqPropTrainer(circuitConfigFor(this.cfg), spec.beta, spec.targetHigh, spec.targetLow, this.rng, lookup);
    this.order = data.train.map((_, k) => k);
    this.grad = new Float64Array(this.trainer.g.length);
    this.velocity = (spec.momentum ?? 0) > 0 ? new Float64Array(this.trainer.g.length) : undefined;
    this.totalSamples = epochs * data.train.length;
    this.metrics = new Float64Array(this.metricNames.length);
    this.waveformColumns = this.trainer.circuit.weights.map((w) => w.id);
    this.waveform = new Float64Array(this.waveformColumns.length);
  }

  get index(): number {
    return this.n;
  }

  get simTime(): number {
    return 0;
  }

  step(): StepRecord {
    const { data, trainer: tr, cfg } = this;
    const N = data.train.length;
    const epoch = Math.floor(this.n / N) + 1;
    if (this.n % N === 0) this.rng.shuffle(this.order);
    const sample = data.train[this.order[this.n % N]];
    const { gmax } = tr.circuit.config;
    const lr = (cfg.lr * gmax * gmax) / (1 + (cfg.lrDecay ?? 0) * (epoch - 1));
    this.grad.fill(0);
    const { loss, predicted } = tr.accumulate(sample, this.grad);
    this.update(lr, cfg.momentum ?? 0);
    const correct = predicted === sample.label ? 1 : 0;
    this.accuracy = this.n === 0 ? correct : this.accuracy + (correct - this.accuracy) / Math.min(this.n + 1, ACCURACY_SPAN);
    this.n++;
    let test = NaN;
    const every = this.spec.evaluateEvery;
    if ((every > 0 && this.n % every === 0) || this.n === this.totalSamples) {
      test = tr.evaluate(data.test).accuracy;
      this.lastTest = test;
    }
    let gSum = 0;
    for (let k = 0; k < tr.g.length; k++) gSum += tr.g[k];
    const m = this.metrics;
    m[0] = epoch;
    m[1] = loss;
    m[2] = correct;
    m[3] = this.accuracy;
    m[4] = test;
    m[5] = gSum / tr.g.length;
    this.waveform.set(tr.g);
    return { metrics: m, waveform: this.waveform };
  }

  /**
   * SGD with optional heavy-ball momentum on the ideal conductances (the `sgd`/`momentum` optimisers
   * with ideal synapses of learning/train.ts): d = μ·v − lr·ĝ, G ← clip(G + d, gmin, gmax), and v keeps
   * only the change the bounds let through. Written out here because its state (v) is checkpointed.
   */
  private update(lr: number, momentum: number): void {
    const tr = this.trainer;
    const { gmin, gmax } = tr.circuit.config;
    const g = tr.g;
    const v = this.velocity;
    for (let k = 0; k < g.length; k++) {
      let d = -lr * this.grad[k];
      if (v) d += momentum * v[k];
      const next = Math.min(gmax, Math.max(gmin, g[k] + d));
      if (v) v[k] = next - g[k];
      g[k] = next;
    }
    tr.circuit.setConductances(g);
  }

  snapshot(): WorkloadSnapshot {
    return {
      kind: KIND,
      n: this.n,
      g: Float64Array.from(this.trainer.g),
      velocity: this.velocity ? Float64Array.from(this.velocity) : null,
      rng: this.rng.getState(),
      order: Int32Array.from(this.order),
      warm: this.trainer.warmStart(),
      accuracy: this.accuracy,
      lastTest: this.lastTest,
      solves: this.trainer.solves,
      kernel: this.trainer.circuit.kernel.saveState(),
    };
  }

  restore(s: WorkloadSnapshot): void {
    expectKind(s, KIND);
    const nW = this.trainer.g.length;
    const g = expectArray(s, 'g', Float64Array, nW);
    const order = expectArray(s, 'order', Int32Array, this.order.length);
    this.n = expectNumber(s, 'n');
    this.trainer.g.set(g);
    this.trainer.circuit.setConductances(g);
    this.velocity = s.velocity === null ? undefined : Float64Array.from(expectArray(s, 'velocity', Float64Array, nW));
    this.rng.setState(expectNumber(s, 'rng'));
    for (let k = 0; k < order.length; k++) this.order[k] = order[k];
    this.trainer.setWarmStart(s.warm === null ? null : expectArray(s, 'warm', Float64Array));
    this.accuracy = expectNumber(s, 'accuracy');
    this.lastTest = expectNumber(s, 'lastTest');
    this.trainer.solves = expectNumber(s, 'solves');
    loadKernelState(this.trainer.circuit.kernel, s);
  }

  summary(): Record<string, number> {
    return { accuracyRunning: this.accuracy, testAccuracy: this.lastTest, solves: this.trainer.solves };
  }
}
