/**
 * Shared checks for memristor device models: derivative consistency, I–V loop characterisation (pinch and
 * lobe area against frequency), runs of a voltage-driven device for bounds and physics checks, determinism.
 */
import { expect } from 'vitest';
import { characterise, DeviceRegistry, NETWORK_FORMAT, simulate, type LoopResult, type Network } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { checkDerivatives, type DeviceModel, type SourceSpec } from '@memflow/plugin-sdk';

/** A registry of the built-in devices plus the model under test (replacing a built-in of the same id). */
export function registryWith(model: DeviceModel): DeviceRegistry {
  return new DeviceRegistry([...builtinDevices.filter((m) => m.id !== model.id), model]);
}

/** Declared derivatives against central differences at the points (local unknowns in kernel order). */
export function expectDerivatives(
  model: DeviceModel,
  points: readonly (readonly number[])[],
  params?: Readonly<Record<string, number>>,
  h?: number,
): number {
  const r = checkDerivatives(model, points, { params, h });
  expect(r.worst, `${model.id}: ${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
  return r.worst;
}

export interface LoopSpec {
  readonly amplitude: number;
  /** Increasing frequencies (Hz). */
  readonly frequencies: readonly number[];
  readonly params?: Readonly<Record<string, number>>;
  readonly cycles?: number;
  readonly pointsPerCycle?: number;
  readonly options?: Readonly<Record<string, number>>;
}

/**
 * Characterises the model under one sine amplitude at each frequency, prints the figures, and checks the
 * pinch (< 1e-9) and that the total lobe area (positive + negative) strictly decreases as the frequency
 * grows. Returns the loops in the order of `frequencies`.
 */
export function expectPinchedLoops(model: DeviceModel, registry: DeviceRegistry, spec: LoopSpec): LoopResult[] {
  const { amplitude, frequencies, params, cycles, pointsPerCycle, options } = spec;
  const loops = frequencies.map((frequency) =>
    characterise(model, registry.lookup, { amplitude, frequency, params, cycles, pointsPerCycle, options }),
  );
  const areas = loops.map((l) => l.lobeAreaPositive + l.lobeAreaNegative);
  loops.forEach((l, k) => {
    console.log(
      `${model.id} A=${amplitude} V f=${frequencies[k]} Hz: pinchError ${l.pinchError.toExponential(2)}, ` +
        `lobes +${l.lobeAreaPositive.toExponential(4)} / -${l.lobeAreaNegative.toExponential(4)} V·A ` +
        `(total ${areas[k].toExponential(4)}), Rmin ${l.rMin.toPrecision(5)} Ω, Rmax ${l.rMax.toPrecision(5)} Ω`,
    );
    expect(l.pinchError, `pinch error at ${frequencies[k]} Hz`).toBeLessThan(1e-9);
  });
  for (let k = 1; k < areas.length; k++) {
    expect(areas[k], `lobe area at ${frequencies[k]} Hz vs ${frequencies[k - 1]} Hz`).toBeLessThan(areas[k - 1]);
  }
  return loops;
}

export interface DriveSpec {
  /** Constant voltage (used when `source` is absent). */
  readonly dc?: number;
  /** Full source specification (DC value and waveform), e.g. `sine(a, f)`. */
  readonly source?: SourceSpec;
  readonly tstop: number;
  readonly tstep: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly options?: Readonly<Record<string, number>>;
}

export interface DriveRun {
  readonly time: Float64Array;
  readonly v: Float64Array;
  /** Current into the device's first terminal. */
  readonly i: Float64Array;
  readonly states: Readonly<Record<string, Float64Array>>;
}

/** Simulates `V1 a 0 <source>; DUT a 0` by transient analysis from the states' initial values (uic). */
export function drive(model: DeviceModel, registry: DeviceRegistry, spec: DriveSpec): DriveRun {
  const states = Object.keys(model.states ?? {});
  const source: SourceSpec = spec.source ?? { dc: spec.dc ?? 0 };
  const network: Network = {
    format: NETWORK_FORMAT,
    title: `${model.id} drive`,
    elements: [
      { id: 'v1', device: 'vsource', nodes: ['a', '0'], source },
      { id: 'dut', device: model.id, nodes: ['a', '0'], params: { ...spec.params } },
    ],
    options: { ...spec.options },
    analyses: [{ type: 'tran', tstep: spec.tstep, tstop: spec.tstop, tmax: spec.tstep, uic: true }],
    outputs: ['v(a)', 'i(v1)', ...states.map((s) => `x(dut.${s})`)],
  };
  const result = simulate(network, registry.lookup, network.analyses![0]);
  const col = (name: string) => result.data[result.columns.indexOf(name)];
  const out: Record<string, Float64Array> = {};
  for (const s of states) out[s] = col(`x(dut.${s})`);
  return { time: col('time'), v: col('v(a)'), i: Float64Array.from(col('i(v1)'), (x) => -x), states: out };
}

/** A sine source SIN(0 amplitude frequency). */
export function sine(amplitude: number, frequency: number): SourceSpec {
  return { dc: 0, wave: { type: 'sin', vo: 0, va: amplitude, freq: frequency, td: 0, theta: 0, phase: 0 } };
}

/** Every sample finite and within [lo, hi]; returns the extremes seen. */
export function expectWithin(values: ArrayLike<number>, lo: number, hi: number, what: string): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let bad = -1;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k]) && bad < 0) bad = k;
    min = Math.min(min, values[k]);
    max = Math.max(max, values[k]);
  }
  expect(bad, `${what}: first non-finite sample`).toBe(-1);
  expect(min, `${what} minimum`).toBeGreaterThanOrEqual(lo);
  expect(max, `${what} maximum`).toBeLessThanOrEqual(hi);
  return { min, max };
}

type Samples = ArrayLike<number>;

/**
 * Bit-identical samples (Object.is per element, so −0 ≠ +0 and NaN = NaN): two arrays, or two lists of
 * arrays compared pairwise.
 */
export function expectBitIdentical(a: Samples | readonly Samples[], b: Samples | readonly Samples[], what = 'run'): void {
  const isList = (s: Samples | readonly Samples[]): s is readonly Samples[] => s.length > 0 && typeof (s as readonly unknown[])[0] !== 'number';
  if (isList(a) || isList(b)) {
    const la = a as readonly Samples[];
    const lb = b as readonly Samples[];
    expect(la.length, `${what}: number of arrays`).toBe(lb.length);
    la.forEach((x, k) => expectBitIdentical(x, lb[k], `${what}[${k}]`));
    return;
  }
  const x = a as Samples;
  const y = b as Samples;
  expect(x.length, `${what} length`).toBe(y.length);
  let diff = -1;
  for (let k = 0; k < x.length && diff < 0; k++) if (!Object.is(x[k], y[k])) diff = k;
  expect(diff, `${what}: first differing sample`).toBe(-1);
}

/** Two drive runs' time, v, i and every state, bit for bit. */
export function expectRunsIdentical(a: DriveRun, b: DriveRun): void {
  expectBitIdentical(
    [a.time, a.v, a.i, ...Object.values(a.states)],
    [b.time, b.v, b.i, ...Object.values(b.states)],
    'drive run',
  );
}
