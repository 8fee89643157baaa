/**
 * A nanowire reservoir learning a readout online from a stream (SOMN reservoir computing, DOMAIN §6):
 * input u[n] is held on electrode e1 for `dt` seconds (e2 grounded) while the junctions' filaments
 * evolve; the node voltages of `readoutWires` wires at the end of the sample, plus a bias, are the
 * features of a linear readout trained by recursive least squares to output the task's target.
 *
 * Each sample is a transient of length dt from the previous sample's end state (uic): the input step is
 * a discontinuity anyway (the integrator restarts there), and every sample lasts exactly dt. Between
 * samples the kernel's state (`Kernel.saveState`: unknowns, device work arrays, LU factors), the
 * readout and the task's history are the whole state.
 */
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry } from '../compiler/registry.js';
import { generateNanowires } from '../generate/nanowire.js';
import type { Network } from '../network/types.js';
import { Prng } from '../random/prng.js';
import { Kernel } from '../solver/kernel.js';
import { resolveOptions } from '../solver/options.js';
import { compileSystem, type CircuitSystem, type DeviceLookup } from '../solver/system.js';
import { startTransient } from '../solver/transient.js';
import { Rls } from './rls.js';
import type { ReservoirWorkloadSpec } from './spec.js';
import type { ScalarStream } from './stimulus.js';
import { expectArray, expectKind, expectNumber, loadKernelState, type SessionWorkload, type StepRecord, type WorkloadSnapshot } from './workload.js';

const KIND = 'reservoir-online';
/** Span (samples) of the exponential averages behind the running NMSE. */
const NMSE_SPAN = 200;

/** The task's target from the inputs so far; `hist` is its whole state. */
interface Task {
  readonly histLength: number;
  target(u: number, hist: Float64Array): number;
}

function makeTask(spec: ReservoirWorkloadSpec['task']): Task {
  if (spec.kind === 'delay') {
    const k = spec.k;
    // hist[0..k-1]: the last k inputs, newest first.
    return {
      histLength: Math.max(k, 1),
      target(u, hist) {
        if (k === 0) return u;
        const out = hist[k - 1];
        for (let i = k - 1; i > 0; i--) hist[i] = hist[i - 1];
        hist[0] = u;
        return out;
      },
    };
  }
  // NARMA2 (Atiya & Parlos 2000): y[n] = 0.4·y[n−1] + 0.4·y[n−1]·y[n−2] + 0.6·u[n−1]³ + 0.1. hist = [y[n−1], y[n−2], u[n−1]].
  return {
    histLength: 3,
    target(u, hist) {
      const y = 0.4 * hist[0] + 0.4 * hist[0] * hist[1] + 0.6 * hist[2] ** 3 + 0.1;
      hist[1] = hist[0];
      hist[0] = y;
      hist[2] = u;
      return y;
    },
  };
}

export class ReservoirOnline implements SessionWorkload {
  readonly kind = KIND;
  readonly totalSamples: number;
  readonly metricNames = ['input', 'target', 'prediction', 'squared_error', 'nmse_running'];
  readonly waveformColumns: readonly string[];
  readonly network: Network;
  readonly sys: CircuitSystem;
  readonly readoutNodes: Int32Array;
  readonly rls: Rls;
  readonly kernel: Kernel;
  private readonly vinArr: Float64Array;
  private readonly vinIdx: number;
  private readonly phi: Float64Array;
  private readonly task: Task;
  private readonly hist: Float64Array;
  private readonly rng: Prng;
  /** Exponential averages of e², t and t² (for the running NMSE). */
  private readonly ema = new Float64Array(3);
  private n = 0;
  private readonly metrics: Float64Array;
  private readonly waveform: Float64Array;

  constructor(
    readonly spec: ReservoirWorkloadSpec,
    readonly stream: ScalarStream,
    seed: number,
    lookup: DeviceLookup = new DeviceRegistry(builtinDevices).lookup,
  ) {
    const gen = generateNanowires({
      wires: spec.nanowire.wires,
      length: spec.nanowire.length,
      size: spec.nanowire.size,
      seed,
      junction: { device: 'memristor.nanowire', params: spec.nanowire.junctionParams },
      lookup,
    });
    this.network = {
      ...gen.network,
      elements: [
        ...gen.network.elements,
        { id: 'vin', device: 'vsource', nodes: ['e1', '0'], source: { dc: 0 } },
        { id: 'vgnd', device: 'vsource', nodes: ['e2', '0'], source: { dc: 0 } },
      ],
    };
    this.sys = compileSystem(this.network, lookup);
    this.kernel = new Kernel(this.sys, resolveOptions(this.network.options));
    const vin = this.sys.elements.get('vin')!;
    this.vinArr = vin.group.p.dc;
    this.vinIdx = vin.i;
    const electrodes = new Set(gen.electrodes.map((e) => e.wire));
    const wires = gen.kept.filter((w) => !electrodes.has(w));
    if (spec.readoutWires > wires.length) throw new RangeError(`reservoir: readoutWires ${spec.readoutWires} exceeds the ${wires.length} non-electrode wires of the network`);
    const picked = wires.slice(0, spec.readoutWires);
    this.readoutNodes = Int32Array.from(picked, (w) => this.sys.nodeIndex.get(`w${w}`)!);
    this.rls = new Rls(picked.length + 1, spec.rls.lambda, spec.rls.delta);
    this.phi = new Float64Array(picked.length + 1);
    this.phi[picked.length] = 1;
    this.task = makeTask(spec.task);
    this.hist = new Float64Array(this.task.histLength);
    this.rng = new Prng(seed ^ 0x5eed);
    this.totalSamples = stream.total;
    this.metrics = new Float64Array(this.metricNames.length);
    this.waveformColumns = ['time', 'input', 'target', 'prediction', ...picked.map((w) => `v(w${w})`)];
    this.waveform = new Float64Array(this.waveformColumns.length);
  }

  get index(): number {
    return this.n;
  }

  get simTime(): number {
    return this.n * this.spec.dt;
  }

  step(): StepRecord {
    const u = this.stream.value(this.n, this.rng);
    const kernel = this.kernel;
    this.vinArr[this.vinIdx] = u;
    const run = startTransient(kernel, { tstep: this.spec.dt, tstop: this.spec.dt, uic: true }, { onPoint() {} });
    run.advance(Infinity);
    const K = this.readoutNodes.length;
    for (let k = 0; k < K; k++) this.phi[k] = kernel.y[this.readoutNodes[k]];
    const target = this.task.target(u, this.hist);
    const prediction = this.rls.predict(this.phi);
    const e = this.rls.update(this.phi, target);
    const a = this.n === 0 ? 1 : 1 / Math.min(this.n + 1, NMSE_SPAN);
    this.ema[0] += a * (e * e - this.ema[0]);
    this.ema[1] += a * (target - this.ema[1]);
    this.ema[2] += a * (target * target - this.ema[2]);
    const variance = this.ema[2] - this.ema[1] * this.ema[1];
    this.n++;
    const m = this.metrics;
    m[0] = u;
    m[1] = target;
    m[2] = prediction;
    m[3] = e * e;
    m[4] = variance > 0 ? this.ema[0] / variance : NaN;
    const w = this.waveform;
    w[0] = this.simTime;
    w[1] = u;
    w[2] = target;
    w[3] = prediction;
    for (let k = 0; k < K; k++) w[4 + k] = this.phi[k];
    return { metrics: m, waveform: w };
  }

  snapshot(): WorkloadSnapshot {
    return {
      kind: KIND,
      n: this.n,
      kernel: this.kernel.saveState(),
      w: Float64Array.from(this.rls.w),
      P: Float64Array.from(this.rls.P),
      hist: Float64Array.from(this.hist),
      ema: Float64Array.from(this.ema),
      rng: this.rng.getState(),
    };
  }

  restore(s: WorkloadSnapshot): void {
    expectKind(s, KIND);
    const m = this.rls.m;
    this.rls.w.set(expectArray(s, 'w', Float64Array, m));
    this.rls.P.set(expectArray(s, 'P', Float64Array, m * m));
    this.hist.set(expectArray(s, 'hist', Float64Array, this.hist.length));
    this.ema.set(expectArray(s, 'ema', Float64Array, 3));
    loadKernelState(this.kernel, s);
    this.rng.setState(expectNumber(s, 'rng'));
    this.n = expectNumber(s, 'n');
  }

  summary(): Record<string, number> {
    const variance = this.ema[2] - this.ema[1] * this.ema[1];
    return { nmseRunning: variance > 0 ? this.ema[0] / variance : NaN, simTime: this.simTime };
  }
}
