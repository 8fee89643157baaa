/**
 * A memristor Hopfield / Cohen–Grossberg network whose interconnection weights and neuron activations
 * evolve together (weight–activation dynamics; Di Marco, Forti, Pancioni, Innocenti, Tesi 2025), as
 * memflow realises it with its own devices (circuit.ts builds the netlist):
 *
 *  - neuron i (`neuron.hopfield`, pwl activation, amplitude ½): membrane C·v̇_i = −v_i/R + I_in, output
 *    V_i = ½·clip(g·(v_i − θ), −1, 1); the activation used below is a_i = V_i + ½ ∈ [0, 1];
 *  - one flux-controlled memristor (`memristor.flux`, G(φ) bounded logistic) per unordered pair {i, j}:
 *    it sits between out_i and a node held at −1 − V_j (a VCVS inverter), so its voltage is
 *    u_ij = a_i + a_j ≥ 0 and, oriented by the sign s_ij = ±1 of the connection, φ̇_ij = s_ij·u_ij;
 *  - its current G(φ_ij)·u_ij passes through two current mirrors in series, which inject ρ·s_ij·G·u_ij
 *    into the membranes of both neurons (excitatory for s = +1, inhibitory for s = −1).
 *
 * The network's equations are therefore
 *
 *   C·v̇_i = −v_i/R + I_i + ρ·Σ_j s_ij·G(φ_ij)·(a_i + a_j),     φ̇_ij = s_ij·(a_i + a_j),
 *
 * with φ kept in [−φmax, φmax] (the kernel clamps device states). One memristor shared by the pair is
 * what makes the interconnection symmetric for all time (w_ij = w_ji = ρ·s_ij·G(φ_ij)). With a_k ∈ [0, 1]
 * the function
 *
 *   E(v, φ) = Σ_i [P(a_i)/R − I_i·a_i] − (ρ/2)·Σ_{i<j} s_ij·G(φ_ij)·(a_i + a_j)²,
 *   P(a) = ∫_{½}^{a} f⁻¹ = θ·(a − ½) + (a − ½)²/g
 *
 * decreases along every trajectory: dE/dt = −Σ_i C·f′(v_i)·v̇_i² − (ρ/2)·Σ_{i<j} G′(φ_ij)·(a_i + a_j)³ ≤ 0
 * (the second sum is ≥ 0 because a ≥ 0, G′ > 0, and s_ij² = 1; a clamped flux contributes 0). So
 * excitatory memristors strengthen and inhibitory ones weaken under activity, both lowering E, and
 * bounded trajectories approach the set where E is stationary: equilibria, where every neuron's
 * current balances and every flux is either idle (a_i = a_j = 0) or at its bound.
 *
 * Breaking the symmetry: `sB` gives the sign of the mirror into neuron j separately (sB = sA is the
 * symmetric network; sB = −sA makes the pair excitatory one way and inhibitory the other).
 */
import { Prng } from '../../random/prng.js';

export type HopfieldMode = 'weight-activation' | 'activation' | 'weight';

export interface MemristorParams {
  /** Memductance limits (S) and flux scale φ0 (V·s) of G(φ) = gmin + (gmax − gmin)·σ(φ/φ0). */
  readonly gmin: number;
  readonly gmax: number;
  readonly phi0: number;
  /** Flux bound (V·s). */
  readonly phimax: number;
}

export interface MemristorHopfieldSpec {
  readonly n: number;
  /** Membrane leak (Ω) and capacitance (F); τ = R·C. */
  readonly r: number;
  readonly c: number;
  /** Activation slope g (1/V) and threshold θ (V) of the pwl neuron. */
  readonly gain: number;
  readonly threshold: number;
  /** Bias current into each membrane (A). */
  readonly bias: Float64Array;
  /** Pairs (i < j) with their memristor. */
  readonly pi: Int32Array;
  readonly pj: Int32Array;
  /** Sign of the mirror into i (and the memristor orientation), and of the mirror into j. */
  readonly sA: Float64Array;
  readonly sB: Float64Array;
  readonly memristor: MemristorParams;
  /** Current-mirror gain ρ. */
  readonly rho: number;
  /**
   * Optional self-coupling conductance per neuron (S): a VCCS injects selfG_i·V_i = selfG_i·(a_i − ½)
   * into its own membrane (a fixed diagonal weight; E gains −½·selfG_i·a_i² + ½·selfG_i·a_i).
   */
  readonly selfG?: Float64Array;
  readonly mode: HopfieldMode;
}

/**
 * Memristor defaults: G ∈ [0.5, 1] mS with the flux bound at φ0, so a weight can move between G(−φ0) and
 * G(φ0) (±23 % of the span around the middle): large enough for the weights to matter, small enough
 * that activity-driven potentiation does not pull every trajectory into the all-on state.
 */
export const DEFAULT_MEMRISTOR: MemristorParams = { gmin: 5e-4, gmax: 1e-3, phi0: 1e-3, phimax: 1e-3 };

/** G(φ) and G′(φ) of the logistic memductance (the same formula as memristor.flux). */
export function memductance(m: MemristorParams, phi: number): number {
  const u = phi / m.phi0;
  const e = Math.exp(-Math.abs(u));
  const s = u >= 0 ? 1 / (1 + e) : e / (1 + e);
  return m.gmin + (m.gmax - m.gmin) * s;
}

export function memductanceSlope(m: MemristorParams, phi: number): number {
  const u = phi / m.phi0;
  const e = Math.exp(-Math.abs(u));
  const s = u >= 0 ? 1 / (1 + e) : e / (1 + e);
  return ((m.gmax - m.gmin) * s * (1 - s)) / m.phi0;
}

/** The flux giving memductance g (clipped to the flux bound). */
export function fluxFor(m: MemristorParams, g: number): number {
  const s = (g - m.gmin) / (m.gmax - m.gmin);
  const clipped = Math.min(1 - 1e-12, Math.max(1e-12, s));
  return Math.min(m.phimax, Math.max(-m.phimax, m.phi0 * Math.log(clipped / (1 - clipped))));
}

/** Activation a = ½ + ½·clip(g·(v − θ), −1, 1) ∈ [0, 1]. */
export function activation(spec: MemristorHopfieldSpec, v: number): number {
  const z = spec.gain * (v - spec.threshold);
  return 0.5 + 0.5 * (z > 1 ? 1 : z < -1 ? -1 : z);
}

export function pairCount(n: number): number {
  return (n * (n - 1)) / 2;
}

/** All pairs i < j of n neurons, in row order. */
export function allPairs(n: number): { pi: Int32Array; pj: Int32Array } {
  const pi = new Int32Array(pairCount(n));
  const pj = new Int32Array(pairCount(n));
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      pi[k] = i;
      pj[k] = j;
      k++;
    }
  return { pi, pj };
}

export interface RandomNetworkOptions {
  readonly n: number;
  readonly seed: number;
  /** Fraction of pairs whose mirror into j has the opposite sign (0 = symmetric). */
  readonly asymmetry?: number;
  readonly mode?: HopfieldMode;
  readonly rho?: number;
  readonly gain?: number;
}

/**
 * A random network: signs ±1 with probability ½, bias currents chosen so that a neuron's mean input is
 * zero when half the others are active, τ = 1 ms. Time scales: activations settle in a few τ, a flux
 * under u ≈ 1 V crosses the memductance's slope (±φ0) in about one τ.
 */
export function randomNetwork(o: RandomNetworkOptions): MemristorHopfieldSpec {
  const rng = new Prng(o.seed);
  const { pi, pj } = allPairs(o.n);
  const m = DEFAULT_MEMRISTOR;
  const sA = new Float64Array(pi.length);
  const sB = new Float64Array(pi.length);
  for (let k = 0; k < pi.length; k++) {
    sA[k] = rng.next() < 0.5 ? 1 : -1;
    sB[k] = rng.next() < (o.asymmetry ?? 0) ? -sA[k] : sA[k];
  }
  // ρ scaled by 1/(n − 1) keeps a neuron's total synaptic drive independent of the network's size.
  const rho = o.rho ?? 12 / Math.max(1, o.n - 1);
  const bias = new Float64Array(o.n);
  // The bias removes the mean current of the pairs when every activation is ½ and every memductance at
  // the middle of its range (ρ·Σ_j s·Gmid·1), so that no single pattern (all on, all off) dominates.
  const gmid = (m.gmin + m.gmax) / 2;
  for (let k = 0; k < pi.length; k++) {
    bias[pi[k]] -= rho * sA[k] * gmid;
    bias[pj[k]] -= rho * sB[k] * gmid;
  }
  for (let i = 0; i < o.n; i++) bias[i] += rng.uniform(-0.05, 0.05) * rho * m.gmax;
  return { n: o.n, r: 1e3, c: 1e-6, gain: o.gain ?? 10, threshold: 0, bias, pi, pj, sA, sB, memristor: m, rho, mode: o.mode ?? 'weight-activation' };
}

/** Random initial membrane voltages in [−vmax, vmax] and fluxes in [−φmax, φmax]. */
export function randomInitialState(spec: MemristorHopfieldSpec, rng: Prng, vmax = 1): { v: Float64Array; phi: Float64Array } {
  const v = new Float64Array(spec.n);
  const phi = new Float64Array(spec.pi.length);
  for (let i = 0; i < spec.n; i++) v[i] = rng.uniform(-vmax, vmax);
  for (let k = 0; k < phi.length; k++) phi[k] = rng.uniform(-spec.memristor.phimax, spec.memristor.phimax);
  return { v, phi };
}
