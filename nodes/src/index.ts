import type { DeviceModel } from '@memflow/plugin-sdk';
import { capacitor } from './passive/capacitor.js';
import { inductor } from './passive/inductor.js';
import { resistor } from './passive/resistor.js';
import { isource } from './sources/isource.js';
import { vsource } from './sources/vsource.js';
import { vccs, vcvs } from './sources/controlled.js';
import { diode } from './diodes/diode.js';
import { xspiceMemristor } from './memristors/xspice-threshold.js';
import { hpMemristor } from './memristors/hp.js';

export { capacitor, inductor, resistor, isource, vsource, vccs, vcvs, diode, xspiceMemristor, hpMemristor };

/** Every built-in device model, in the order the documentation lists them. */
export const builtinDevices: readonly DeviceModel[] = [
  resistor,
  capacitor,
  inductor,
  vsource,
  isource,
  vcvs,
  vccs,
  diode,
  xspiceMemristor,
  hpMemristor,
];
