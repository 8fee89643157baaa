/**
 * Digit classification with a nanowire reservoir (part of `somn-reservoir`): each 8×8 image is played
 * column by column into 8 input electrodes (one per pixel row, voltage = gain × grey level), each column
 * held `hold` steps; after every column the readout electrodes' voltages and the ground current are
 * sampled, and a one-vs-rest ridge classifier reads the 8 × (readouts + 1) signals. The network starts
 * every image from its initial state. Beside it, the same classifier on the raw 64 pixels.
 */
import type { Dataset, Sample } from '../learning/data.js';
import { fitRidge, predictRidge, type RidgeModel } from './readout.js';
import { buildNanowireSim, distinctNearestWires } from './setup.js';

export interface DigitsConfig {
  readonly wires: number;
  readonly junctionsPerWire: number;
  readonly seed: number;
  readonly readouts: number;
  readonly hold: number;
  readonly gain: number;
  readonly dt: number;
  readonly lambda: readonly number[];
  /** Use only this many training / test samples (0 = all). */
  readonly trainLimit: number;
  readonly testLimit: number;
}

export function digitsConfig(o: { seed?: number; quick?: boolean } = {}): DigitsConfig {
  const q = o.quick ?? false;
  return { wires: q ? 80 : 150, junctionsPerWire: 2.6, seed: o.seed ?? 1, readouts: q ? 8 : 14, hold: q ? 2 : 5, gain: 2, dt: 1e-3, lambda: [1e-4, 1e-2, 1, 10, 100], trainLimit: q ? 300 : 0, testLimit: q ? 100 : 0 };
}

/** One-vs-rest ridge classifier: ±1 targets, the penalty chosen by accuracy on the last quarter of the training rows. */
export function ridgeClassifier(rows: readonly number[][], labels: readonly number[], classes: number, lambdas: readonly number[]): { predict(row: number[]): number; lambda: number } {
  const fit = (r: readonly number[][], l: readonly number[], lambda: number): RidgeModel[] =>
    Array.from({ length: classes }, (_, c) => fitRidge(r, l.map((y) => (y === c ? 1 : -1)), lambda));
  const argmax = (models: RidgeModel[], row: number[]) => {
    let best = 0;
    let bv = -Infinity;
    models.forEach((m, c) => {
      const v = predictRidge(m, row);
      if (v > bv) [best, bv] = [c, v];
    });
    return best;
  };
  const cut = Math.floor(0.75 * rows.length);
  let lambda = lambdas[0];
  let bestAcc = -1;
  if (lambdas.length > 1) {
    for (const l of lambdas) {
      const models = fit(rows.slice(0, cut), labels.slice(0, cut), l);
      let ok = 0;
      for (let i = cut; i < rows.length; i++) if (argmax(models, rows[i]) === labels[i]) ok++;
      if (ok > bestAcc) [lambda, bestAcc] = [l, ok];
    }
  }
  const models = fit(rows, labels, lambda);
  return { predict: (row) => argmax(models, row), lambda };
}

export interface DigitsResult {
  readonly network: { readonly train: number; readonly test: number; readonly lambda: number };
  readonly rawInput: { readonly train: number; readonly test: number; readonly lambda: number };
  readonly features: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly junctions: number;
}

export function runDigits(cfg: DigitsConfig, data: Dataset, onProgress?: (f: number) => void): DigitsResult {
  if (data.features !== 64) throw new RangeError(`digits: expected 8×8 images (64 features), got ${data.features}`);
  const base = { wires: cfg.wires, junctionsPerWire: cfg.junctionsPerWire, seed: cfg.seed, dt: cfg.dt };
  // Electrodes: 8 inputs down the left side, ground on the right, readouts on a grid in between.
  const points: [number, number][] = Array.from({ length: 8 }, (_, r) => [0.03, (r + 0.5) / 8] as [number, number]);
  points.push([0.97, 0.5]);
  const side = Math.ceil(Math.sqrt(cfg.readouts));
  for (let k = 0; k < cfg.readouts; k++) points.push([0.3 + (0.5 * (k % side)) / Math.max(1, side - 1), 0.15 + (0.7 * Math.floor(k / side)) / Math.max(1, side - 1)]);
  const probe = buildNanowireSim(base);
  const wires = distinctNearestWires(probe.gen, points.map(([x, y]) => [x * probe.side, y * probe.side]));
  const { gen, sim } = buildNanowireSim({ ...base, electrodeWires: wires, driven: [...Array.from({ length: 8 }, (_, r) => `e${r + 1}`), 'e9'] });
  const readoutNets = gen.electrodes.slice(9).map((e) => sim.net(e.net));
  const ground = sim.net('e9');
  const initState = Float64Array.from(sim.state);
  const initV = Float64Array.from(sim.v);
  const train = cfg.trainLimit > 0 ? data.train.slice(0, cfg.trainLimit) : data.train;
  const test = cfg.testLimit > 0 ? data.test.slice(0, cfg.testLimit) : data.test;
  const total = train.length + test.length;
  let done = 0;
  const drive = new Float64Array(9);
  const features = (s: Sample): number[] => {
    sim.state.set(initState);
    sim.v.set(initV);
    const row: number[] = [];
    for (let c = 0; c < 8; c++) {
      for (let r = 0; r < 8; r++) drive[r] = cfg.gain * s.x[8 * r + c];
      for (let h = 0; h < cfg.hold; h++) sim.step(drive);
      for (const k of readoutNets) row.push(sim.v[k]);
      row.push(-1e6 * sim.netCurrent(ground));
    }
    if (++done % 20 === 0) onProgress?.(done / total);
    return row;
  };
  const trainRows = train.map(features);
  const testRows = test.map(features);
  const accuracy = (clf: { predict(r: number[]): number }, rows: number[][], set: readonly Sample[]) => rows.filter((r, i) => clf.predict(r) === set[i].label).length / set.length;
  const trainLabels = train.map((s) => s.label);
  const net = ridgeClassifier(trainRows, trainLabels, data.classes, cfg.lambda);
  const rawTrain = train.map((s) => [...s.x]);
  const raw = ridgeClassifier(rawTrain, trainLabels, data.classes, cfg.lambda);
  onProgress?.(1);
  return {
    network: { train: accuracy(net, trainRows, train), test: accuracy(net, testRows, test), lambda: net.lambda },
    rawInput: { train: accuracy(raw, rawTrain, train), test: accuracy(raw, test.map((s) => [...s.x]), test), lambda: raw.lambda },
    features: trainRows[0].length,
    trainSize: train.length,
    testSize: test.length,
    junctions: gen.stats.junctions,
  };
}
