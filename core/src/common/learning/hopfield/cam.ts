/**
 * Content-addressable memory with the memristor Hopfield network (network.ts) against a classical
 * Hebbian Hopfield network (Hopfield 1982: ±1 units, T = (1/N)·Σ_p ξ^p ξ^pᵀ with zero diagonal,
 * asynchronous sign updates).
 *
 * Patterns: digit prototypes — the mean 8×8 image of each chosen class of fixtures/data/digits.csv,
 * thresholded at the middle grey level into 64 signs.
 *
 * The memristive network stores the same Hebbian matrix: each pair with T_ij ≠ 0 gets one memristor of
 * sign s_ij = sign(T_ij), programmed (initial flux) to a memductance proportional to |T_ij| within the
 * reachable range [G(−φmax), G(φmax)]; a VCCS self-coupling and the bias cancel the self term and the
 * constant of the pair currents at the programmed weights. A cue sets the membranes to ±v_cue; the
 * recalled pattern is the sign of the membranes after 30 τ with the weights frozen, or after a read-out
 * time of weight–activation dynamics (the weights keep drifting afterwards: activity potentiates every
 * excitatory memristor it touches, which in time erodes the stored patterns).
 */
import { Prng } from '../../random/prng.js';
import { parseLabelledCsv } from '../data.js';
import { HopfieldIntegrator } from './dynamics.js';
import { fluxFor, memductance, type HopfieldMode, type MemristorHopfieldSpec, type MemristorParams } from './network.js';

/** Class prototypes as ±1 patterns (mean image of each class ≥ half the grey range → +1). */
export function digitPrototypes(csv: string, classes: readonly number[]): Int8Array[] {
  const { samples, features } = parseLabelledCsv(csv);
  let max = 0;
  for (const s of samples) for (const x of s.x) max = Math.max(max, x);
  return classes.map((c) => {
    const mean = new Float64Array(features);
    let count = 0;
    for (const s of samples)
      if (s.label === c) {
        count++;
        for (let k = 0; k < features; k++) mean[k] += s.x[k];
      }
    if (count === 0) throw new Error(`digits: no samples of class ${c}`);
    return Int8Array.from(mean, (m) => (m / count >= max / 2 ? 1 : -1));
  });
}

/** Hebbian matrix T = (1/N)·Σ_p ξξᵀ, zero diagonal, dense row-major. */
export function hebbianMatrix(patterns: readonly Int8Array[]): Float64Array {
  const n = patterns[0].length;
  const t = new Float64Array(n * n);
  for (const p of patterns)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (i !== j) t[i * n + j] += (p[i] * p[j]) / n;
  return t;
}

/** Classical recall: asynchronous sign updates in a random order until a sweep changes nothing. */
export function hebbianRecall(t: Float64Array, cue: Int8Array, rng: Prng, maxSweeps = 100): Int8Array {
  const n = cue.length;
  const s = Int8Array.from(cue);
  const order = Array.from({ length: n }, (_, k) => k);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    rng.shuffle(order);
    let changed = false;
    for (const i of order) {
      let h = 0;
      for (let j = 0; j < n; j++) h += t[i * n + j] * s[j];
      const next = h > 0 ? 1 : h < 0 ? -1 : s[i];
      if (next !== s[i]) {
        s[i] = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return s;
}

export interface CamNetworkOptions {
  readonly memristor: MemristorParams;
  readonly rho: number;
  readonly gain: number;
  readonly mode: HopfieldMode;
}

/**
 * CAM defaults: memductances 0.01–1 mS with the flux bound at ±3·φ0 (G from 0.06 to 0.95 mS, enough to
 * hold |T_ij| proportionally), and a slow memristor (φ0 = 20 mV·s, about 20 τ at u = 1 V) so that a
 * recall settles on the activation time scale before the weights have moved much.
 */
export const CAM_NETWORK: CamNetworkOptions = {
  memristor: { gmin: 1e-5, gmax: 1e-3, phi0: 2e-2, phimax: 6e-2 },
  rho: 10,
  gain: 10,
  mode: 'weight-activation',
};

/** The memristor Hopfield network storing T (pairs with T_ij = 0 get no memristor); also the initial fluxes. */
export function camNetwork(t: Float64Array, n: number, o: CamNetworkOptions = CAM_NETWORK): { spec: MemristorHopfieldSpec; phi: Float64Array } {
  const m = o.memristor;
  const lo = memductance(m, -m.phimax);
  const hi = memductance(m, m.phimax);
  if (!(lo < hi)) throw new Error('CAM network: the memristor range is empty');
  let tmax = 0;
  for (const x of t) tmax = Math.max(tmax, Math.abs(x));
  const pi: number[] = [];
  const pj: number[] = [];
  const s: number[] = [];
  const phi: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const w = t[i * n + j];
      if (w === 0) continue;
      pi.push(i);
      pj.push(j);
      s.push(Math.sign(w));
      // G ∝ |T_ij| as far as the reachable range allows (small weights are raised to its floor).
      phi.push(fluxFor(m, Math.max(lo, (hi * Math.abs(w)) / tmax)));
    }
  // ρ scaled by 1/(n − 1) keeps a neuron's total synaptic drive independent of n.
  const rho = o.rho / Math.max(1, n - 1);
  // The pair currents ρ·s·G·(a_i + a_j) contain a self term ρ·Σ_j s·G·a_i (a diagonal weight that would
  // freeze any cue) and a constant: a VCCS self-coupling −ρ·Σ_j s·G·(a_i − ½) and the bias cancel both
  // at the programmed weights, leaving the Hebbian interaction ρ·s·G·a_j.
  const bias = new Float64Array(n);
  const selfG = new Float64Array(n);
  for (let k = 0; k < pi.length; k++) {
    const g = rho * s[k] * memductance(m, phi[k]);
    selfG[pi[k]] -= g;
    selfG[pj[k]] -= g;
    bias[pi[k]] -= g;
    bias[pj[k]] -= g;
  }
  const sA = Float64Array.from(s);
  const spec: MemristorHopfieldSpec = {
    n,
    r: 1e3,
    c: 1e-6,
    gain: o.gain,
    threshold: 0,
    bias,
    pi: Int32Array.from(pi),
    pj: Int32Array.from(pj),
    sA,
    sB: Float64Array.from(sA),
    memristor: m,
    rho,
    selfG,
    mode: o.mode,
  };
  return { spec, phi: Float64Array.from(phi) };
}

/** A cue: the pattern with exactly round(f·N) bits flipped. */
export function corrupt(p: Int8Array, fraction: number, rng: Prng): Int8Array {
  const n = p.length;
  const idx = rng.shuffle(Array.from({ length: n }, (_, k) => k)).slice(0, Math.round(fraction * n));
  const c = Int8Array.from(p);
  for (const k of idx) c[k] = -c[k] as -1 | 1;
  return c;
}

/**
 * Memristive recall: membranes at ±vCue, fluxes as programmed, run for `horizonTau` τ (or until the
 * state stops moving) and read the signs of the membranes.
 */
export function memristiveRecall(spec: MemristorHopfieldSpec, phi: Float64Array, cue: Int8Array, horizonTau: number, integ = new HopfieldIntegrator(spec), vCue = 0.2): Int8Array {
  const s = { v: Float64Array.from(cue, (x) => x * vCue), phi: Float64Array.from(phi) };
  integ.run(s, { tstop: horizonTau * integ.tau, h: integ.tau / 10, every: 10, stopBelow: 1e-6 });
  return Int8Array.from(s.v, (v) => (v > spec.threshold ? 1 : -1));
}

export interface CamConfig {
  readonly classes: readonly number[];
  readonly corruption: readonly number[];
  readonly trials: number;
  readonly seed: number;
  readonly network: CamNetworkOptions;
  /** Read-out time of the weight–activation recall (τ); the frozen-weight recall runs to 30 τ. */
  readonly readoutTau: number;
}

export function camConfig(o: { quick?: boolean; seed?: number; classes?: readonly number[]; trials?: number; readoutTau?: number } = {}): CamConfig {
  return {
    classes: o.classes ?? [0, 2, 4],
    corruption: o.quick ? [0, 0.2, 0.4] : [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45],
    trials: o.trials ?? (o.quick ? 2 : 20),
    seed: o.seed ?? 1,
    network: CAM_NETWORK,
    readoutTau: o.readoutTau ?? 10,
  };
}

/** The three recalls compared: classical Hebbian, memristive with frozen weights, memristive weight–activation. */
export const CAM_VARIANTS = ['hebbian', 'memristiveFrozen', 'memristiveWeightActivation'] as const;
export type CamVariant = (typeof CAM_VARIANTS)[number];

export interface CamPoint {
  readonly corruption: number;
  /** Per variant: fraction of cues recalled exactly (all signs equal to the stored pattern). */
  readonly accuracy: Record<CamVariant, number>;
  /** Per variant: mean fraction of wrong signs after recall. */
  readonly bitError: Record<CamVariant, number>;
}

export interface CamResult {
  readonly config: CamConfig;
  readonly patterns: Int8Array[];
  readonly points: CamPoint[];
  /** Per variant, whether each stored pattern is recalled from itself. */
  readonly storedStable: Record<CamVariant, boolean[]>;
}

function errors(a: Int8Array, b: Int8Array): number {
  let e = 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) e++;
  return e;
}

export function runCam(csv: string, cfg: CamConfig, hooks: { onProgress?(f: number): void } = {}): CamResult {
  const patterns = digitPrototypes(csv, cfg.classes);
  const n = patterns[0].length;
  const t = hebbianMatrix(patterns);
  const wa = camNetwork(t, n, { ...cfg.network, mode: 'weight-activation' });
  const frozen = { spec: { ...wa.spec, mode: 'activation' as const }, phi: wa.phi };
  const integWa = new HopfieldIntegrator(wa.spec);
  const integFrozen = new HopfieldIntegrator(frozen.spec);
  const rng = new Prng(cfg.seed);
  const recall: Record<CamVariant, (cue: Int8Array) => Int8Array> = {
    hebbian: (cue) => hebbianRecall(t, cue, rng),
    memristiveFrozen: (cue) => memristiveRecall(frozen.spec, frozen.phi, cue, 30, integFrozen),
    memristiveWeightActivation: (cue) => memristiveRecall(wa.spec, wa.phi, cue, cfg.readoutTau, integWa),
  };
  const storedStable = Object.fromEntries(CAM_VARIANTS.map((v) => [v, patterns.map((p) => errors(recall[v](p), p) === 0)])) as Record<CamVariant, boolean[]>;
  const points: CamPoint[] = [];
  const total = cfg.corruption.length * patterns.length * cfg.trials;
  let done = 0;
  for (const f of cfg.corruption) {
    const ok = { hebbian: 0, memristiveFrozen: 0, memristiveWeightActivation: 0 };
    const bits = { hebbian: 0, memristiveFrozen: 0, memristiveWeightActivation: 0 };
    for (const p of patterns)
      for (let trial = 0; trial < cfg.trials; trial++) {
        const cue = corrupt(p, f, rng);
        for (const v of CAM_VARIANTS) {
          const e = errors(recall[v](cue), p);
          if (e === 0) ok[v]++;
          bits[v] += e / n;
        }
        hooks.onProgress?.(++done / total);
      }
    const count = patterns.length * cfg.trials;
    points.push({
      corruption: f,
      accuracy: { hebbian: ok.hebbian / count, memristiveFrozen: ok.memristiveFrozen / count, memristiveWeightActivation: ok.memristiveWeightActivation / count },
      bitError: { hebbian: bits.hebbian / count, memristiveFrozen: bits.memristiveFrozen / count, memristiveWeightActivation: bits.memristiveWeightActivation / count },
    });
  }
  return { config: cfg, patterns, points, storedStable };
}
