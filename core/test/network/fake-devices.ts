/** Small hand-written device models: just enough contract for validation and netlist export. */
import type { DeviceModel } from '@memflow/plugin-sdk';

const fake = (m: Partial<DeviceModel> & Pick<DeviceModel, 'id' | 'terminals' | 'params'>): DeviceModel => ({
  version: '0.0.0',
  title: m.id,
  kind: 'other',
  jacobian: [],
  evaluate: () => {},
  ...m,
});

export const resistor = fake({
  id: 'resistor',
  kind: 'passive',
  terminals: ['p', 'n'],
  params: { r: { default: 1e3, min: 0, unit: 'Ohm' } },
  spice: { letter: 'R', value: 'r' },
});

export const diode = fake({
  id: 'diode',
  kind: 'diode',
  terminals: ['a', 'k'],
  params: {
    is: { default: 1e-14, min: 0 },
    n: { default: 1, min: 0.1, max: 10 },
    rs: { default: 0, min: 0, aliases: ['rser'] },
  },
  spice: { letter: 'D', modelType: 'd' },
});

export const hp = fake({
  id: 'memristor.hp',
  kind: 'memristor',
  terminals: ['p', 'n'],
  params: {
    ron: { default: 100, min: 0 },
    roff: { default: 16e3, min: 0 },
    rinit: { default: 11e3, min: 0 },
    d: { default: 10e-9, min: 0 },
    uv: { default: 1e-14, min: 0 },
    window: { default: 0, choices: ['none', 'joglekar', 'biolek', 'prodromakis'] },
  },
  states: { w: { init: 0.5, min: 0, max: 1 } },
  spice: { letter: 'Y', modelType: 'memristor', level: ['hp'] },
});

export const vsource = fake({
  id: 'vsource',
  kind: 'source',
  terminals: ['p', 'n'],
  branches: ['i'],
  params: {},
  spice: { letter: 'V', source: true },
});

export const cccs = fake({
  id: 'cccs',
  kind: 'controlled',
  terminals: ['p', 'n'],
  params: { gain: { default: 1 } },
  spice: { letter: 'F', value: 'gain', controlledByCurrent: true },
});

/** A model SPICE cannot spell. */
export const neuron = fake({
  id: 'neuron.hopfield',
  kind: 'neuron',
  terminals: ['in', 'out', 'gnd'],
  params: { tau: { default: 1e-3, min: 0 } },
  states: { u: { init: 0 }, a: { init: 0 } },
});

export const devices: readonly DeviceModel[] = [resistor, diode, hp, vsource, cccs, neuron];
export const lookup = (id: string): DeviceModel | undefined => devices.find((d) => d.id === id);
export const knownIds = devices.map((d) => d.id);
