import type { DeviceModel } from '@memflow/plugin-sdk';
import { capacitor } from './passive/capacitor.js';
import { inductor } from './passive/inductor.js';
import { resistor } from './passive/resistor.js';
import { isource } from './sources/isource.js';
import { vsource } from './sources/vsource.js';
import { ccvs, cccs, currentMirror, vccs, vcvs } from './sources/controlled.js';
import { bidirectionalAmplifier } from './sources/amplifier.js';
import { diode } from './diodes/diode.js';
import { idealDiode } from './diodes/ideal.js';
import { diodeRelu } from './diodes/diode-relu.js';
import { behaviouralDiode } from './diodes/behavioural.js';
import { hopfieldNeuron } from './neurons/hopfield.js';
import { leakyIntegrator } from './neurons/leaky-integrator.js';
import { hpMemristor } from './memristors/hp.js';
import { xspiceMemristor } from './memristors/xspice-threshold.js';
import { teamMemristor } from './memristors/team.js';
import { vteamMemristor } from './memristors/vteam.js';
import { yakopcicMemristor } from './memristors/yakopcic.js';
import { mssMemristor } from './memristors/mss.js';
import { stanfordRram } from './memristors/stanford.js';
import { lehtonenLaihoMemristor } from './memristors/lehtonen-laiho.js';
import { nanowireJunction } from './memristors/nanowire.js';
import { milanoMemristor } from './memristors/milano.js';
import { fluxMemristor } from './memristors/flux.js';
import { variableParams, withVariability } from './variability/index.js';

export { buildTableModel, fitTable, tableModelFromFit, TableDataError, type TableFit, type TableOptions } from './memristors/table.js';
export * from './variability/index.js';

export {
  capacitor,
  inductor,
  resistor,
  isource,
  vsource,
  vccs,
  vcvs,
  cccs,
  ccvs,
  currentMirror,
  bidirectionalAmplifier,
  diode,
  idealDiode,
  diodeRelu,
  behaviouralDiode,
  hopfieldNeuron,
  leakyIntegrator,
  hpMemristor,
  xspiceMemristor,
  teamMemristor,
  vteamMemristor,
  yakopcicMemristor,
  mssMemristor,
  stanfordRram,
  lehtonenLaihoMemristor,
  nanowireJunction,
  milanoMemristor,
  fluxMemristor,
};

/** Every memristive model of the library. */
export const memristorModels: readonly DeviceModel[] = [
  hpMemristor,
  xspiceMemristor,
  teamMemristor,
  vteamMemristor,
  yakopcicMemristor,
  mssMemristor,
  stanfordRram,
  lehtonenLaihoMemristor,
  nanowireJunction,
  milanoMemristor,
  fluxMemristor,
];

/**
 * Each memristive model with seeded variability and faults (ids `<id>+var`, SPICE `level=<level>_var`):
 * every numeric parameter may take a device-to-device sigma (`d2d_sigma_<param>`, 0 by default), plus
 * read noise, stuck-at faults and conductance levels; see nodes/src/variability.
 */
export const variabilityModels: readonly DeviceModel[] = memristorModels.map((m) =>
  withVariability(m, { d2d: Object.fromEntries(variableParams(m).map((p) => [p, 0])) }),
);

/** Every built-in device model, in the order the documentation lists them. */
export const builtinDevices: readonly DeviceModel[] = [
  resistor,
  capacitor,
  inductor,
  vsource,
  isource,
  vcvs,
  vccs,
  cccs,
  ccvs,
  currentMirror,
  bidirectionalAmplifier,
  diode,
  idealDiode,
  diodeRelu,
  behaviouralDiode,
  hopfieldNeuron,
  leakyIntegrator,
  ...memristorModels,
  ...variabilityModels,
];
