/**
 * The two tasks of the Zoppo et al. set-up (DOMAIN §4):
 *  - reconstruction: 64 visible neurons (the 8×8 sign pattern) plus hidden neurons, all pairs connected
 *    by memristors; the corrupted cue drives each visible neuron through its own input memristor; the
 *    cost asks the visible activations to equal 0.9·(clean pattern); compared with the classical Hebbian
 *    Hopfield network (hopfield/cam.ts) on the same cues;
 *  - digits: 64 grey levels (scaled to [0, 1]) drive the hidden neurons through input memristors; hidden
 *    and 10 output neurons are coupled by symmetric memristors; the predicted class is the most active
 *    output.
 * Time is in units of τ; fluxes in V·τ.
 */
import { Prng } from '../../random/prng.js';
import type { Dataset } from '../data.js';
import { corrupt, hebbianMatrix, hebbianRecall } from '../hopfield/cam.js';
import { initialParams, type RnnSpec } from './network.js';
import { RnnLearner, trainRnn, type EpochRecord, type Example, type LearningRule, type TrainConfig } from './train.js';

function rnnSpec(n: number, k: number, pairs: [number, number][], inputs: [number, number][], outputs: number[], wmax: number): RnnSpec {
  return {
    n,
    k,
    pi: Int32Array.from(pairs, (p) => p[0]),
    pj: Int32Array.from(pairs, (p) => p[1]),
    ci: Int32Array.from(inputs, (c) => c[0]),
    ck: Int32Array.from(inputs, (c) => c[1]),
    outputs: Int32Array.from(outputs),
    wmax,
    phi0: 1,
    phimax: 4,
  };
}

/** 64 visible + `hidden` neurons, every pair connected; input 1 + m drives visible m; input 0 (bias) drives all. */
export function reconstructionSpec(hidden: number, visible = 64): RnnSpec {
  const n = visible + hidden;
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  const inputs: [number, number][] = [];
  for (let i = 0; i < n; i++) inputs.push([i, 0]);
  for (let m = 0; m < visible; m++) inputs.push([m, 1 + m]);
  return rnnSpec(n, 1 + visible, pairs, inputs, Array.from({ length: visible }, (_, m) => m), 2);
}

/** `hidden` neurons fed by 64 features (+ bias), coupled to 10 outputs (indices hidden…hidden+9). */
export function digitsSpec(hidden: number, features = 64, classes = 10): RnnSpec {
  const n = hidden + classes;
  const pairs: [number, number][] = [];
  for (let h = 0; h < hidden; h++) for (let o = 0; o < classes; o++) pairs.push([h, hidden + o]);
  const inputs: [number, number][] = [];
  for (let h = 0; h < hidden; h++) for (let kk = 0; kk <= features; kk++) inputs.push([h, kk]);
  for (let o = 0; o < classes; o++) inputs.push([hidden + o, 0]);
  return rnnSpec(n, 1 + features, pairs, inputs, Array.from({ length: classes }, (_, o) => hidden + o), 2);
}

export function cueExample(cue: Int8Array, clean: Int8Array): Example {
  return { x: Float64Array.from([1, ...cue]), target: Float64Array.from(clean, (s) => 0.9 * s) };
}

export interface ReconstructionConfig {
  readonly hidden: number;
  readonly train: TrainConfig;
  /** Training cues per pattern and epoch, with corruption drawn uniformly in [0, maxCorruption]. */
  readonly cuesPerPattern: number;
  readonly maxCorruption: number;
  /** Test corruption levels and cues per pattern per level. */
  readonly testCorruption: readonly number[];
  readonly testCues: number;
}

export interface ReconstructionPoint {
  readonly corruption: number;
  /** Mean fraction of wrong signs of the visible neurons (RNN) / of the Hebbian network's state. */
  readonly rnnError: number;
  readonly hebbianError: number;
  /** Fraction of cues restored exactly. */
  readonly rnnExact: number;
  readonly hebbianExact: number;
}

export interface ReconstructionResult {
  readonly rule: LearningRule;
  readonly curve: EpochRecord[];
  readonly points: ReconstructionPoint[];
  readonly relaxSteps: number;
}

export function runReconstruction(patterns: readonly Int8Array[], cfg: ReconstructionConfig, onEpoch?: (r: EpochRecord) => void): ReconstructionResult {
  const spec = reconstructionSpec(cfg.hidden, patterns[0].length);
  const rng = new Prng(cfg.train.seed);
  const learner = new RnnLearner(spec, initialParams(spec, rng, 0.5));
  const curve: EpochRecord[] = [];
  for (let epoch = 1; epoch <= cfg.train.epochs; epoch++) {
    const examples: Example[] = [];
    for (const p of patterns) for (let c = 0; c < cfg.cuesPerPattern; c++) examples.push(cueExample(corrupt(p, rng.uniform(0, cfg.maxCorruption), rng), p));
    const [r] = trainRnn(learner, examples, { ...cfg.train, epochs: 1, seed: cfg.train.seed + epoch });
    curve.push({ epoch, loss: r.loss });
    onEpoch?.({ epoch, loss: r.loss });
  }
  const t = hebbianMatrix(patterns);
  const testRng = new Prng(cfg.train.seed + 7777);
  const n = patterns[0].length;
  const points = cfg.testCorruption.map((f) => {
    let eR = 0;
    let eH = 0;
    let xR = 0;
    let xH = 0;
    for (const p of patterns)
      for (let c = 0; c < cfg.testCues; c++) {
        const cue = corrupt(p, f, testRng);
        const rho = learner.infer(Float64Array.from([1, ...cue]));
        let wrongR = 0;
        for (let m = 0; m < n; m++) if (Math.sign(rho[m]) !== p[m]) wrongR++;
        const h = hebbianRecall(t, cue, testRng);
        let wrongH = 0;
        for (let m = 0; m < n; m++) if (h[m] !== p[m]) wrongH++;
        eR += wrongR / n;
        eH += wrongH / n;
        if (wrongR === 0) xR++;
        if (wrongH === 0) xH++;
      }
    const count = patterns.length * cfg.testCues;
    return { corruption: f, rnnError: eR / count, hebbianError: eH / count, rnnExact: xR / count, hebbianExact: xH / count };
  });
  return { rule: cfg.train.rule, curve, points, relaxSteps: learner.relaxSteps };
}

export interface DigitsConfig {
  readonly hidden: number;
  readonly train: TrainConfig;
  readonly trainSize?: number;
}

export interface DigitsEpoch extends EpochRecord {
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

export function digitsExamples(data: Dataset['train']): Example[] {
  return data.map((s) => ({ x: Float64Array.from([1, ...s.x]), target: Float64Array.from({ length: 10 }, (_, c) => (c === s.label ? 0.9 : -0.9)) }));
}

export function accuracy(learner: RnnLearner, samples: Dataset['train']): number {
  let right = 0;
  const outs = learner.spec.outputs;
  for (const s of samples) {
    const rho = learner.infer(Float64Array.from([1, ...s.x]));
    let best = 0;
    for (let o = 1; o < outs.length; o++) if (rho[outs[o]] > rho[outs[best]]) best = o;
    if (best === s.label) right++;
  }
  return right / samples.length;
}

export function runDigits(data: Dataset, cfg: DigitsConfig, onEpoch?: (r: DigitsEpoch) => void): { curve: DigitsEpoch[]; learner: RnnLearner } {
  const spec = digitsSpec(cfg.hidden, data.features, data.classes);
  const rng = new Prng(cfg.train.seed);
  const learner = new RnnLearner(spec, initialParams(spec, rng, 1));
  const train = cfg.trainSize ? data.train.slice(0, cfg.trainSize) : data.train;
  const examples = digitsExamples(train);
  const curve: DigitsEpoch[] = [];
  trainRnn(learner, examples, cfg.train, (r) => {
    const e = { ...r, trainAccuracy: accuracy(learner, train), testAccuracy: accuracy(learner, data.test) };
    curve.push(e);
    onEpoch?.(e);
  });
  return { curve, learner };
}
