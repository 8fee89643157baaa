/**
 * Pulse-train plasticity: one junction against the closed-form response of its state equation, a small
 * nanowire network against independent computations (a dense nodal solve, the closed-form decay of every
 * junction at 0 V, Rayleigh monotonicity) and the decay fit against a synthetic exponential.
 */
import { describe, expect, it } from 'vitest';
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry } from '../../src/common/compiler/registry.js';
import { fitDecay, probeConductance, retentionTime, runPulseTrain, type TrainResult } from '../../src/common/somn/plasticity.js';
import { plasticityConfig, runPlasticity } from '../../src/common/somn/plasticity-run.js';
import { buildNanowireSim } from '../../src/common/somn/setup.js';
import { SomnSim } from '../../src/common/somn/sim.js';

const lookup = new DeviceRegistry(builtinDevices).lookup;

// memristor.nanowire defaults (DOMAIN §1), written out here for the closed forms.
const VSET = 0.01;
const B_VRESET = 10 * 0.005;
const LCRIT = 0.01;
const S0 = 5;
const C = 10.19 * 0.81 * 0.81; // C0·φ² per nm

/** Tunnelling conductance of one junction at filament state Λ (Simmons-type gap, gappow 2). */
function junctionG(lam: number): number {
  const s = (S0 * (LCRIT - Math.abs(lam))) / LCRIT;
  const rt = s > 0 ? ((2 / 0.17) * s * s * Math.exp(C * s)) / Math.sqrt(0.81) / 4.71307e-5 : 0;
  return 1 / (rt + 12.9e3) + 1 / 12.9e6;
}

const oneJunction = () => new SomnSim({ format: 'memflow.network/v1', elements: [{ id: 'j0', device: 'memristor.nanowire', nodes: ['e1', 'e2'] }] }, { dt: 1e-3, driven: ['e1', 'e2'], lookup });

describe('pulse trains on one junction (closed form)', () => {
  it('dense pulses accumulate Λ: G after pulse n is G(n·(v − Vset)·w − (n − 1)·b·Vreset·(T − w)); the rest decays Λ at b·Vreset', () => {
    const train = { count: 6, interval: 0.02, amplitude: 0.1, width: 0.01 };
    const r = runPulseTrain(oneJunction(), train, 0.2, LCRIT);
    const grow = (train.amplitude - VSET) * train.width; // 9e-4 per pulse
    const decay = B_VRESET * (train.interval - train.width); // 5e-4 per gap
    for (let n = 1; n <= train.count; n++) expect(r.afterPulse[n - 1] / junctionG(n * grow - (n - 1) * decay)).toBeCloseTo(1, 9);
    for (let n = 1; n < train.count; n++) expect(r.afterPulse[n]).toBeGreaterThan(r.afterPulse[n - 1]);
    expect(r.baseline).toBeCloseTo(junctionG(0) as number, 15);
    const lamEnd = train.count * grow - (train.count - 1) * decay;
    for (let i = r.restStart; i < r.g.length; i += 7) {
      const t = r.t[i] - r.t[r.restStart];
      expect(r.g[i] / junctionG(Math.max(0, lamEnd - B_VRESET * t))).toBeCloseTo(1, 6);
    }
    expect(r.maxLambda).toBeCloseTo(lamEnd, 12);
    expect(r.g[r.g.length - 1]).toBe(r.baseline); // Λ back at 0 after lamEnd/(b·Vreset) = 58 ms
  });

  it('sparse pulses do not accumulate: the decay lands Λ on 0 between pulses, so every pulse ends at the same G', () => {
    const train = { count: 4, interval: 0.05, amplitude: 0.1, width: 0.01 };
    const r = runPulseTrain(oneJunction(), train, 0.05, LCRIT);
    for (let n = 0; n < train.count; n++) expect(r.afterPulse[n] / junctionG((train.amplitude - VSET) * train.width)).toBeCloseTo(1, 9);
  });

  it('the fitted decay time lies between the local tunnelling decay times 1/((C0φ² + 2/s)·ṡ) at the ends of the fit window', () => {
    const r = runPulseTrain(oneJunction(), { count: 1, interval: 0.05, amplitude: 0.3, width: 0.02 }, 0.2, LCRIT);
    const fit = fitDecay(r)!;
    expect(fit.points).toBeGreaterThan(10);
    // Λ at the start of the rest, then the gap opens at ṡ = s0·b·Vreset/Λcrit.
    const lam0 = (0.3 - VSET) * 0.02;
    const sdot = (S0 * B_VRESET) / LCRIT;
    const local = (t: number) => {
      const s = (S0 * (LCRIT - Math.max(0, lam0 - B_VRESET * t))) / LCRIT;
      return 1 / ((C + 2 / s) * sdot);
    };
    expect(fit.tau).toBeGreaterThan(local(fit.from));
    expect(fit.tau).toBeLessThan(local(fit.to));
    expect(fit.r2).toBeGreaterThan(0.99);
  });

  it('refuses durations that are not whole time steps and widths longer than the interval', () => {
    expect(() => runPulseTrain(oneJunction(), { count: 2, interval: 0.02, amplitude: 1, width: 0.0105 }, 0.1, LCRIT)).toThrow(/whole number of time steps/);
    expect(() => runPulseTrain(oneJunction(), { count: 2, interval: 0.01, amplitude: 1, width: 0.02 }, 0.1, LCRIT)).toThrow(/at most the interval/);
  });
});

describe('decay fit and retention on synthetic traces', () => {
  const synthetic = (tau: number, plateau: number): TrainResult => {
    const dt = 1e-3;
    const n = 500;
    const t = Float64Array.from({ length: n }, (_, i) => i * dt);
    // G0 = 1e-8, a plateau of excess 1e-6 for `plateau` s, then an exponential decay.
    const g = Float64Array.from(t, (x) => 1e-8 + 1e-6 * Math.exp(-Math.max(0, x - plateau) / tau));
    return { train: { count: 1, interval: 0.01, amplitude: 1, width: 0.01 }, baseline: 1e-8, afterPulse: Float64Array.of(g[0]), trainEnd: g[0], t, g, restStart: 0, maxKcl: 0, junctionsOn: 0, maxLambda: 0 };
  };
  it('recovers the time constant after a plateau, with r² = 1', () => {
    const fit = fitDecay(synthetic(0.007, 0.05))!;
    expect(fit.tau).toBeCloseTo(0.007, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.from).toBeGreaterThanOrEqual(0.05);
  });
  it('retention: log(G/G0) falls to 10 % of its start at plateau + τ·ln(1e-6/(G0·((1e-6/G0 + 1)^0.1 − 1)))', () => {
    const r = synthetic(0.007, 0.05);
    const ratio = 1e-6 / 1e-8;
    const exact = 0.05 + 0.007 * Math.log(ratio / ((ratio + 1) ** 0.1 - 1));
    const got = retentionTime(r);
    expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-3); // one sample
  });
});

describe('pulse trains on a small nanowire network', () => {
  const net = () => buildNanowireSim({ wires: 40, junctionsPerWire: 2.6, seed: 1, dt: 1e-3 }).sim;

  it('dense pulses raise G at every pulse; KCL holds; the probe equals a dense nodal solve', () => {
    const sim = net();
    const r = runPulseTrain(sim, { count: 5, interval: 0.02, amplitude: 2, width: 0.01 }, 0, LCRIT);
    for (let n = 1; n < 5; n++) expect(r.afterPulse[n]).toBeGreaterThan(r.afterPulse[n - 1] * (1 + 1e-6));
    expect(r.afterPulse[4] / r.baseline).toBeGreaterThan(10);
    expect(r.maxKcl).toBeLessThan(1e-9);
    // Independent: Gaussian elimination on the dense nodal matrix of the junction conductances.
    const probe = probeConductance(sim);
    const U = sim.unknowns;
    const e1 = sim.net('e1');
    const A = Array.from({ length: U }, () => new Float64Array(U + 1));
    let out = 0;
    for (let k = 0; k < sim.junctions; k++) {
      const [a, b, g] = [sim.p[k], sim.n[k], sim.conductance[k]];
      if (a < U) A[a][a] += g;
      if (b < U) A[b][b] += g;
      if (a < U && b < U) {
        A[a][b] -= g;
        A[b][a] -= g;
      }
      if (a < U && b === e1) A[a][U] += g; // 1 V at e1
      if (b < U && a === e1) A[b][U] += g;
    }
    for (let c = 0; c < U; c++) {
      let piv = c;
      for (let r2 = c + 1; r2 < U; r2++) if (Math.abs(A[r2][c]) > Math.abs(A[piv][c])) piv = r2;
      [A[c], A[piv]] = [A[piv], A[c]];
      for (let r2 = 0; r2 < U; r2++) {
        if (r2 === c) continue;
        const f = A[r2][c] / A[c][c];
        for (let j = c; j <= U; j++) A[r2][j] -= f * A[c][j];
      }
    }
    const v = (node: number) => (node === e1 ? 1 : node < U ? A[node][U] / A[node][node] : 0);
    for (let k = 0; k < sim.junctions; k++) {
      if (sim.p[k] === e1) out += sim.conductance[k] * (1 - v(sim.n[k]));
      if (sim.n[k] === e1) out += sim.conductance[k] * (1 - v(sim.p[k]));
    }
    expect(Math.abs(probe - out) / out).toBeLessThan(1e-9);
  });

  it('at rest (0 V) every junction decays at b·Vreset to 0, and G falls monotonically back to the baseline', () => {
    const sim = net();
    const r = runPulseTrain(sim, { count: 8, interval: 0.02, amplitude: 2, width: 0.01 }, 0, LCRIT);
    const lam0 = Float64Array.from(sim.state);
    expect(Math.max(...Array.from(lam0, Math.abs))).toBeGreaterThan(LCRIT); // some junctions were switched ON
    let g = probeConductance(sim);
    for (let s = 1; s <= 320; s++) {
      sim.step([0, 0]);
      const t = s * sim.dt;
      // The closed form of dΛ/dt = −b·Vreset·sgn(Λ) at v = 0, per junction.
      for (let k = 0; k < sim.junctions; k++) expect(Math.abs(sim.state[k] - Math.sign(lam0[k]) * Math.max(0, Math.abs(lam0[k]) - B_VRESET * t))).toBeLessThan(1e-7);
      // Every junction's G falls with |Λ|, so the network's does (Rayleigh monotonicity).
      const next = probeConductance(sim);
      expect(next).toBeLessThanOrEqual(g * (1 + 1e-12));
      g = next;
    }
    // After Λmax/(b·Vreset) = 0.3 s every state is 0 again: the fresh network's conductance.
    expect(Math.abs(g - r.baseline) / r.baseline).toBeLessThan(1e-9);
  });

  it('the change that outlasts a rest grows with the pulse count and the pulse rate', () => {
    const base = plasticityConfig({ quick: true });
    const trains = [5, 10, 20].map((count) => ({ count, interval: 0.02, amplitude: 2, width: 0.01 }));
    trains.push({ count: 10, interval: 0.1, amplitude: 2, width: 0.01 });
    const r = runPlasticity({ ...base, trains, rest: 0.35, restProbe: 0.1 });
    const [c5, c10, c20, sparse] = r.trains;
    expect(c5.restRatio).toBeLessThan(c10.restRatio);
    expect(c10.restRatio).toBeLessThan(c20.restRatio);
    expect(c20.restRatio).toBeGreaterThan(10);
    expect(sparse.restRatio).toBeLessThan(c10.restRatio);
    expect(sparse.trainRatio).toBeLessThan(c10.trainRatio);
    // Retention never exceeds the time the largest filament takes to decay.
    for (const s of r.trains) expect(s.retention).toBeLessThanOrEqual(r.maxRetention);
  });
});
