/**
 * The experiments `memflow experiment run NAME` knows. Each lives in its own module and is listed
 * here once, in the order `memflow experiment list` shows them.
 */
import { eqpropIris, eqpropXor } from './eqprop.js';
import { somnPathway } from './somn-pathway.js';
import { mondeqDigits, mondeqIris } from './mondeq-train.js';
import type { Experiment } from './types.js';

export type { Experiment, ExperimentContext, ExperimentResult } from './types.js';

export const EXPERIMENTS: readonly Experiment[] = [
  eqpropXor,
  eqpropIris,
  somnPathway,
  mondeqDigits,
  mondeqIris,
];
