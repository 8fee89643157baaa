/** Data sets for the learning experiments: samples of input features and a class label. */
import { Prng } from '../random/prng.js';

export interface Sample {
  readonly x: readonly number[];
  readonly label: number;
}

export interface Dataset {
  readonly name: string;
  readonly features: number;
  readonly classes: number;
  readonly train: readonly Sample[];
  readonly test: readonly Sample[];
}

/** XOR on {lo, hi}²: two classes (0 = equal inputs, 1 = different); train and test are the same four points. */
export function xorDataset(lo = -1, hi = 1): Dataset {
  const s: Sample[] = [
    { x: [lo, lo], label: 0 },
    { x: [lo, hi], label: 1 },
    { x: [hi, lo], label: 1 },
    { x: [hi, hi], label: 0 },
  ];
  return { name: 'xor', features: 2, classes: 2, train: s, test: s };
}

/**
 * Parses a labelled CSV in the scikit-learn layout: a header `n,features,class names...`, then rows of
 * features followed by an integer label.
 */
export function parseLabelledCsv(text: string): { samples: Sample[]; features: number; classes: number } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error('labelled CSV: no data rows');
  const head = lines[0].split(',');
  const features = Number(head[1]);
  const classNames = head.slice(2);
  const samples: Sample[] = [];
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',').map(Number);
    if (cells.length !== features + 1 || cells.some((c) => !Number.isFinite(c))) throw new Error(`labelled CSV: row ${r + 1} is malformed`);
    samples.push({ x: cells.slice(0, features), label: cells[features] });
  }
  const classes = classNames.length > 0 ? classNames.length : Math.max(...samples.map((s) => s.label)) + 1;
  return { samples, features, classes };
}

/** Scales every feature linearly to [lo, hi] using the min and max over `ref` (the training set). */
export function scaleFeatures(samples: readonly Sample[], ref: readonly Sample[], lo: number, hi: number): Sample[] {
  const f = ref[0].x.length;
  const min = new Array<number>(f).fill(Infinity);
  const max = new Array<number>(f).fill(-Infinity);
  for (const s of ref)
    for (let k = 0; k < f; k++) {
      min[k] = Math.min(min[k], s.x[k]);
      max[k] = Math.max(max[k], s.x[k]);
    }
  return samples.map((s) => ({
    label: s.label,
    x: s.x.map((v, k) => (max[k] > min[k] ? lo + ((hi - lo) * (v - min[k])) / (max[k] - min[k]) : lo)),
  }));
}

/**
 * A labelled data set split by seed into `trainSize` training and the rest test samples, stratified by
 * class, features scaled to [0, vmax] by the training set's range (test features clipped to it).
 */
export function splitLabelledCsv(name: string, csv: string, seed: number, trainSize: number, vmax: number): Dataset {
  const { samples, features, classes } = parseLabelledCsv(csv);
  if (!(trainSize > 0 && trainSize < samples.length)) throw new Error(`${name}: training set size ${trainSize} must be between 1 and ${samples.length - 1}`);
  const rng = new Prng(seed);
  const byClass: Sample[][] = Array.from({ length: classes }, () => []);
  for (const s of samples) byClass[s.label].push(s);
  const frac = trainSize / samples.length;
  const train: Sample[] = [];
  const test: Sample[] = [];
  for (const group of byClass) {
    rng.shuffle(group);
    const k = Math.round(group.length * frac);
    train.push(...group.slice(0, k));
    test.push(...group.slice(k));
  }
  rng.shuffle(train);
  rng.shuffle(test);
  return {
    name,
    features,
    classes,
    train: scaleFeatures(train, train, 0, vmax),
    test: scaleFeatures(test, train, 0, vmax).map((s) => ({ label: s.label, x: s.x.map((v) => Math.min(Math.max(v, 0), vmax)) })),
  };
}

/** Iris as in EBANA: 105 train / 45 test, stratified, features scaled to [0, vmax] (default 1.2 V). */
export function irisDataset(csv: string, seed: number, trainSize = 105, vmax = 1.2): Dataset {
  return splitLabelledCsv('iris', csv, seed, trainSize, vmax);
}

/**
 * UCI optical digits (fixtures/data/digits.csv, 1797 samples of 8×8 grey levels 0–16, 10 classes):
 * by default 1347 train / 450 test (a 75/25 split), stratified, features scaled to [0, vmax].
 */
export function digitsDataset(csv: string, seed: number, trainSize = 1347, vmax = 1): Dataset {
  return splitLabelledCsv('digits', csv, seed, trainSize, vmax);
}
