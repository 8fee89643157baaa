/**
 * One programming pulse on one device: a voltage source of the pulse's amplitude across a two-terminal
 * device for the pulse's width, integrated by the kernel's transient analysis with the device's states
 * as unknowns. It is how a weight update becomes a physical change of a memristive synapse
 * (core/src/common/learning/memristive.ts) and what a runtime PULSE event applies to a device.
 *
 * The circuit is `V a 0 DC amplitude; DUT a 0`, started from the given states (use initial conditions,
 * no operating point) with the node already at the amplitude, so the pulse is a rectangle from t = 0.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { NETWORK_FORMAT, type Network } from '../network/types.js';
import { Kernel } from './kernel.js';
import { resolveOptions } from './options.js';
import { compileSystem, type CircuitSystem, type DeviceLookup } from './system.js';
import { startTransient } from './transient.js';

export interface PulseSpec {
  /** Voltage across the device, terminal p minus terminal n (V); its sign is the pulse's polarity. */
  readonly amplitude: number;
  /** Duration (s), > 0. */
  readonly width: number;
}

export interface PulseOptions {
  /** Where `vsource` (and the device, if it is not `model` itself) are looked up: the caller's device set. */
  readonly lookup: DeviceLookup;
  /** Solver `.options` (reltol, trbdf2, ...); default the kernel's. */
  readonly solver?: Readonly<Record<string, number>>;
  /** Largest step as a fraction of the width (default 1/50). */
  readonly maxStepFraction?: number;
}

/** A compiled one-device programming circuit, reusable for many pulses on devices of one parameter set. */
export class PulseCircuit {
  readonly sys: CircuitSystem;
  private readonly stateRows: Int32Array;
  private readonly nodeRow: number;
  private readonly srcDc: Float64Array;
  private readonly srcIdx: number;
  private readonly solver: Readonly<Record<string, number>>;
  private readonly maxStepFraction: number;

  constructor(
    readonly model: DeviceModel,
    params: Readonly<Record<string, number>> = {},
    options: PulseOptions,
  ) {
    if (model.terminals.length !== 2) throw new Error(`applyPulse: '${model.id}' has ${model.terminals.length} terminals; a pulse drives two-terminal devices`);
    const base = options.lookup;
    const lookup: DeviceLookup = (id) => (id === model.id ? model : base(id));
    const network: Network = {
      format: NETWORK_FORMAT,
      title: `${model.id} under a programming pulse`,
      elements: [
        { id: 'vp', device: 'vsource', nodes: ['a', '0'], source: { dc: 0 } },
        { id: 'dut', device: model.id, nodes: ['a', '0'], params: { ...params } },
      ],
    };
    this.sys = compileSystem(network, lookup);
    const dut = this.sys.elements.get('dut')!;
    const nStates = Object.keys(model.states ?? {}).length;
    this.stateRows = Int32Array.from({ length: nStates }, (_, s) => dut.group.idx[(dut.group.firstState + s) * dut.group.n + dut.i]);
    this.nodeRow = this.sys.nodeIndex.get('a')!;
    const src = this.sys.elements.get('vp')!;
    this.srcDc = src.group.p.dc;
    this.srcIdx = src.i;
    this.solver = options.solver ?? {};
    this.maxStepFraction = options.maxStepFraction ?? 1 / 50;
  }

  /** The device's initial states as the model declares them for these parameters. */
  initialStates(): Float64Array {
    return Float64Array.from(this.stateRows, (r) => this.sys.stateInit[r]);
  }

  /** The states' bounds (±Infinity where the model declares none). */
  bounds(): { lo: Float64Array; hi: Float64Array } {
    return { lo: Float64Array.from(this.stateRows, (r) => this.sys.stateLo[r]), hi: Float64Array.from(this.stateRows, (r) => this.sys.stateHi[r]) };
  }

  /** States after one pulse from `states` (in the model's declared order). */
  apply(states: ArrayLike<number>, pulse: PulseSpec): Float64Array {
    if (states.length !== this.stateRows.length) throw new Error(`applyPulse: '${this.model.id}' has ${this.stateRows.length} states, got ${states.length}`);
    if (!(pulse.width > 0) || !Number.isFinite(pulse.width)) throw new Error(`applyPulse: pulse width must be a positive number of seconds, got ${pulse.width}`);
    if (!Number.isFinite(pulse.amplitude)) throw new Error(`applyPulse: pulse amplitude must be a finite voltage, got ${pulse.amplitude}`);
    const out = Float64Array.from(states);
    if (pulse.amplitude === 0 && this.stateRows.length === 0) return out;
    // A fresh kernel per pulse: no integration history or factorisation leaks from one pulse to the next.
    const kernel = new Kernel(this.sys, resolveOptions(this.solver));
    this.srcDc[this.srcIdx] = pulse.amplitude;
    kernel.y[this.nodeRow] = pulse.amplitude;
    for (let s = 0; s < this.stateRows.length; s++) kernel.y[this.stateRows[s]] = states[s];
    const tstep = pulse.width * this.maxStepFraction;
    startTransient(kernel, { tstep, tstop: pulse.width, tmax: tstep, uic: true }, { onPoint: () => {} }).advance(Infinity);
    for (let s = 0; s < this.stateRows.length; s++) out[s] = kernel.y[this.stateRows[s]];
    return out;
  }
}

/**
 * The states of a device (`model` with `params`) after a rectangular pulse of `amplitude` volts for
 * `width` seconds, starting from `states` (the model's declared order). Compiles a one-device circuit
 * per call; for many pulses on one parameter set, keep a `PulseCircuit`.
 */
export function applyPulse(
  model: DeviceModel,
  params: Readonly<Record<string, number>>,
  states: ArrayLike<number>,
  pulse: PulseSpec,
  options: PulseOptions,
): Float64Array {
  return new PulseCircuit(model, params, options).apply(states, pulse);
}
