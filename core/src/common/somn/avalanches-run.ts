/**
 * `somn-avalanches` (Hochstetter et al. 2021, Fig. 3): a slow triangular voltage ramp (0 → vmax → 0,
 * repeated) across a nanowire network; junction switching events (|Λ| crossing Λcrit either way) are
 * binned into avalanches (avalanche.ts), whose size and duration distributions get discrete power-law
 * fits (CSN: xmin by KS, bootstrap p-value) and the crackling-noise relation check.
 */
import { avalanches } from './avalanche.js';
import { SwitchTracker } from './analysis.js';
import { cracklingCheck, fitPowerLaw, powerLawPValue, type CracklingCheck, type PowerLawFit } from './powerlaw.js';
import { buildNanowireSim, triangle } from './setup.js';

export interface AvalancheConfig {
  readonly wires: number;
  readonly junctionsPerWire: number;
  readonly seed: number;
  readonly vmax: number;
  /** Ramp period (s): up and down once. */
  readonly period: number;
  readonly cycles: number;
  readonly dt: number;
  readonly boots: number;
  readonly params: Readonly<Record<string, number>>;
}

export function avalancheConfig(o: { seed?: number; quick?: boolean } = {}): AvalancheConfig {
  const q = o.quick ?? false;
  return { wires: q ? 150 : 1000, junctionsPerWire: 2.6, seed: o.seed ?? 1, vmax: q ? 2 : 3, period: q ? 4 : 20, cycles: q ? 1 : 3, dt: 1e-3, boots: q ? 10 : 100, params: {} };
}

export interface Fitted {
  readonly fit: PowerLawFit;
  readonly p: number;
}

export interface AvalancheResult {
  readonly config: AvalancheConfig;
  readonly wiresKept: number;
  readonly junctions: number;
  readonly events: number;
  readonly bin: number;
  readonly sizes: number[];
  readonly durations: number[];
  readonly size?: Fitted;
  readonly duration?: Fitted;
  readonly crackling?: CracklingCheck;
  /** Conductance between the electrodes, every 10 steps. */
  readonly t: Float64Array;
  readonly g: Float64Array;
}

export function runAvalanches(cfg: AvalancheConfig, onProgress?: (f: number) => void): AvalancheResult {
  const { gen, sim } = buildNanowireSim({ wires: cfg.wires, junctionsPerWire: cfg.junctionsPerWire, seed: cfg.seed, params: cfg.params, dt: cfg.dt });
  const J = sim.junctions;
  const lcrit = cfg.params.lcrit ?? 0.01;
  const tracker = new SwitchTracker(new Float64Array(J).fill(lcrit), Float64Array.from(sim.state));
  const steps = Math.round((cfg.cycles * cfg.period) / cfg.dt);
  const t: number[] = [];
  const g: number[] = [];
  const e1 = sim.net('e1');
  // A unipolar triangle: |bipolar triangle| at half the frequency rises 0 → vmax → 0 once per period.
  const drive = (time: number) => Math.abs(triangle(cfg.vmax, 0.5 / cfg.period, time));
  for (let s = 0; s < steps; s++) {
    const v = drive(sim.time + cfg.dt);
    sim.step([v, 0]);
    tracker.update(sim.time, (k) => sim.state[k]);
    if (s % 10 === 9 && v > 0) {
      t.push(sim.time);
      g.push(sim.netCurrent(e1) / v);
    }
    if (s % 500 === 0) onProgress?.((0.9 * s) / steps);
  }
  const times = tracker.events.map((e) => e.time);
  const a = avalanches(times);
  const fitted = (data: number[], seed: number): Fitted | undefined => {
    if (data.length < 20 || new Set(data).size < 3) return undefined;
    const fit = fitPowerLaw(data, { discrete: true, minTail: 10 });
    return { fit, p: powerLawPValue(data, fit, { boots: cfg.boots, seed, minTail: 10 }) };
  };
  const size = fitted(a.sizes, cfg.seed);
  onProgress?.(0.95);
  const duration = fitted(a.durations, cfg.seed + 1);
  onProgress?.(1);
  return {
    config: cfg,
    wiresKept: gen.stats.wiresKept,
    junctions: gen.stats.junctions,
    events: times.length,
    bin: a.bin,
    sizes: a.sizes,
    durations: a.durations,
    size,
    duration,
    crackling: size && duration ? cracklingCheck(a.sizes, a.durations, size.fit.alpha, duration.fit.alpha) : undefined,
    t: Float64Array.from(t),
    g: Float64Array.from(g),
  };
}

/** Complementary CDF P(X ≥ x) at each distinct value (for log–log figures). */
export function ccdf(data: readonly number[]): { x: number[]; p: number[] } {
  const s = [...data].sort((a, b) => a - b);
  const x: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s[i] === s[i - 1]) continue;
    x.push(s[i]);
    p.push((s.length - i) / s.length);
  }
  return { x, p };
}
