/**
 * The experiments `memflow experiment run NAME` knows. Each lives in its own module and is listed
 * here once, in the order `memflow experiment list` shows them.
 */
import { eqpropDigits, eqpropIris, eqpropXor } from './eqprop.js';
import { eqpropRange } from './eqprop-range.js';
import { somnPathway } from './somn-pathway.js';
import { somnAvalanches } from './somn-avalanches.js';
import { somnEdgeOfChaos } from './somn-edge-of-chaos.js';
import { somnOnline, somnReservoir } from './somn-reservoir.js';
import { somnPlasticity } from './somn-plasticity.js';
import { hopfieldConvergence } from './hopfield-convergence.js';
import { hopfieldCam } from './hopfield-cam.js';
import { zoppoDigits, zoppoReconstruction } from './zoppo.js';
import { mondeqDigits, mondeqIris } from './mondeq-train.js';
import { selfWiring } from './self-wiring.js';
import type { Experiment } from './types.js';

export type { Experiment, ExperimentContext, ExperimentResult } from './types.js';

export const EXPERIMENTS: readonly Experiment[] = [
  eqpropXor,
  eqpropIris,
  eqpropDigits,
  eqpropRange,
  somnPathway,
  somnAvalanches,
  somnEdgeOfChaos,
  somnReservoir,
  somnOnline,
  somnPlasticity,
  hopfieldConvergence,
  hopfieldCam,
  zoppoReconstruction,
  zoppoDigits,
  mondeqDigits,
  mondeqIris,
  selfWiring,
];
