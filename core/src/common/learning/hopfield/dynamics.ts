/**
 * The memristor Hopfield network's ODEs (network.ts) integrated directly: the fast path for studies with
 * thousands of initial conditions. A test runs the same network through the circuit kernel
 * (circuit.ts) and checks that both give the same trajectories.
 *
 * Integrator: classical RK4 with a fixed step (default τ/40), the flux projected onto [−φmax, φmax]
 * after every step, which is what the kernel's state clamp does.
 */
import { activation, memductance, memductanceSlope, type MemristorHopfieldSpec } from './network.js';

export interface HopfieldState {
  readonly v: Float64Array;
  readonly phi: Float64Array;
}

/** Whether flux k is at a bound and pushed outward (then it stays: φ̇ = 0). */
function pinned(spec: MemristorHopfieldSpec, phi: number, rate: number): boolean {
  const pm = spec.memristor.phimax;
  return (phi >= pm && rate > 0) || (phi <= -pm && rate < 0);
}

/**
 * Right-hand side: dv (V/s) and dphi (V·s/s = V). `a` is scratch of length n. Follows `spec.mode`:
 * 'activation' freezes the fluxes, 'weight' freezes the membranes.
 */
export function derivatives(spec: MemristorHopfieldSpec, v: Float64Array, phi: Float64Array, dv: Float64Array, dphi: Float64Array, a: Float64Array): void {
  const { n, pi, pj, sA, sB, rho, memristor: m, r, c, bias } = spec;
  for (let i = 0; i < n; i++) {
    a[i] = activation(spec, v[i]);
    dv[i] = -v[i] / r + bias[i];
  }
  const moveW = spec.mode !== 'activation';
  for (let k = 0; k < pi.length; k++) {
    const i = pi[k];
    const j = pj[k];
    const u = a[i] + a[j];
    const cur = rho * memductance(m, phi[k]) * u;
    dv[i] += sA[k] * cur;
    dv[j] += sB[k] * cur;
    const rate = moveW ? sA[k] * u : 0;
    dphi[k] = pinned(spec, phi[k], rate) ? 0 : rate;
  }
  if (spec.selfG) for (let i = 0; i < n; i++) dv[i] += spec.selfG[i] * (a[i] - 0.5);
  if (spec.mode === 'weight') dv.fill(0);
  else for (let i = 0; i < n; i++) dv[i] /= c;
}

/** The Lyapunov function E(v, φ) of network.ts (J = V·A·s·... in units of V²·S = W). */
export function energy(spec: MemristorHopfieldSpec, v: Float64Array, phi: Float64Array): number {
  const { n, pi, pj, sA, rho, memristor: m, r, bias, gain, threshold } = spec;
  let e = 0;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = activation(spec, v[i]);
    const d = a[i] - 0.5;
    e += (threshold * d + (d * d) / gain) / r - bias[i] * a[i];
    if (spec.selfG) e += 0.5 * spec.selfG[i] * a[i] * (1 - a[i]);
  }
  for (let k = 0; k < pi.length; k++) {
    const u = a[pi[k]] + a[pj[k]];
    e -= 0.5 * rho * sA[k] * memductance(m, phi[k]) * u * u;
  }
  return e;
}

/** dE/dt from the formula in network.ts (≤ 0 for a symmetric network): a check on `energy`. */
export function energyRate(spec: MemristorHopfieldSpec, v: Float64Array, phi: Float64Array): number {
  const { n, pi, pj, rho, memristor: m, c, gain, threshold } = spec;
  const dv = new Float64Array(n);
  const dphi = new Float64Array(pi.length);
  const a = new Float64Array(n);
  derivatives(spec, v, phi, dv, dphi, a);
  let rate = 0;
  for (let i = 0; i < n; i++) {
    const z = gain * (v[i] - threshold);
    const slope = z > -1 && z < 1 ? gain / 2 : 0;
    rate -= c * slope * dv[i] * dv[i];
  }
  for (let k = 0; k < pi.length; k++) {
    if (dphi[k] === 0) continue;
    const u = a[pi[k]] + a[pj[k]];
    rate -= 0.5 * rho * memductanceSlope(m, phi[k]) * u * u * u;
  }
  return rate;
}

export interface IntegrateOptions {
  /** Simulated time (s). */
  readonly tstop: number;
  /** RK4 step (s); default τ/40. */
  readonly h?: number;
  /** Called every `every` steps (and at t = 0 and the end) with the current time. */
  readonly onSample?: (t: number, s: HopfieldState) => void;
  readonly every?: number;
  /**
   * Stop early once the scaled speed (see `speed`) stays below this for a check; checks run every
   * `every` steps. 0 = never.
   */
  readonly stopBelow?: number;
}

/** A reusable RK4 integrator for one network (scratch arrays allocated once). */
export class HopfieldIntegrator {
  private readonly k = Array.from({ length: 4 }, () => ({ dv: new Float64Array(0), dphi: new Float64Array(0) }));
  private readonly vt: Float64Array;
  private readonly pt: Float64Array;
  private readonly a: Float64Array;
  readonly tau: number;

  constructor(readonly spec: MemristorHopfieldSpec) {
    for (const s of this.k) {
      s.dv = new Float64Array(spec.n);
      s.dphi = new Float64Array(spec.pi.length);
    }
    this.vt = new Float64Array(spec.n);
    this.pt = new Float64Array(spec.pi.length);
    this.a = new Float64Array(spec.n);
    this.tau = spec.r * spec.c;
  }

  /**
   * Scaled speed of the state: max over neurons of |v̇|·τ (V) and over fluxes of |φ̇|·τ/φ0 (a clamped
   * flux pushed outward has φ̇ = 0). Below ~1e-9 the state is at an equilibrium to solver precision.
   */
  speed(s: HopfieldState): number {
    const [k0] = this.k;
    derivatives(this.spec, s.v, s.phi, k0.dv, k0.dphi, this.a);
    let m = 0;
    for (let i = 0; i < k0.dv.length; i++) m = Math.max(m, Math.abs(k0.dv[i]) * this.tau);
    const scale = this.tau / this.spec.memristor.phi0;
    for (let q = 0; q < k0.dphi.length; q++) m = Math.max(m, Math.abs(k0.dphi[q]) * scale);
    return m;
  }

  /** Advances the state in place; returns the time reached (early stop or tstop). */
  run(s: HopfieldState, o: IntegrateOptions): number {
    const spec = this.spec;
    const h = o.h ?? this.tau / 40;
    const steps = Math.ceil(o.tstop / h - 1e-9);
    const every = o.every ?? 40;
    const pm = spec.memristor.phimax;
    const { v, phi } = s;
    const [k1, k2, k3, k4] = this.k;
    const { vt, pt, a } = this;
    const stage = (src: { dv: Float64Array; dphi: Float64Array }, f: number, dst: { dv: Float64Array; dphi: Float64Array }) => {
      for (let i = 0; i < v.length; i++) vt[i] = v[i] + f * src.dv[i];
      for (let q = 0; q < phi.length; q++) pt[q] = Math.min(pm, Math.max(-pm, phi[q] + f * src.dphi[q]));
      derivatives(spec, vt, pt, dst.dv, dst.dphi, a);
    };
    o.onSample?.(0, s);
    for (let step = 1; step <= steps; step++) {
      derivatives(spec, v, phi, k1.dv, k1.dphi, a);
      stage(k1, h / 2, k2);
      stage(k2, h / 2, k3);
      stage(k3, h, k4);
      for (let i = 0; i < v.length; i++) v[i] += (h / 6) * (k1.dv[i] + 2 * k2.dv[i] + 2 * k3.dv[i] + k4.dv[i]);
      for (let q = 0; q < phi.length; q++) phi[q] = Math.min(pm, Math.max(-pm, phi[q] + (h / 6) * (k1.dphi[q] + 2 * k2.dphi[q] + 2 * k3.dphi[q] + k4.dphi[q])));
      if (step % every === 0 || step === steps) {
        const t = step * h;
        o.onSample?.(t, s);
        if (o.stopBelow && this.speed(s) < o.stopBelow) return t;
      }
    }
    return steps * h;
  }
}

/**
 * Residuals of the equilibrium equations at a state: the membrane current balance
 * −v_i/R + I_i + ρ·Σ s·G·u (A) per neuron and, per flux, φ̇ unless the flux is pinned at a bound (V).
 */
export function equilibriumResidual(spec: MemristorHopfieldSpec, s: HopfieldState): { current: number; flux: number } {
  const dv = new Float64Array(spec.n);
  const dphi = new Float64Array(spec.pi.length);
  derivatives(spec, s.v, s.phi, dv, dphi, new Float64Array(spec.n));
  let current = 0;
  for (let i = 0; i < spec.n; i++) current = Math.max(current, Math.abs(dv[i] * spec.c));
  let flux = 0;
  for (let q = 0; q < dphi.length; q++) flux = Math.max(flux, Math.abs(dphi[q]));
  return { current, flux };
}

/**
 * Polishes a converged state into the exact equilibrium: with every neuron saturated the activations,
 * and with them all currents, are constant, so v_i = R·(I_i + ρ·Σ s·G·u) in closed form; idle and
 * pinned fluxes stay. Returns undefined if some neuron sits in the linear region of its activation
 * (then the state is not a saturated equilibrium and is left as it is).
 */
export function polishSaturated(spec: MemristorHopfieldSpec, s: HopfieldState): HopfieldState | undefined {
  const { n, gain, threshold } = spec;
  for (let i = 0; i < n; i++) if (Math.abs(gain * (s.v[i] - threshold)) <= 1) return undefined;
  const dv = new Float64Array(n);
  const dphi = new Float64Array(spec.pi.length);
  derivatives({ ...spec, mode: 'activation' }, s.v, s.phi, dv, dphi, new Float64Array(n));
  const v = Float64Array.from(s.v, (x, i) => x + dv[i] * spec.c * spec.r);
  for (let i = 0; i < n; i++) if (Math.abs(gain * (v[i] - threshold)) <= 1) return undefined;
  return { v, phi: Float64Array.from(s.phi) };
}

/** Activation pattern of a state: per neuron 0 (a = 0), 1 (a = 1) or 2 (in between). */
export function patternKey(spec: MemristorHopfieldSpec, v: Float64Array): string {
  let key = '';
  for (let i = 0; i < spec.n; i++) {
    const a = activation(spec, v[i]);
    key += a <= 0 ? '0' : a >= 1 ? '1' : '2';
  }
  return key;
}
