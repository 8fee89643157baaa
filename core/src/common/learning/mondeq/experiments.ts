/**
 * Configurations of the `mondeq-digits` and `mondeq-iris` experiments, and the knobs `--set` may change.
 * Defaults were chosen once (not tuned against the test split): a 32-neuron monDEQ on digits, 16 on Iris.
 */
import { digitsDataset, irisDataset, type Dataset } from '../data.js';
import { diodeActivation, reluActivation, type NeuronActivation } from './activation.js';
import type { GradientPath } from './engines.js';
import type { MonDeqTrainConfig } from './train.js';

export interface MonDeqExperimentOverrides {
  readonly epochs?: number;
  readonly seed?: number;
  readonly quick?: boolean;
  /**
   * `--set` knobs: hidden (neurons; a comma list such as 32,16 makes a cascade), lr, batch, path
   * (circuit|splitting), activation (relu|diode-relu), margin, coupling.
   */
  readonly options?: Readonly<Record<string, string>>;
}

/** A bad `--set` value: the CLI maps it to exit code 2. */
export class MonDeqOptionError extends Error {}

export const MONDEQ_KNOBS = ['hidden', 'lr', 'batch', 'path', 'activation', 'margin', 'coupling'] as const;

function knobs(options: Readonly<Record<string, string>>) {
  const num = (key: string, ok: (v: number) => boolean, what: string): number | undefined => {
    const raw = options[key];
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || !ok(v)) throw new MonDeqOptionError(`--set ${key}=${raw}: ${key} must be ${what}`);
    return v;
  };
  const posInt = (v: number) => Number.isInteger(v) && v >= 1;
  const path = options.path;
  if (path !== undefined && path !== 'circuit' && path !== 'splitting') throw new MonDeqOptionError(`--set path=${path}: path must be 'circuit' or 'splitting'`);
  const act = options.activation;
  if (act !== undefined && act !== 'relu' && act !== 'diode-relu') throw new MonDeqOptionError(`--set activation=${act}: activation must be 'relu' or 'diode-relu'`);
  let hidden: number[] | undefined;
  if (options.hidden !== undefined) {
    hidden = options.hidden.split(',').map((t) => Number(t.trim()));
    if (!hidden.every(posInt)) throw new MonDeqOptionError(`--set hidden=${options.hidden}: hidden must be a positive integer or a comma list of them (a cascade)`);
  }
  return {
    hidden: hidden && hidden.length === 1 ? hidden[0] : hidden,
    lr: num('lr', (v) => v > 0, 'a positive number'),
    batch: num('batch', posInt, 'a positive integer'),
    margin: num('margin', (v) => v > 0, 'a positive number'),
    coupling: num('coupling', (v) => v >= 0, 'a non-negative number'),
    path: path as GradientPath | undefined,
    activation: act === 'diode-relu' ? diodeActivation() : act === 'relu' ? reluActivation() : undefined,
  };
}

function subset(d: Dataset, train: number, test: number): Dataset {
  return { ...d, train: d.train.slice(0, train), test: d.test.slice(0, test) };
}

interface Defaults {
  readonly hidden: number;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
}

function config(data: Dataset, full: Defaults, quick: Defaults, o: MonDeqExperimentOverrides): MonDeqTrainConfig {
  const k = knobs(o.options ?? {});
  const d = o.quick ? quick : full;
  if (o.epochs !== undefined && !(Number.isInteger(o.epochs) && o.epochs >= 0)) throw new MonDeqOptionError(`--epochs must be a non-negative integer, got ${o.epochs}`);
  const activation: NeuronActivation = k.activation ?? reluActivation();
  return {
    data,
    hidden: k.hidden ?? d.hidden,
    epochs: o.epochs ?? d.epochs,
    batch: k.batch ?? d.batch,
    lr: k.lr ?? d.lr,
    seed: o.seed ?? 1,
    path: k.path ?? 'circuit',
    activation,
    init: { margin: k.margin, coupling: k.coupling },
  };
}

export function mondeqDigitsConfig(csv: string, o: MonDeqExperimentOverrides = {}): MonDeqTrainConfig {
  const seed = o.seed ?? 1;
  const data = digitsDataset(csv, seed);
  return config(
    o.quick ? subset(data, 150, 60) : data,
    { hidden: 32, epochs: 10, batch: 32, lr: 0.01 },
    { hidden: 6, epochs: 2, batch: 16, lr: 0.02 },
    o,
  );
}

export function mondeqIrisConfig(csv: string, o: MonDeqExperimentOverrides = {}): MonDeqTrainConfig {
  const seed = o.seed ?? 1;
  return config(irisDataset(csv, seed), { hidden: 16, epochs: 60, batch: 8, lr: 0.02 }, { hidden: 4, epochs: 5, batch: 8, lr: 0.05 }, o);
}
