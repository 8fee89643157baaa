/**
 * Memristive synapse presets: a device of the library at a chosen resistance range r = Roff/Ron
 * (the `range` parameter pair set from the model's own Ron; every other parameter is the model's
 * default unless listed), the pulse amplitudes that program it, and the parameters that vary from
 * device to device. Widths are calibrated per device (memristive.ts).
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { builtinDevices, hpMemristor, milanoMemristor, mssMemristor, teamMemristor, vteamMemristor, xspiceMemristor } from '@memflow/nodes';
import { DeviceRegistry } from '../compiler/registry.js';
import type { DeviceLookup } from '../solver/system.js';
import type { MemristiveSpec } from './memristive.js';

let builtins: DeviceLookup | undefined;

/** The built-in device models (a programming pulse's source among them), looked up by id. */
export function builtinLookup(): DeviceLookup {
  return (builtins ??= new DeviceRegistry(builtinDevices).lookup);
}

interface Preset {
  readonly model: DeviceModel;
  /** Parameters of a device with range r. */
  readonly params: (r: number) => Record<string, number>;
  readonly amplitudes: readonly [number, number];
  readonly varied: readonly string[];
  /** The model's default range (for `synapse=NAME` without a range). */
  readonly defaultRange: number;
}

const PRESETS: Record<string, Preset> = {
  // Biolek window p = 2: state-dependent drift that slows towards the bound it moves to, without
  // Joglekar's stuck terminal states.
  hp: { model: hpMemristor, params: (r) => ({ ron: 100, roff: 100 * r, rinit: 50 * (1 + r), window: 2, p: 2 }), amplitudes: [1, -1], varied: ['ron', 'roff', 'uv'], defaultRange: 160 },
  team: { model: teamMemristor, params: (r) => ({ ron: 50, roff: 50 * r }), amplitudes: [2, -2], varied: ['ron', 'roff', 'koff', 'kon'], defaultRange: 20 },
  vteam: { model: vteamMemristor, params: (r) => ({ ron: 50, roff: 50 * r }), amplitudes: [1, -0.3], varied: ['ron', 'roff', 'koff', 'kon'], defaultRange: 20 },
  mss: { model: mssMemristor, params: (r) => ({ ron: 15e3, roff: 15e3 * r }), amplitudes: [0.5, -0.5], varied: ['ron', 'roff', 'tau'], defaultRange: 3 },
  // the XSPICE threshold model with a 0.5 V threshold and a 1e4 Ω/(V·s) rate above it
  xspice: { model: xspiceMemristor, params: (r) => ({ rmin: 100, rmax: 100 * r, rinit: 100 * r, vt: 0.5, alpha: 0, beta: 1e4 }), amplitudes: [1, -1], varied: ['rmin', 'rmax', 'beta'], defaultRange: 100 },
  // volatile potentiation–depression: a 0.5 V pulse potentiates, a 0 V interval relaxes (depresses)
  milano: { model: milanoMemristor, params: (r) => ({ ymax: 2.7235e-3, ymin: 2.7235e-3 / r }), amplitudes: [0.5, 0], varied: ['ymin', 'ymax', 'kp0', 'kd0'], defaultRange: 2.7235 / 1.0147 },
};

export const SYNAPSE_MODELS = Object.keys(PRESETS);

export interface SynapseOptions {
  readonly range?: number;
  readonly variability?: number;
  readonly variants?: number;
  readonly steps?: number;
  readonly grid?: number;
}

/** The memristive synapse spec of preset `name` (hp, team, vteam, mss, xspice, milano). */
export function memristiveSpec(name: string, o: SynapseOptions = {}): MemristiveSpec {
  const p = PRESETS[name];
  if (!p) throw new Error(`unknown memristive synapse '${name}'; choose one of ${SYNAPSE_MODELS.join(', ')}`);
  const r = o.range ?? p.defaultRange;
  if (!(r > 1)) throw new Error(`memristive synapse range Roff/Ron must be > 1, got ${r}`);
  return {
    model: p.model,
    params: p.params(r),
    amplitudes: p.amplitudes,
    varied: p.varied,
    variability: o.variability ?? 0.1,
    variants: o.variants ?? 4,
    steps: o.steps ?? 100,
    grid: o.grid ?? 129,
  };
}
