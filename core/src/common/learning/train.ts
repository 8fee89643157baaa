/**
 * The EqProp training loop, written once as a generator of batch jobs so that the same loop runs
 * serially in this thread (`runEqProp`) or with each batch's samples spread over a worker pool
 * (core/src/node/learning/pool.ts, `trainEqProp`). A job carries the conductances and the samples;
 * its answer is every sample's free loss and prediction and, for gradient jobs, the sum of the
 * samples' estimates in sample order. Every free phase starts from the same state (`coldStart`), so a
 * sample's answer does not depend on the thread that solved it: any split gives the same bits.
 *
 * Per batch: mean estimate ĝ → optimiser step d → update rule → requested ΔG → synapses (ideal:
 * clipped; memristive: pulses) → the change made, which momentum remembers.
 */
import type { DeviceLookup } from '../solver/system.js';
import { Prng } from '../random/prng.js';
import type { Sample } from './data.js';
import type { EbanaCircuitConfig } from './circuit.js';
import { EqPropTrainer, circuitConfigFor, type EpochStats, type EqPropConfig } from './eqprop.js';
import { calibratePulses, MemristiveSynapses, type Calibration } from './memristive.js';
import { Optimiser, applyRule, type OptimiserConfig } from './optimiser.js';
import { IdealSynapses, type Synapses } from './synapse.js';
import { answeredEpochs, type EpochPoint } from './actor.js';

/** What a thread needs to build the trainer that answers jobs. */
export interface TrainerSetup {
  readonly circuit: EbanaCircuitConfig;
  readonly beta: number;
  readonly targetHigh: number;
  readonly targetLow: number;
  readonly compensateAmplifier: boolean;
  readonly estimate: 'squared' | 'absolute';
}

export interface BatchJob {
  readonly kind: 'grad' | 'eval';
  /** Return every sample's estimate (`estimates`) instead of their sum: what a pool worker does. */
  readonly perSample?: boolean;
  readonly g: Float64Array;
  readonly samples: readonly Sample[];
}

export interface BatchAnswer {
  /** Sum of the samples' estimates in sample order (grad jobs). */
  readonly grad?: Float64Array;
  /** Each sample's estimate, sample after sample (grad jobs with `perSample`). */
  readonly estimates?: Float64Array;
  readonly loss: Float64Array;
  readonly predicted: Int32Array;
  readonly solves: number;
}

/** Builds the trainer a setup describes (weights initialised by `rng`, conductances set by each job). */
export function trainerFor(setup: TrainerSetup, rng: Prng, lookup?: DeviceLookup): EqPropTrainer {
  const tr = new EqPropTrainer(setup.circuit, setup.beta, setup.targetHigh, setup.targetLow, rng, lookup, setup.compensateAmplifier);
  tr.estimate = setup.estimate;
  tr.coldStart = true;
  return tr;
}

/**
 * Joins the answers of consecutive parts of a job (in order) into the answer of the whole, summing
 * the per-sample estimates in sample order as the serial run does.
 */
export function joinAnswers(parts: readonly BatchAnswer[], nW: number): BatchAnswer {
  const n = parts.reduce((a, p) => a + p.loss.length, 0);
  const loss = new Float64Array(n);
  const predicted = new Int32Array(n);
  const grad = parts[0]?.estimates ? new Float64Array(nW) : undefined;
  let at = 0;
  let solves = 0;
  for (const p of parts) {
    loss.set(p.loss, at);
    predicted.set(p.predicted, at);
    at += p.loss.length;
    solves += p.solves;
    if (grad && p.estimates) {
      const e = p.estimates;
      for (let s = 0; s < p.loss.length; s++) for (let k = 0, o = s * nW; k < nW; k++) grad[k] += e[o + k];
    }
  }
  return grad ? { grad, loss, predicted, solves } : { loss, predicted, solves };
}

/** Answers a job on a trainer: the function both the serial run and every pool worker call. */
export function answerJob(tr: EqPropTrainer, job: BatchJob): BatchAnswer {
  tr.setConductances(job.g);
  const n = job.samples.length;
  const loss = new Float64Array(n);
  const predicted = new Int32Array(n);
  const before = tr.solves;
  if (job.kind === 'grad') {
    const nW = tr.g.length;
    const grad = new Float64Array(nW);
    const estimates = job.perSample ? new Float64Array(n * nW) : undefined;
    job.samples.forEach((s, k) => {
      // Per sample, the estimate lands in a zeroed row (0 + e = e exactly); summing the rows in order
      // then repeats the serial sum's additions one for one.
      const r = tr.accumulate(s, estimates ? estimates.subarray(k * nW, (k + 1) * nW) : grad);
      loss[k] = r.loss;
      predicted[k] = r.predicted;
    });
    if (estimates) return { estimates, loss, predicted, solves: tr.solves - before };
    return { grad, loss, predicted, solves: tr.solves - before };
  }
  job.samples.forEach((s, k) => {
    const r = tr.lossAndPrediction(s);
    loss[k] = r.loss;
    predicted[k] = r.predicted;
  });
  return { loss, predicted, solves: tr.solves - before };
}

export interface EqPropResult {
  readonly epochs: EpochStats[];
  /** Final conductances in the order of the circuit's weights. */
  readonly conductances: Float64Array;
  /** Initial conductances. */
  readonly initialConductances: Float64Array;
  readonly trainer: EqPropTrainer;
  readonly setup: TrainerSetup;
  /** Operating points solved (free and nudged, evaluation included). */
  readonly solves: number;
  /** Programming pulses applied (memristive synapses). */
  readonly pulses: number;
  /** Test-set confusion matrix after training: [true][predicted]. */
  readonly confusion: number[][];
  /** The synapses' conductance range (S). */
  readonly gmin: number;
  readonly gmax: number;
  /** Wall-clock seconds spent in training batches (the per-epoch evaluation excluded). */
  readonly trainSeconds: number;
  readonly synapses: Synapses;
}

export interface EqPropHooks {
  readonly onEpoch?: (stats: EpochStats) => void;
  readonly lookup?: DeviceLookup;
}

function optimiserConfig(cfg: EqPropConfig): OptimiserConfig {
  if (typeof cfg.optimiser === 'object') return cfg.optimiser;
  if (cfg.optimiser) return { name: cfg.optimiser, ...(cfg.optimiser === 'momentum' && cfg.momentum ? { beta1: cfg.momentum } : {}) };
  return (cfg.momentum ?? 0) > 0 ? { name: 'momentum', beta1: cfg.momentum } : { name: 'sgd' };
}

/** The set-up shared by the loop and the threads that answer its jobs (pulses calibrated once). */
export interface PreparedEqProp {
  readonly setup: TrainerSetup;
  readonly calibration?: Calibration;
}

export function prepareEqProp(cfg: EqPropConfig): PreparedEqProp {
  let circuit = circuitConfigFor(cfg);
  const calibration = cfg.synapse ? (cfg.calibration ?? calibratePulses(cfg.synapse)) : undefined;
  // A device of range r spans [gmax/r, gmax] in the circuit.
  if (calibration) circuit = { ...circuit, gmin: (circuit.gmax * calibration.gOff) / calibration.gOn };
  const setup: TrainerSetup = {
    circuit,
    beta: cfg.beta,
    targetHigh: cfg.targetHigh,
    targetLow: cfg.targetLow,
    compensateAmplifier: cfg.compensateAmplifier ?? true,
    estimate: cfg.rule === 'absolute' ? 'absolute' : 'squared',
  };
  return { setup, calibration };
}

/** The training loop: yields jobs, receives their answers, returns the result. */
export function* eqpropLoop(cfg: EqPropConfig, prepared: PreparedEqProp, hooks: EqPropHooks = {}): Generator<BatchJob, EqPropResult, BatchAnswer> {
  const rng = new Prng(cfg.seed);
  const ruleRng = new Prng((cfg.seed ^ 0x5bd1e995) >>> 0);
  const { setup, calibration } = prepared;
  const circuitCfg = setup.circuit;
  const rule = cfg.rule ?? 'squared';
  const tr = trainerFor(setup, rng, hooks.lookup);
  const initial = Float64Array.from(tr.g);
  const synapses: Synapses = cfg.synapse
    ? new MemristiveSynapses(cfg.synapse, circuitCfg.gmax, initial, new Prng((cfg.seed ^ 0x27d4eb2f) >>> 0), calibration)
    : new IdealSynapses(Float64Array.from(initial), circuitCfg.gmin, circuitCfg.gmax);
  const initialConductances = Float64Array.from(synapses.g);
  const { gmin, gmax } = synapses;
  const nW = synapses.g.length;
  const optimiser = new Optimiser(optimiserConfig(cfg), nW, gmin, gmax);
  const epochs: EpochStats[] = [];
  const before = new Float64Array(nW);
  let solves = 0;
  let trainSeconds = 0;
  let lastPredTest: ArrayLike<number> = [];

  function* evaluate(samples: readonly Sample[]): Generator<BatchJob, { loss: number; accuracy: number; predicted: Int32Array }, BatchAnswer> {
    const a = yield { kind: 'eval', g: Float64Array.from(synapses.g), samples };
    solves += a.solves;
    let loss = 0;
    let right = 0;
    for (let k = 0; k < samples.length; k++) {
      loss += a.loss[k];
      if (a.predicted[k] === samples[k].label) right++;
    }
    return { loss: loss / samples.length, accuracy: right / samples.length, predicted: a.predicted };
  }

  function* record(epoch: number): Generator<BatchJob, void, BatchAnswer> {
    const train = yield* evaluate(cfg.data.train);
    const test = yield* evaluate(cfg.data.test);
    lastPredTest = test.predicted;
    let dG = 0;
    let clipped = 0;
    const tol = 1e-9 * gmax;
    for (let k = 0; k < nW; k++) {
      if (epoch > 0) dG += Math.abs(synapses.g[k] - before[k]);
      if (synapses.g[k] <= gmin + tol || synapses.g[k] >= gmax - tol) clipped++;
    }
    const stats: EpochStats = {
      epoch,
      loss: train.loss,
      trainAccuracy: train.accuracy,
      testAccuracy: test.accuracy,
      meanAbsDeltaG: dG / nW,
      clippedFraction: clipped / nW,
    };
    epochs.push(stats);
    hooks.onEpoch?.(stats);
  }

  yield* record(0);
  const grad = new Float64Array(nW);
  const step = new Float64Array(nW);
  const order = cfg.data.train.map((_, k) => k);
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    before.set(synapses.g);
    const lr = cfg.lr / (1 + (cfg.lrDecay ?? 0) * (epoch - 1));
    rng.shuffle(order);
    const t0 = performance.now();
    for (let b = 0; b < order.length; b += cfg.batch) {
      const end = Math.min(order.length, b + cfg.batch);
      const samples = order.slice(b, end).map((k) => cfg.data.train[k]);
      const a = yield { kind: 'grad', g: Float64Array.from(synapses.g), samples };
      solves += a.solves;
      const inv = 1 / (end - b);
      for (let k = 0; k < nW; k++) grad[k] = a.grad![k] * inv;
      optimiser.step(grad, lr, step);
      applyRule(rule, step, synapses.g, gmin, gmax, ruleRng, cfg.levels ?? 64);
      synapses.update(step);
      optimiser.taken(step);
    }
    trainSeconds += (performance.now() - t0) / 1000;
    yield* record(epoch);
  }
  const classes = cfg.data.classes;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  cfg.data.test.forEach((s, k) => confusion[s.label][lastPredTest[k]]++);
  tr.setConductances(synapses.g);
  return {
    epochs,
    conductances: Float64Array.from(synapses.g),
    initialConductances,
    trainer: tr,
    setup,
    solves,
    pulses: synapses.pulses,
    confusion,
    gmin,
    gmax,
    trainSeconds,
    synapses,
  };
}

/** The serial training as an epoch loop (for `trainingActor`): the same answers as `runEqProp`. */
export function eqpropEpochs(cfg: EqPropConfig, hooks: EqPropHooks = {}): Generator<EpochPoint, EqPropResult, undefined> {
  const prepared = prepareEqProp(cfg);
  const reported: EpochStats[] = [];
  const loop = eqpropLoop(cfg, prepared, { ...hooks, onEpoch: (s) => (reported.push(s), hooks.onEpoch?.(s)) });
  const worker = trainerFor(prepared.setup, new Prng(0), hooks.lookup);
  return answeredEpochs(loop, (job) => answerJob(worker, job), reported);
}

/** Trains in this thread; deterministic for a given seed and identical to any pool run. */
export function runEqProp(cfg: EqPropConfig, hooks: EqPropHooks = {}): EqPropResult {
  const prepared = prepareEqProp(cfg);
  const loop = eqpropLoop(cfg, prepared, hooks);
  // The answering trainer is separate from the loop's, as a worker's would be.
  const worker = trainerFor(prepared.setup, new Prng(0), hooks.lookup);
  let next = loop.next();
  while (!next.done) next = loop.next(answerJob(worker, next.value));
  return next.value;
}
