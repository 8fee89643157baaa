/**
 * I–V characterisation of a two-terminal device: drive it with a sine, record v, i and its states, and
 * measure what the field reports about memristors — the pinch at v = 0, the lobe areas (which shrink
 * as the frequency grows) and the resistance range reached.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { NETWORK_FORMAT, type Network } from '../network/types.js';
import { simulate } from '../solver/simulate.js';
import type { DeviceLookup } from '../solver/system.js';

export interface DriveSpec {
  /** Sine amplitude (V). */
  readonly amplitude: number;
  /** Sine frequency (Hz). */
  readonly frequency: number;
  /** Periods simulated; the figures come from the last one. Default 2. */
  readonly cycles?: number;
  /** Output points per period (even, so that the sine's zeros fall on the grid). Default 1000. */
  readonly pointsPerCycle?: number;
  /** Parameters of the device under test (overrides of its defaults). */
  readonly params?: Readonly<Record<string, number>>;
  /** Extra `.options` (e.g. reltol). */
  readonly options?: Readonly<Record<string, number>>;
}

export interface LoopFigures {
  /** max |i| where v = 0, relative to max |i| (0 for a perfectly pinched loop). */
  readonly pinchError: number;
  /** |∮ i dv| of the positive and of the negative half-cycle of the last period (V·A). */
  readonly lobeAreaPositive: number;
  readonly lobeAreaNegative: number;
  /** Smallest and largest v/i over the last period where |v| > 10 % of the amplitude. */
  readonly rMin: number;
  readonly rMax: number;
}

export interface LoopResult extends LoopFigures {
  readonly time: Float64Array;
  readonly v: Float64Array;
  /** Current into the device's first terminal. */
  readonly i: Float64Array;
  readonly states: Readonly<Record<string, Float64Array>>;
}

/** The sine-driven test circuit: V1 a 0 SIN(0 A f); DUT a 0. */
export function loopNetwork(model: DeviceModel, drive: DriveSpec): Network {
  if (model.terminals.length !== 2) throw new Error(`characterisation drives two-terminal devices; '${model.id}' has ${model.terminals.length} terminals`);
  const cycles = drive.cycles ?? 2;
  const per = drive.pointsPerCycle ?? 1000;
  const tstep = 1 / (drive.frequency * per);
  const states = Object.keys(model.states ?? {});
  return {
    format: NETWORK_FORMAT,
    title: `${model.id} under ${drive.amplitude} V, ${drive.frequency} Hz`,
    elements: [
      { id: 'v1', device: 'vsource', nodes: ['a', '0'], source: { dc: 0, wave: { type: 'sin', vo: 0, va: drive.amplitude, freq: drive.frequency, td: 0, theta: 0, phase: 0 } } },
      { id: 'dut', device: model.id, nodes: ['a', '0'], params: { ...drive.params } },
    ],
    options: { ...drive.options },
    analyses: [{ type: 'tran', tstep, tstop: cycles / drive.frequency, tmax: tstep, uic: true }],
    outputs: ['v(a)', 'i(v1)', ...states.map((s) => `x(dut.${s})`)],
  };
}

/** Figures of one period of (v, i) samples, v a sine starting at 0. */
export function loopFigures(v: ArrayLike<number>, i: ArrayLike<number>, amplitude: number): LoopFigures {
  let iMax = 0;
  for (let k = 0; k < i.length; k++) iMax = Math.max(iMax, Math.abs(i[k]));
  let pinch = 0;
  let areaPos = 0;
  let areaNeg = 0;
  let rMin = Infinity;
  let rMax = 0;
  for (let k = 0; k < v.length; k++) {
    if (Math.abs(v[k]) <= 1e-9 * amplitude) pinch = Math.max(pinch, Math.abs(i[k]));
    if (Math.abs(v[k]) > 0.1 * amplitude && i[k] !== 0) {
      const r = v[k] / i[k];
      if (r > 0) {
        rMin = Math.min(rMin, r);
        rMax = Math.max(rMax, r);
      }
    }
    if (k === 0) continue;
    const dA = 0.5 * (i[k] + i[k - 1]) * (v[k] - v[k - 1]);
    if (v[k] + v[k - 1] >= 0) areaPos += dA;
    else areaNeg += dA;
  }
  return {
    pinchError: iMax > 0 ? pinch / iMax : 0,
    lobeAreaPositive: Math.abs(areaPos),
    lobeAreaNegative: Math.abs(areaNeg),
    rMin,
    rMax,
  };
}

export function characterise(model: DeviceModel, lookup: DeviceLookup, drive: DriveSpec): LoopResult {
  const network = loopNetwork(model, drive);
  const result = simulate(network, lookup, network.analyses![0]);
  const col = (name: string) => result.data[result.columns.indexOf(name)];
  const time = col('time');
  const v = col('v(a)');
  const i = Float64Array.from(col('i(v1)'), (x) => -x);
  const states: Record<string, Float64Array> = {};
  for (const s of Object.keys(model.states ?? {})) states[s] = col(`x(dut.${s})`);
  // The last period: output points are on the grid t = k·tstep, so it starts at a known time.
  const period = 1 / drive.frequency;
  const start = time.findIndex((t) => t >= time[time.length - 1] - period - 1e-12 * period);
  const figures = loopFigures(v.subarray(start), i.subarray(start), drive.amplitude);
  return { time, v, i, states, ...figures };
}
