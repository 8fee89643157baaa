/**
 * Memristor Hopfield networks (core/src/common/learning/hopfield): the kernel-simulated circuit against
 * the RK4 fast path, the Lyapunov function along kernel trajectories, dE/dt against a numerical
 * derivative, and equilibria against the kernel's own DC operating point.
 */
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/common/random/prng.js';
import {
  HopfieldIntegrator,
  camNetwork,
  hebbianMatrix,
  compareKernelAndFast,
  energy,
  energyRate,
  equilibriumResidual,
  hopfieldOperatingPoint,
  patternKey,
  polishSaturated,
  randomInitialState,
  randomNetwork,
  simulateHopfieldCircuit,
  type HopfieldState,
  type MemristorHopfieldSpec,
} from '../../src/common/learning/hopfield/index.js';

const copy = (s: HopfieldState): HopfieldState => ({ v: Float64Array.from(s.v), phi: Float64Array.from(s.phi) });

/** Largest rise of E between consecutive samples, relative to E's range along the run. */
function largestRise(spec: MemristorHopfieldSpec, states: readonly HopfieldState[]): number {
  const e = states.map((s) => energy(spec, s.v, s.phi));
  const span = Math.max(...e) - Math.min(...e);
  let rise = 0;
  for (let k = 1; k < e.length; k++) rise = Math.max(rise, (e[k] - e[k - 1]) / span);
  return rise;
}

describe('memristor Hopfield network', () => {
  const tau = 1e-3;

  it('the kernel-simulated circuit and the RK4 fast path give the same trajectories', () => {
    for (const mode of ['weight-activation', 'activation', 'weight'] as const) {
      const spec = randomNetwork({ n: 5, seed: 3, mode });
      const init = randomInitialState(spec, new Prng(7));
      const cmp = compareKernelAndFast(spec, init, 15 * tau, tau / 4);
      expect(cmp.kernel.t.length).toBeGreaterThan(30);
      // Membranes swing by volts; the two integrators differ by their truncation errors at the pwl kinks.
      expect(cmp.maxDv, mode).toBeLessThan(1e-3);
      expect(cmp.maxDphiRel, mode).toBeLessThan(1e-3);
    }
  });

  it('the CAM network (Hebbian-programmed memristors, VCCS self-coupling) agrees between kernel and fast path', () => {
    const rng = new Prng(12);
    const patterns = [0, 1].map(() => Int8Array.from({ length: 6 }, () => (rng.next() < 0.5 ? 1 : -1)));
    const { spec, phi } = camNetwork(hebbianMatrix(patterns), 6);
    expect(spec.selfG).toBeDefined();
    const cue = Float64Array.from(patterns[0], (x, i) => (i === 2 ? -x : x) * 0.2);
    const cmp = compareKernelAndFast(spec, { v: cue, phi }, 10 * tau, tau / 4);
    expect(cmp.maxDv).toBeLessThan(1e-3);
    expect(cmp.maxDphiRel).toBeLessThan(1e-3);
  });

  it('the Lyapunov function never rises along kernel trajectories of symmetric networks, and does rise once the symmetry is broken', () => {
    let asymmetricRise = 0;
    for (const seed of [1, 2, 3]) {
      const spec = randomNetwork({ n: 6, seed });
      const traj = simulateHopfieldCircuit(spec, randomInitialState(spec, new Prng(seed + 10)), { tstop: 12 * tau, tstep: tau / 10 });
      expect(largestRise(spec, traj.states), `seed ${seed}`).toBeLessThan(1e-9);
      const e = traj.states.map((s) => energy(spec, s.v, s.phi));
      expect(e[e.length - 1]).toBeLessThan(e[0]);
      const broken = randomNetwork({ n: 6, seed, asymmetry: 0.5 });
      const bt = simulateHopfieldCircuit(broken, randomInitialState(broken, new Prng(seed + 10)), { tstop: 12 * tau, tstep: tau / 10 });
      asymmetricRise = Math.max(asymmetricRise, largestRise(broken, bt.states));
    }
    expect(asymmetricRise).toBeGreaterThan(1e-3);
  });

  it('dE/dt from its formula matches a numerical derivative of E and is ≤ 0 at random states', () => {
    const spec = randomNetwork({ n: 8, seed: 5 });
    const integ = new HopfieldIntegrator(spec);
    const rng = new Prng(2);
    for (let q = 0; q < 40; q++) {
      // Membranes near the linear region so both sums of dE/dt are exercised.
      const s = randomInitialState(spec, rng, 0.15);
      const rate = energyRate(spec, s.v, s.phi);
      expect(rate).toBeLessThanOrEqual(0);
      // Second-order one-sided difference from E(0), E(h), E(2h) along the trajectory.
      const h = 1e-8;
      const a = copy(s);
      integ.run(a, { tstop: h, h });
      const b = copy(a);
      integ.run(b, { tstop: h, h });
      const numeric = (4 * energy(spec, a.v, a.phi) - energy(spec, b.v, b.phi) - 3 * energy(spec, s.v, s.phi)) / (2 * h);
      expect(Math.abs(numeric - rate)).toBeLessThan(1e-4 * Math.abs(rate) + 1e-9);
    }
  });

  it('converged states are equilibria: residuals vanish and the kernel DC operating point at the same fluxes reproduces them', () => {
    const spec = randomNetwork({ n: 8, seed: 8 });
    const integ = new HopfieldIntegrator(spec);
    const rng = new Prng(4);
    const seen = new Set<string>();
    let checked = 0;
    for (let q = 0; q < 30 && checked < 4; q++) {
      const s = randomInitialState(spec, rng);
      integ.run(s, { tstop: 200 * tau, h: tau / 10, every: 10, stopBelow: 1e-9 });
      expect(integ.speed(s)).toBeLessThan(1e-9);
      const eq = polishSaturated(spec, s);
      const key = patternKey(spec, s.v);
      if (!eq || seen.has(key)) continue;
      seen.add(key);
      checked++;
      const r = equilibriumResidual(spec, eq);
      expect(r.current).toBeLessThan(1e-15);
      expect(r.flux).toBe(0);
      const v = hopfieldOperatingPoint(spec, eq);
      for (let i = 0; i < spec.n; i++) expect(Math.abs(v[i] - eq.v[i])).toBeLessThan(1e-7);
    }
    // Several distinct stable (saturated) equilibria coexist.
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});
