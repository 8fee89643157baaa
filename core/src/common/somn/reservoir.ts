/**
 * `somn-reservoir`: a nanowire network as a physical reservoir. One electrode is driven by the input
 * voltage, one is grounded, the others float; the readout sees only electrode signals (the floating
 * electrodes' voltages and the grounded electrode's current), sampled `taps` times per input sample
 * (time multiplexing). Every task is scored beside the same ridge readout trained on the raw input, so
 * the network's own contribution shows (Zhu et al. 2021; Fu et al. 2020; Milano et al. 2022).
 *  - waveform transformation: sine → square and sine → double frequency (NMSE);
 *  - memory capacity (Jaeger 2001) with i.i.d. inputs;
 *  - NARMA-10 (NMSE);
 *  - Mackey–Glass prediction k samples ahead (NMSE), also beside a raw-input tapped delay line.
 */
import { Prng } from '../random/prng.js';
import { buildNanowireSim } from './setup.js';
import type { SomnSim } from './sim.js';
import { mackeyGlassSeries } from './mackey-glass.js';
import { delayLineRows, memoryCapacity, narma10, RIDGE_GRID, scoreAhead, scoreTask, type MemoryCapacity, type TaskScore } from './tasks.js';

export interface ReservoirConfig {
  readonly wires: number;
  readonly junctionsPerWire: number;
  readonly seed: number;
  /** Readout electrodes (besides input and ground). */
  readonly readouts: number;
  readonly dt: number;
  readonly params: Readonly<Record<string, number>>;
  /** Ridge penalties on standardised features (chosen per task by validation on the training part). */
  readonly lambda: readonly number[];
  readonly wave: { readonly amplitude: number; readonly offset: number; readonly frequency: number; readonly seconds: number };
  readonly memory: { readonly samples: number; readonly hold: number; readonly taps: number; readonly bias: number; readonly gain: number; readonly maxDelay: number };
  readonly narma: { readonly samples: number; readonly hold: number; readonly taps: number; readonly bias: number; readonly gain: number };
  /**
   * Mackey–Glass (τ = 17) sampled every `sampling` time units after `washout`, played as v = bias + gain·x
   * (default about −1.1 … 1.3 V: both polarities, so junctions grow and decay; chosen among the mappings
   * tried in docs/somn.md);
   * predicted `horizons` samples ahead; the fair baseline is a raw-input delay line of `delayLine` taps.
   */
  readonly mackeyGlass: {
    readonly samples: number;
    readonly hold: number;
    readonly taps: number;
    readonly bias: number;
    readonly gain: number;
    readonly sampling: number;
    readonly washout: number;
    readonly horizons: readonly number[];
    readonly delayLine: number;
  };
}

export function reservoirConfig(o: { seed?: number; quick?: boolean } = {}): ReservoirConfig {
  const q = o.quick ?? false;
  return {
    wires: q ? 60 : 150,
    junctionsPerWire: 2.6,
    seed: o.seed ?? 1,
    readouts: q ? 6 : 14,
    dt: 1e-3,
    params: {},
    lambda: RIDGE_GRID,
    wave: { amplitude: 1, offset: 0.5, frequency: 1, seconds: q ? 6 : 20 },
    memory: { samples: q ? 400 : 2000, hold: 5, taps: 5, bias: 1.5, gain: 1.5, maxDelay: 20 },
    narma: { samples: q ? 400 : 3000, hold: 10, taps: 2, bias: 0.5, gain: 6 },
    mackeyGlass: { samples: q ? 400 : 3000, hold: 10, taps: 2, bias: -1.5, gain: 2, sampling: 1, washout: 500, horizons: [1, 20], delayLine: 5 },
  };
}

/** Electrode positions (box units): input left, ground right, readouts on a ring around the centre. */
function electrodePoints(readouts: number): [number, number][] {
  const pts: [number, number][] = [
    [0.05, 0.5],
    [0.95, 0.5],
  ];
  for (let k = 0; k < readouts; k++) {
    const a = (2 * Math.PI * (k + 0.5)) / readouts;
    pts.push([0.5 + 0.3 * Math.cos(a), 0.5 + 0.3 * Math.sin(a)]);
  }
  return pts;
}

export class Reservoir {
  readonly sim: SomnSim;
  readonly readoutNets: number[];
  readonly wiresKept: number;
  readonly junctions: number;
  constructor(cfg: ReservoirConfig) {
    const { gen, sim } = buildNanowireSim({
      wires: cfg.wires,
      junctionsPerWire: cfg.junctionsPerWire,
      seed: cfg.seed,
      params: cfg.params,
      electrodes: electrodePoints(cfg.readouts),
      dt: cfg.dt,
    });
    this.sim = sim;
    this.wiresKept = gen.stats.wiresKept;
    this.junctions = gen.stats.junctions;
    this.readoutNets = gen.electrodes.slice(2).map((e) => sim.net(e.net));
  }

  /** One step with the input electrode at `v`; returns the electrode signals (readout voltages, ground current in µA). */
  step(v: number): number[] {
    this.sim.step([v, 0]);
    const out = this.readoutNets.map((k) => this.sim.v[k]);
    out.push(-1e6 * this.sim.netCurrent(this.sim.net('e2')));
    return out;
  }

  /** Holds each input voltage for `hold` steps, sampling the signals at `taps` evenly spaced steps: one feature row per input. */
  drive(voltages: ArrayLike<number>, hold: number, taps: number, onStep?: () => void): number[][] {
    const rows: number[][] = [];
    const at = new Set(Array.from({ length: taps }, (_, k) => Math.round(((k + 1) * hold) / taps) - 1));
    for (let i = 0; i < voltages.length; i++) {
      const row: number[] = [];
      for (let s = 0; s < hold; s++) {
        const sig = this.step(voltages[i]);
        if (at.has(s)) row.push(...sig);
        onStep?.();
      }
      rows.push(row);
    }
    return rows;
  }
}

export interface Paired<T> {
  readonly network: T;
  readonly rawInput: T;
}

export interface ReservoirResult {
  readonly config: ReservoirConfig;
  readonly wiresKept: number;
  readonly junctions: number;
  readonly features: number;
  readonly square: Paired<TaskScore>;
  readonly doubleFrequency: Paired<TaskScore>;
  readonly memory: Paired<MemoryCapacity>;
  readonly narma: Paired<TaskScore>;
  readonly mackeyGlass: readonly MackeyGlassScore[];
}

export interface MackeyGlassScore extends Paired<TaskScore> {
  /** Samples ahead. */
  readonly horizon: number;
  readonly delayLine: TaskScore;
}

export function runReservoir(cfg: ReservoirConfig, onProgress?: (f: number) => void): ReservoirResult {
  const waveSteps = Math.round(cfg.wave.seconds / cfg.dt);
  const total = waveSteps + cfg.memory.samples * cfg.memory.hold + cfg.narma.samples * cfg.narma.hold + cfg.mackeyGlass.samples * cfg.mackeyGlass.hold;
  let steps = 0;
  const tick = () => {
    if (++steps % 500 === 0) onProgress?.(steps / total);
  };
  const split = (n: number) => ({ washout: Math.max(20, Math.floor(0.1 * n)), trainFraction: 0.6, lambda: cfg.lambda });

  // Waveforms: a fresh network, one sample per step.
  const res = new Reservoir(cfg);
  const w = 2 * Math.PI * cfg.wave.frequency;
  const wave = Float64Array.from({ length: waveSteps }, (_, s) => Math.sin(w * (s + 1) * cfg.dt));
  const waveRows = Array.from(wave, (u) => (tick(), res.step(cfg.wave.offset + cfg.wave.amplitude * u)));
  const rawWave = Array.from(wave, (u) => [u]);
  const square = Float64Array.from(wave, (u) => (u >= 0 ? 1 : -1));
  const double = Float64Array.from({ length: waveSteps }, (_, s) => Math.cos(2 * w * (s + 1) * cfg.dt));
  const ws = split(waveSteps);
  const pair = (rows: number[][], raw: number[][], target: ArrayLike<number>, o: ReturnType<typeof split>) => ({ network: scoreTask(rows, target, o), rawInput: scoreTask(raw, target, o) });

  // Memory capacity: i.i.d. inputs on a fresh network.
  const rng = new Prng(cfg.seed + 100);
  const m = cfg.memory;
  const um = Float64Array.from({ length: m.samples }, () => 2 * rng.next() - 1);
  const memRows = new Reservoir(cfg).drive(Float64Array.from(um, (u) => m.bias + m.gain * u), m.hold, m.taps, tick);
  const ms = { ...split(m.samples), washout: Math.max(m.maxDelay, Math.floor(0.1 * m.samples)) };

  // NARMA-10: u ~ U[0, 0.5].
  const n = cfg.narma;
  const un = Float64Array.from({ length: n.samples }, () => 0.5 * rng.next());
  const yn = narma10(un);
  const narmaRows = new Reservoir(cfg).drive(Float64Array.from(un, (u) => n.bias + n.gain * u), n.hold, n.taps, tick);

  // Mackey–Glass: the series itself is deterministic (fixed history); the network is the seeded part.
  const g = cfg.mackeyGlass;
  const xg = mackeyGlassSeries({ samples: g.samples, sampling: g.sampling, washout: g.washout });
  const mgRows = new Reservoir(cfg).drive(Float64Array.from(xg, (x) => g.bias + g.gain * x), g.hold, g.taps, tick);
  const mgSplit = { ...split(g.samples), washout: Math.max(g.delayLine, Math.floor(0.1 * g.samples)) };
  const rawMg = Array.from(xg, (x) => [x]);
  const lineMg = delayLineRows(xg, g.delayLine);
  const mackeyGlass = g.horizons.map((k) => ({
    horizon: k,
    network: scoreAhead(mgRows, xg, k, mgSplit),
    rawInput: scoreAhead(rawMg, xg, k, mgSplit),
    delayLine: scoreAhead(lineMg, xg, k, mgSplit),
  }));
  onProgress?.(1);
  return {
    config: cfg,
    wiresKept: res.wiresKept,
    junctions: res.junctions,
    features: waveRows[0].length,
    square: pair(waveRows, rawWave, square, ws),
    doubleFrequency: pair(waveRows, rawWave, double, ws),
    memory: { network: memoryCapacity(memRows, um, m.maxDelay, ms), rawInput: memoryCapacity(Array.from(um, (u) => [u]), um, m.maxDelay, ms) },
    narma: pair(narmaRows, Array.from(un, (u) => [u]), yn, split(n.samples)),
    mackeyGlass,
  };
}
