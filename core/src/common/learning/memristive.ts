/**
 * Memristive synapses (Döll et al.): a requested conductance change becomes a number of identical
 * programming pulses on a device of the library, and the device's own dynamics — nonlinear,
 * state-dependent, bounded — decide what change they make.
 *
 *  - A synapse's circuit conductance is gmax·G_dev(x)/G_on, G_dev read at a small voltage from the
 *    model's own I–V and G_on the nominal device's highest read conductance; so the crossbar spans
 *    [gmax/r, gmax] for a device of range r = G_on/G_off (Roff/Ron for resistive models).
 *  - Two pulses (amplitude, width) per device kind: one raises G, one lowers it. The widths are
 *    calibrated once on the nominal device so that one pulse from the middle of the range moves G by
 *    1/steps of the range; elsewhere the device moves as it will.
 *  - A pulse's effect x → P(x) is integrated with the kernel (solver/pulse.ts) on a grid of states and
 *    interpolated (a monotone map of a one-state device stays monotone and inside the state bounds);
 *    memristive.test.ts checks the table against direct integration.
 *  - Device-to-device variability: `variants` devices are drawn with every parameter in `varied`
 *    multiplied by a seeded log-normal factor (σ = `variability`), so each has its own Ron/Roff range and
 *    speed; synapses are assigned to them at random. All of them get the nominal pulses.
 *  - A request ΔG asks for n = |ΔG|/q pulses, q = (gmax − gmax/r)/steps, rounded stochastically
 *    (seeded) and capped at `maxPulses`, of the polarity its sign asks for.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { PulseCircuit, type PulseOptions } from '../solver/pulse.js';
import { Prng } from '../random/prng.js';
import type { Synapses } from './synapse.js';
import { builtinLookup } from './devices.js';

export interface MemristiveSpec {
  readonly model: DeviceModel;
  /** Overrides of the model's defaults for the nominal device. */
  readonly params: Readonly<Record<string, number>>;
  /** Two pulse amplitudes (V); which one raises G is found on the device. */
  readonly amplitudes: readonly [number, number];
  /** Pulses of the calibrated width that take the nominal device across its range, from the middle (default 100). */
  readonly steps?: number;
  /** Most pulses one update applies to one synapse (default steps/5). */
  readonly maxPulses?: number;
  /** Log-normal σ of device-to-device variation (default 0.1). */
  readonly variability?: number;
  /** Parameters that vary from device to device (default: none). */
  readonly varied?: readonly string[];
  /** Distinct devices drawn (default 4). */
  readonly variants?: number;
  /** States in a pulse table (default 129). */
  readonly grid?: number;
  /** Read voltage (V, default 0.01). */
  readonly vread?: number;
  readonly pulseOptions?: PulseOptions;
}

/** Reads devices' conductances i(vread)/vread from the model's own I–V, vectorised over instances. */
export class ConductanceReader {
  private readonly ctx: Record<string, unknown> & { n: number; x: Float64Array[]; f: Float64Array[] };

  constructor(
    readonly model: DeviceModel,
    params: Readonly<Record<string, number>>,
    readonly n: number,
    readonly vread: number,
  ) {
    if ((model.internalNodes?.length ?? 0) + (model.branches?.length ?? 0) > 0 || model.terminals.length !== 2)
      throw new Error(`memristive synapse: '${model.id}' must be a two-terminal device without internal nodes or branches`);
    const nStates = Object.keys(model.states ?? {}).length;
    const L = 2 + nStates;
    const arr = () => new Float64Array(n);
    const p: Record<string, Float64Array> = {};
    for (const [name, spec] of Object.entries(model.params)) p[name] = new Float64Array(n).fill(params[name] ?? spec.default);
    for (const name of Object.keys(params)) if (!(name in model.params)) throw new Error(`memristive synapse: '${model.id}' has no parameter '${name}'`);
    const vp = new Float64Array(n).fill(vread);
    this.ctx = {
      n,
      mode: 'dc',
      time: 0,
      dcSources: true,
      sourceScale: 1,
      gmin: 0,
      firstIteration: true,
      noncon: 0,
      x: [vp, arr(), ...Array.from({ length: nStates }, arr)],
      p,
      data: new Array(n).fill(undefined),
      work: Object.fromEntries((model.work ?? []).map((w) => [w, arr()])),
      f: Array.from({ length: L }, arr),
      q: Array.from({ length: L }, arr),
      df: model.jacobian.map(arr),
      dq: (model.charges?.jacobian ?? []).map(arr),
    };
  }

  /** Conductances of instances whose (first) state is `state`, into `out`. */
  read(state: ArrayLike<number>, out: Float64Array): Float64Array {
    this.ctx.x[2].set(state);
    this.model.evaluate(this.ctx as never);
    for (let i = 0; i < this.n; i++) out[i] = this.ctx.f[0][i] / this.vread;
    return out;
  }
}

/** Linear interpolation of a table on a uniform grid [lo, hi]. */
function interp(table: Float64Array, lo: number, hi: number, x: number): number {
  const m = table.length - 1;
  const u = ((x - lo) / (hi - lo)) * m;
  if (u <= 0) return table[0];
  if (u >= m) return table[m];
  const k = Math.floor(u);
  const t = u - k;
  return table[k] + t * (table[k + 1] - table[k]);
}

/** One device's pulse tables and conductance curve over its state range. */
export class DeviceTable {
  readonly lo: number;
  readonly hi: number;
  readonly states: Float64Array;
  /** State after one raising / lowering pulse from each grid state. */
  readonly up: Float64Array;
  readonly down: Float64Array;
  /** Read conductance at each grid state. */
  readonly g: Float64Array;
  readonly reader: ConductanceReader;

  constructor(
    readonly model: DeviceModel,
    readonly params: Readonly<Record<string, number>>,
    raise: { amplitude: number; width: number },
    lower: { amplitude: number; width: number },
    grid: number,
    vread: number,
    pulseOptions?: PulseOptions,
  ) {
    const circuit = new PulseCircuit(model, params, pulseOptions ?? { lookup: builtinLookup() });
    const b = circuit.bounds();
    if (b.lo.length !== 1) throw new Error(`memristive synapse: '${model.id}' has ${b.lo.length} states; pulse tables need a one-state device`);
    if (!Number.isFinite(b.lo[0]) || !Number.isFinite(b.hi[0])) throw new Error(`memristive synapse: '${model.id}' has an unbounded state`);
    this.lo = b.lo[0];
    this.hi = b.hi[0];
    this.states = Float64Array.from({ length: grid }, (_, k) => this.lo + ((this.hi - this.lo) * k) / (grid - 1));
    this.up = this.states.map((x) => circuit.apply([x], raise)[0]);
    this.down = this.states.map((x) => circuit.apply([x], lower)[0]);
    this.reader = new ConductanceReader(model, params, grid, vread);
    this.g = this.reader.read(this.states, new Float64Array(grid));
  }

  /** State after n raising (n > 0) or lowering (n < 0) pulses from x. */
  pulse(x: number, n: number): number {
    const t = n > 0 ? this.up : this.down;
    for (let k = Math.abs(n); k > 0; k--) x = interp(t, this.lo, this.hi, x);
    return x;
  }

  /** The state whose table conductance is `g` (clamped to the device's range). */
  stateFor(g: number): number {
    const G = this.g;
    const rising = G[G.length - 1] > G[0];
    let a = 0;
    let b = G.length - 1;
    const below = (k: number) => (rising ? G[k] < g : G[k] > g);
    if (below(b)) return this.states[b];
    if (!below(a)) return this.states[a];
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (below(m)) a = m;
      else b = m;
    }
    const t = (g - G[a]) / (G[b] - G[a]);
    return this.states[a] + t * (this.states[b] - this.states[a]);
  }
}

/** Read conductance of a device after one pulse of `width` from state x. */
function conductanceAfter(circuit: PulseCircuit, reader: ConductanceReader, x: number, amplitude: number, width: number): number {
  return reader.read(circuit.apply([x], { amplitude, width }), new Float64Array(1))[0];
}

export interface Calibration {
  /** The pulses, raising and lowering G. */
  readonly raise: { amplitude: number; width: number };
  readonly lower: { amplitude: number; width: number };
  /** Nominal device's read conductance at its state bounds (S), lowest and highest. */
  readonly gOff: number;
  readonly gOn: number;
}

/**
 * Finds which amplitude raises G and, for each, the width at which one pulse from the middle state
 * moves G by (gOn − gOff)/steps (bisection in log width).
 */
export function calibratePulses(spec: MemristiveSpec): Calibration {
  const steps = spec.steps ?? 100;
  const vread = spec.vread ?? 0.01;
  const circuit = new PulseCircuit(spec.model, spec.params, spec.pulseOptions ?? { lookup: builtinLookup() });
  const b = circuit.bounds();
  if (b.lo.length !== 1) throw new Error(`memristive synapse: '${spec.model.id}' has ${b.lo.length} states; pulse tables need a one-state device`);
  const reader = new ConductanceReader(spec.model, spec.params, 1, vread);
  const read = (x: number) => reader.read([x], new Float64Array(1))[0];
  const gA = read(b.lo[0]);
  const gB = read(b.hi[0]);
  const gOff = Math.min(gA, gB);
  const gOn = Math.max(gA, gB);
  if (!(gOn > gOff)) throw new Error(`memristive synapse: '${spec.model.id}' reads the same conductance at both state bounds`);
  // the middle of the conductance range, by bisection on the state
  let lo = b.lo[0];
  let hi = b.hi[0];
  const mid = 0.5 * (gOff + gOn);
  const rising = gB > gA;
  for (let k = 0; k < 60; k++) {
    const m = 0.5 * (lo + hi);
    if (read(m) < mid === rising) lo = m;
    else hi = m;
  }
  const xMid = 0.5 * (lo + hi);
  const gMid = read(xMid);
  const target = (gOn - gOff) / steps;
  const widthFor = (amplitude: number, sign: number): number => {
    let a = Math.log(1e-15);
    let z = Math.log(1e4);
    const moved = (w: number) => sign * (conductanceAfter(circuit, reader, xMid, amplitude, w) - gMid);
    if (moved(Math.exp(z)) < target) throw new Error(`memristive synapse: a ${amplitude} V pulse does not move '${spec.model.id}' by 1/${steps} of its range even in ${Math.exp(z)} s; choose another amplitude`);
    for (let k = 0; k < 50; k++) {
      const m = 0.5 * (a + z);
      if (moved(Math.exp(m)) < target) a = m;
      else z = m;
    }
    return Math.exp(0.5 * (a + z));
  };
  const [a1, a2] = spec.amplitudes;
  const probe = (amp: number) => conductanceAfter(circuit, reader, xMid, amp, 1e-6) - gMid;
  // The amplitude that raises G is the one whose short pulse moves it up (or lowers it less).
  const firstRaises = probe(a1) > probe(a2);
  const up = firstRaises ? a1 : a2;
  const down = firstRaises ? a2 : a1;
  return { raise: { amplitude: up, width: widthFor(up, 1) }, lower: { amplitude: down, width: widthFor(down, -1) }, gOff, gOn };
}

/** Draws device variants: the nominal parameters with each varied one scaled by exp(σ·N(0, 1)). */
function drawVariants(spec: MemristiveSpec, rng: Prng): Record<string, number>[] {
  const sigma = spec.variability ?? 0.1;
  const out: Record<string, number>[] = [];
  for (let v = 0; v < (spec.variants ?? 4); v++) {
    const p: Record<string, number> = { ...spec.params };
    for (const name of spec.varied ?? []) {
      const base = p[name] ?? spec.model.params[name]?.default;
      if (base === undefined) throw new Error(`memristive synapse: '${spec.model.id}' has no parameter '${name}' to vary`);
      // Box–Muller from the seeded stream
      const n = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      p[name] = base * Math.exp(sigma * n);
    }
    out.push(p);
  }
  return out;
}

/** Crossbar synapses programmed by pulses on memristive devices. */
export class MemristiveSynapses implements Synapses {
  readonly g: Float64Array;
  readonly gmin: number;
  readonly x: Float64Array;
  readonly variant: Int32Array;
  readonly tables: DeviceTable[];
  readonly calibration: Calibration;
  pulses = 0;
  private readonly q: number;
  private readonly maxPulses: number;
  private readonly scale: number;
  private readonly groups: { idx: Int32Array; reader: ConductanceReader; xs: Float64Array; gs: Float64Array }[];

  /** `initial`: the conductances to start near (each device is set to the state that reads closest). */
  constructor(
    readonly spec: MemristiveSpec,
    readonly gmax: number,
    initial: Float64Array,
    private readonly rng: Prng,
    calibration?: Calibration,
  ) {
    const n = initial.length;
    this.calibration = calibration ?? calibratePulses(spec);
    const { gOff, gOn, raise, lower } = this.calibration;
    this.scale = gmax / gOn;
    this.gmin = gOff * this.scale;
    const steps = spec.steps ?? 100;
    this.q = (gmax - this.gmin) / steps;
    this.maxPulses = spec.maxPulses ?? Math.max(1, Math.round(steps / 5));
    const variants = drawVariants(spec, rng);
    this.tables = variants.map((p) => new DeviceTable(spec.model, p, raise, lower, spec.grid ?? 129, spec.vread ?? 0.01, spec.pulseOptions));
    this.variant = Int32Array.from({ length: n }, () => rng.int(variants.length));
    this.x = new Float64Array(n);
    for (let k = 0; k < n; k++) this.x[k] = this.tables[this.variant[k]].stateFor(initial[k] / this.scale);
    this.groups = variants.map((p, v) => {
      const idx = Int32Array.from(Array.from(this.variant.keys()).filter((k) => this.variant[k] === v));
      return { idx, reader: new ConductanceReader(spec.model, p, Math.max(1, idx.length), spec.vread ?? 0.01), xs: new Float64Array(Math.max(1, idx.length)), gs: new Float64Array(Math.max(1, idx.length)) };
    });
    this.g = new Float64Array(n);
    this.readAll();
  }

  /** Range G_on/G_off of the nominal device. */
  get range(): number {
    return this.calibration.gOn / this.calibration.gOff;
  }

  private readAll(): void {
    for (const grp of this.groups) {
      if (grp.idx.length === 0) continue;
      for (let j = 0; j < grp.idx.length; j++) grp.xs[j] = this.x[grp.idx[j]];
      grp.reader.read(grp.xs, grp.gs);
      for (let j = 0; j < grp.idx.length; j++) this.g[grp.idx[j]] = this.scale * grp.gs[j];
    }
  }

  /** Pulses synapse k would get for a request d (stochastic rounding, capped); signed. */
  pulseCount(d: number): number {
    const u = Math.abs(d) / this.q;
    const lo = Math.floor(u);
    const n = Math.min(this.maxPulses, lo + (this.rng.next() < u - lo ? 1 : 0));
    return d < 0 ? -n : n;
  }

  update(delta: Float64Array): void {
    for (let k = 0; k < delta.length; k++) {
      const n = this.pulseCount(delta[k]);
      if (n === 0) continue;
      this.pulses += Math.abs(n);
      this.x[k] = this.tables[this.variant[k]].pulse(this.x[k], n);
    }
    const before = Float64Array.from(this.g);
    this.readAll();
    for (let k = 0; k < delta.length; k++) delta[k] = this.g[k] - before[k];
  }
}
