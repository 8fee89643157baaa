/**
 * Convergence study of the memristor Hopfield network (network.ts): for each size, one seeded random
 * network (symmetric, and the same network with the symmetry broken), many random initial conditions of
 * membranes and fluxes, each integrated (fast path, dynamics.ts) until its scaled speed drops below a
 * tolerance or a horizon passes. Reported per size and variant: the fraction converged, the distinct
 * activation patterns of the equilibria reached (with how many are saturated and stable), whether the
 * Lyapunov function E ever rose along a trajectory, and the largest equilibrium-equation residual.
 */
import { Prng } from '../../random/prng.js';
import { HopfieldIntegrator, energy, equilibriumResidual, patternKey, polishSaturated, type HopfieldState } from './dynamics.js';
import { randomInitialState, randomNetwork, type HopfieldMode, type MemristorHopfieldSpec } from './network.js';

export interface ConvergenceConfig {
  readonly sizes: readonly number[];
  readonly initialConditions: number;
  readonly seed: number;
  /** Fraction of pairs with an inverted mirror in the broken-symmetry variant. */
  readonly asymmetry: number;
  /** Horizon in units of τ. */
  readonly horizonTau: number;
  /** Converged when the scaled speed (HopfieldIntegrator.speed) is below this. */
  readonly tolerance: number;
  readonly mode: HopfieldMode;
}

export function convergenceConfig(o: { quick?: boolean; seed?: number; initialConditions?: number; sizes?: readonly number[]; asymmetry?: number; mode?: HopfieldMode } = {}): ConvergenceConfig {
  return {
    sizes: o.sizes ?? (o.quick ? [4, 8] : [4, 8, 16, 32]),
    initialConditions: o.initialConditions ?? (o.quick ? 24 : 1000),
    seed: o.seed ?? 1,
    asymmetry: o.asymmetry ?? 0.5,
    horizonTau: 200,
    tolerance: 1e-9,
    mode: o.mode ?? 'weight-activation',
  };
}

export interface VariantResult {
  readonly n: number;
  readonly symmetric: boolean;
  readonly initialConditions: number;
  readonly converged: number;
  readonly convergedFraction: number;
  /** Distinct activation patterns (0/1/in-between per neuron) among converged runs. */
  readonly distinctEquilibria: number;
  /** Of those, patterns with every neuron saturated (a locally exponentially stable equilibrium). */
  readonly distinctSaturatedEquilibria: number;
  /** Runs in which E rose between two samples by more than 1e-12 of its range. */
  readonly energyRises: number;
  /** Largest residuals of the equilibrium equations over polished saturated equilibria (A, V). */
  readonly maxCurrentResidual: number;
  readonly maxFluxResidual: number;
  /** Mean time to converge (in τ) over converged runs. */
  readonly meanTimeTau: number;
}

export interface ConvergenceResult {
  readonly config: ConvergenceConfig;
  readonly variants: VariantResult[];
  /** E(t) of a few runs of the smallest-but-one symmetric network, for the figure. */
  readonly energyCurves: { t: number[]; e: number[] }[];
}

export interface ConvergenceHooks {
  onProgress?(fraction: number): void;
}

export function studyNetwork(spec: MemristorHopfieldSpec, cfg: ConvergenceConfig, rng: Prng, keepCurves = 0): { result: VariantResult; curves: { t: number[]; e: number[] }[] } {
  const integ = new HopfieldIntegrator(spec);
  const tau = integ.tau;
  const patterns = new Set<string>();
  const saturated = new Set<string>();
  let converged = 0;
  let rises = 0;
  let maxCurrent = 0;
  let maxFlux = 0;
  let timeSum = 0;
  const curves: { t: number[]; e: number[] }[] = [];
  for (let q = 0; q < cfg.initialConditions; q++) {
    const s: HopfieldState = randomInitialState(spec, rng);
    const t: number[] = [];
    const e: number[] = [];
    const reached = integ.run(s, {
      tstop: cfg.horizonTau * tau,
      h: tau / 10,
      every: 5,
      stopBelow: cfg.tolerance,
      onSample: (time, st) => {
        t.push(time / tau);
        e.push(energy(spec, st.v, st.phi));
      },
    });
    const span = Math.max(...e) - Math.min(...e);
    for (let k = 1; k < e.length; k++)
      if (e[k] > e[k - 1] + 1e-12 * Math.max(span, 1e-30)) {
        rises++;
        break;
      }
    if (q < keepCurves) curves.push({ t, e });
    if (integ.speed(s) >= cfg.tolerance) continue;
    converged++;
    timeSum += reached / tau;
    const key = patternKey(spec, s.v);
    patterns.add(key);
    const polished = polishSaturated(spec, s);
    if (polished) {
      saturated.add(key);
      const r = equilibriumResidual(spec, polished);
      maxCurrent = Math.max(maxCurrent, r.current);
      maxFlux = Math.max(maxFlux, r.flux);
    }
  }
  const symmetric = spec.sA.every((x, k) => x === spec.sB[k]);
  return {
    result: {
      n: spec.n,
      symmetric,
      initialConditions: cfg.initialConditions,
      converged,
      convergedFraction: converged / cfg.initialConditions,
      distinctEquilibria: patterns.size,
      distinctSaturatedEquilibria: saturated.size,
      energyRises: rises,
      maxCurrentResidual: maxCurrent,
      maxFluxResidual: maxFlux,
      meanTimeTau: converged > 0 ? timeSum / converged : NaN,
    },
    curves,
  };
}

export function runConvergenceStudy(cfg: ConvergenceConfig, hooks: ConvergenceHooks = {}): ConvergenceResult {
  const variants: VariantResult[] = [];
  let energyCurves: { t: number[]; e: number[] }[] = [];
  const work = cfg.sizes.reduce((s, n) => s + 2 * n * n, 0);
  let done = 0;
  cfg.sizes.forEach((n, idx) => {
    for (const symmetric of [true, false]) {
      const spec = randomNetwork({ n, seed: cfg.seed * 1000 + n, asymmetry: symmetric ? 0 : cfg.asymmetry, mode: cfg.mode });
      const rng = new Prng(cfg.seed * 7919 + n * 2 + (symmetric ? 0 : 1));
      const keep = symmetric && idx === Math.min(1, cfg.sizes.length - 1) ? 6 : 0;
      const { result, curves } = studyNetwork(spec, cfg, rng, keep);
      if (keep) energyCurves = curves;
      variants.push(result);
      done += n * n;
      hooks.onProgress?.(done / work);
    }
  });
  return { config: cfg, variants, energyCurves };
}
