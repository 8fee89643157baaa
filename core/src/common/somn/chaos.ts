/**
 * `somn-edge-of-chaos` (Hochstetter et al. 2021, Nat. Commun. 12, 4008, Figs. 6–7): a 100-wire network
 * (~260 junctions) driven by a triangular 1.25 V wave; the largest Lyapunov exponent of the junction
 * states at each drive frequency. The paper reports −2.6, 0.4 and 4.1 s⁻¹ at 0.1, 0.5 and 0.85 Hz.
 *
 * The method follows the authors' published code (NWNsim: experiments/AC/runACAttractor.m,
 * calcLyapunov.m, simulateNetworkLyapunov.m, figures/main/fig_6.m):
 *  - junction parameters of their Figs. 6–7: Vset = Vreset = 0.01 V, Λcrit 0.01, Λmax 0.015 V·s, b 10,
 *    Ron 12.9 kΩ (Gon 7.77e-5 S), Roff 100 MΩ (Goff 1e-8 S), tunnelling conductance with their MATLAB
 *    prefactor Rt ∝ s (tunnelSwitchL; the model's default s² is the group's Python form); dt = 0.5 ms;
 *  - the network first runs under the drive until it is on its attractor (they ran 3000 s);
 *  - then one junction at a time is perturbed by ε = 5e-4 V·s in Λ; the twin runs beside the reference,
 *    the distance is the Euclidean norm of the Λ difference over all junctions, measured and renormalised
 *    to ε every time step; a junction's exponent is the mean of ln(d/ε)/dt (they ran 200 s and meant to
 *    skip the first 30 %); the reported exponent is the mean over the perturbed junctions.
 * This runs a deterministic, evenly spaced subset of junctions (all of them with `perturbed` ≥ junctions).
 */
import { directionAveragedLyapunov } from './lyapunov.js';
import { buildNanowireSim, triangle } from './setup.js';

export interface ChaosConfig {
  readonly wires: number;
  readonly junctionsPerWire: number;
  readonly seed: number;
  readonly amplitude: number;
  readonly frequencies: readonly number[];
  readonly dt: number;
  /** Drive time before the twins are launched (to reach the attractor) and time measured; both rounded up to whole periods. */
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  /** Leading fraction of the measured steps left out of the mean. */
  readonly discardFraction: number;
  /** Perturbation ε of one junction's Λ (V·s), restored every step. */
  readonly delta0: number;
  /** Junctions perturbed (one twin each). */
  readonly perturbed: number;
  /** Nanowire junction parameters (override the published set). */
  readonly params: Readonly<Record<string, number>>;
}

/** Hochstetter et al. 2021 Figs. 6–7 junction parameters where they differ from the model's defaults (NWNsim runACAttractor.m). */
export const PUBLISHED_AC_PARAMS: Readonly<Record<string, number>> = { vreset: 0.01, roff: 1e8, gappow: 1 };

export function chaosConfig(o: { seed?: number; quick?: boolean } = {}): ChaosConfig {
  return {
    wires: o.quick ? 40 : 100,
    // 3.3 per generated wire gives the paper's size with the default seed: 99 wires kept, 263 junctions.
    junctionsPerWire: 3.3,
    seed: o.seed ?? 1,
    amplitude: 1.25,
    frequencies: o.quick ? [1, 2] : [0.1, 0.25, 0.5, 0.85, 1.25],
    dt: 5e-4,
    warmupSeconds: o.quick ? 1 : 30,
    measureSeconds: o.quick ? 1 : 10,
    discardFraction: 0.3,
    delta0: 5e-4,
    perturbed: o.quick ? 3 : 6,
    params: PUBLISHED_AC_PARAMS,
  };
}

export interface ChaosPoint {
  readonly frequency: number;
  /** Mean over the perturbed junctions. */
  readonly lambda: number;
  /** Each perturbed junction's exponent. */
  readonly perJunction: Float64Array;
  /** Running mean after each step (for the convergence figure), sampled. */
  readonly running: Float64Array;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  readonly junctionsOn: number;
}

export interface ChaosResult {
  readonly config: ChaosConfig;
  readonly wiresKept: number;
  readonly junctions: number;
  readonly perturbedJunctions: readonly number[];
  readonly points: readonly ChaosPoint[];
}

/** Whole drive periods covering at least `seconds`, in steps. */
function wholePeriods(seconds: number, f: number, dt: number): number {
  return Math.round(Math.max(1, Math.ceil(seconds * f - 1e-9)) / f / dt);
}

/** k evenly spaced indices of 0..n-1 (all of them when k ≥ n). */
export function evenlySpaced(n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * n) / k));
}

export function runChaos(cfg: ChaosConfig, onProgress?: (f: number) => void): ChaosResult {
  const setup = { wires: cfg.wires, junctionsPerWire: cfg.junctionsPerWire, seed: cfg.seed, params: cfg.params, dt: cfg.dt };
  const probe = buildNanowireSim(setup);
  const E = probe.sim.junctions;
  const chosen = evenlySpaced(E, cfg.perturbed);
  const twinsN = chosen.length;
  const plan = cfg.frequencies.map((f) => ({ f, warm: wholePeriods(cfg.warmupSeconds, f, cfg.dt), measure: wholePeriods(cfg.measureSeconds, f, cfg.dt) }));
  const work = plan.reduce((s, p) => s + p.warm + (1 + twinsN) * p.measure, 0);
  let done = 0;
  const report = (n: number) => {
    done += n;
    onProgress?.(done / work);
  };
  const points: ChaosPoint[] = plan.map(({ f, warm, measure }) => {
    const ref = buildNanowireSim(setup).sim;
    const drive = (sim: typeof ref) => () => sim.step([triangle(cfg.amplitude, f, sim.time + cfg.dt), 0]);
    const stepRef = drive(ref);
    for (let s = 0; s < warm; s++) {
      stepRef();
      if (s % 2000 === 1999) report(2000);
    }
    report(warm % 2000);
    const twins = chosen.map(() => {
      const t = buildNanowireSim(setup).sim;
      t.copyFrom(ref);
      return t;
    });
    const directions = chosen.map((j) => {
      const d = new Float64Array(E);
      d[j] = 1;
      return d;
    });
    let steps = 0;
    const r = directionAveragedLyapunov(
      {
        state: ref.state,
        step: () => {
          stepRef();
          if (++steps % 500 === 0) report(500 * (1 + twinsN));
        },
      },
      twins.map((t) => ({ state: t.state, step: drive(t) })),
      directions,
      { delta0: cfg.delta0, renormEvery: 1, periods: measure, dt: cfg.dt, seed: cfg.seed, discard: Math.floor(cfg.discardFraction * measure) },
    );
    report((measure % 500) * (1 + twinsN));
    let on = 0;
    for (const l of ref.state) if (Math.abs(l) >= (cfg.params.lcrit ?? 0.01)) on++;
    const every = Math.max(1, Math.floor(measure / 400));
    const running = Float64Array.from({ length: Math.floor(measure / every) }, (_, i) => r.running[(i + 1) * every - 1]);
    return {
      frequency: f,
      lambda: r.lambda,
      perJunction: Float64Array.from(r.twins, (t) => t.lambda),
      running,
      warmupSeconds: warm * cfg.dt,
      measureSeconds: measure * cfg.dt,
      junctionsOn: on,
    };
  });
  onProgress?.(1);
  return { config: cfg, wiresKept: probe.gen.stats.wiresKept, junctions: E, perturbedJunctions: chosen, points };
}
