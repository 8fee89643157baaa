/**
 * `somn-plasticity`: pulse trains of different rates and lengths on one nanowire network (a fresh copy
 * per train), with the rest after each; see plasticity.ts for the protocol and what is measured.
 */
import { buildNanowireSim } from './setup.js';
import { conductanceInRest, fitDecay, retentionTime, runPulseTrain, stepsOf, type DecayFit, type PulseTrain, type TrainResult } from './plasticity.js';

export interface PlasticityConfig {
  readonly wires: number;
  readonly junctionsPerWire: number;
  readonly seed: number;
  readonly dt: number;
  /** Nanowire junction parameters over the model's defaults. */
  readonly params: Readonly<Record<string, number>>;
  readonly trains: readonly PulseTrain[];
  /** Rest at 0 V after each train (s). */
  readonly rest: number;
  /** When into the rest the "after rest" conductance is read (s). */
  readonly restProbe: number;
}

/** The junction model's defaults that set the time scales (memristor.nanowire). */
export const NANOWIRE_DEFAULTS = { vset: 1e-2, vreset: 5e-3, b: 10, lcrit: 1e-2, lmax: 1.5e-2, phi: 0.81, c0: 10.19, s0: 5 } as const;

export function plasticityConfig(o: { seed?: number; quick?: boolean; amplitude?: number; width?: number } = {}): PlasticityConfig {
  const q = o.quick ?? false;
  const amplitude = o.amplitude ?? 2;
  const width = o.width ?? 0.01;
  const train = (count: number, interval: number): PulseTrain => ({ count, interval, amplitude, width });
  return {
    wires: q ? 40 : 100,
    junctionsPerWire: 2.6,
    seed: o.seed ?? 1,
    dt: 1e-3,
    params: {},
    // Sparse to dense at 10 pulses, then longer dense trains.
    trains: q ? [train(5, 0.1), train(5, 0.02), train(10, 0.02)] : [train(10, 0.2), train(10, 0.05), train(10, 0.02), train(20, 0.02), train(40, 0.02)],
    rest: q ? 0.4 : 1,
    restProbe: 0.05,
  };
}

export interface TrainSummary {
  readonly result: TrainResult;
  /** G at the end of the first pulse / baseline (the single-pulse response). */
  readonly firstPulseRatio: number;
  /** Paired-pulse ratio: G after the second pulse / G after the first (> 1: facilitation). */
  readonly pairedPulse: number;
  /** G after the last pulse / G after the first. */
  readonly facilitation: number;
  /** G at the end of the last pulse (the start of the rest) / baseline. */
  readonly trainRatio: number;
  /** G `restProbe` into the rest / baseline. */
  readonly restRatio: number;
  readonly retention: number;
  readonly decay: DecayFit | null;
}

export interface PlasticityResult {
  readonly config: PlasticityConfig;
  readonly wiresKept: number;
  readonly junctions: number;
  readonly trains: readonly TrainSummary[];
  /**
   * Single-junction decay time of the tunnelling conductance: at 0 V, Λ falls at b·Vreset, the gap s
   * opens at s0·b·Vreset/Λcrit and G ∝ e^(−C0·φ²·s), so τ1 = Λcrit/(C0·φ²·s0·b·Vreset) (the s-power prefactor
   * of the gap shortens it a little where the gap is small).
   */
  readonly singleJunctionTau: number;
  /** Time for the largest possible filament (Λmax) to decay to 0: an upper bound on any retention. */
  readonly maxRetention: number;
}

export function runPlasticity(cfg: PlasticityConfig, onProgress?: (f: number) => void): PlasticityResult {
  const p = { ...NANOWIRE_DEFAULTS, ...cfg.params };
  const stepsPerTrain = cfg.trains.map((t) => (t.count - 1) * stepsOf(t.interval, cfg.dt, 'pulse interval') + stepsOf(t.width, cfg.dt, 'pulse width') + stepsOf(cfg.rest, cfg.dt, 'rest'));
  const total = stepsPerTrain.reduce((a, b) => a + b, 0);
  let done = 0;
  const tick = () => {
    if (++done % 200 === 0) onProgress?.(done / total);
  };
  let wiresKept = 0;
  let junctions = 0;
  const trains = cfg.trains.map((train) => {
    const { gen, sim } = buildNanowireSim({ wires: cfg.wires, junctionsPerWire: cfg.junctionsPerWire, seed: cfg.seed, params: cfg.params, dt: cfg.dt });
    wiresKept = gen.stats.wiresKept;
    junctions = gen.stats.junctions;
    const result = runPulseTrain(sim, train, cfg.rest, p.lcrit, tick);
    return {
      result,
      firstPulseRatio: result.afterPulse[0] / result.baseline,
      pairedPulse: train.count > 1 ? result.afterPulse[1] / result.afterPulse[0] : NaN,
      facilitation: result.afterPulse[train.count - 1] / result.afterPulse[0],
      trainRatio: result.trainEnd / result.baseline,
      restRatio: conductanceInRest(result, cfg.restProbe) / result.baseline,
      retention: retentionTime(result),
      decay: fitDecay(result),
    };
  });
  onProgress?.(1);
  return {
    config: cfg,
    wiresKept,
    junctions,
    trains,
    singleJunctionTau: p.lcrit / (p.c0 * p.phi * p.phi * p.s0 * p.b * p.vreset),
    maxRetention: p.lmax / (p.b * p.vreset),
  };
}
