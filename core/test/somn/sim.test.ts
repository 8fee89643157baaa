/** The fixed-step junction-network simulator: KCL at every net, agreement with the adaptive circuit transient. */
import { describe, expect, it } from 'vitest';
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry } from '../../src/common/compiler/registry.js';
import { generateNanowires } from '../../src/common/generate/index.js';
import { Kernel } from '../../src/common/solver/kernel.js';
import { resolveOptions } from '../../src/common/solver/options.js';
import { resolveProbe } from '../../src/common/solver/probes.js';
import { compileSystem } from '../../src/common/solver/system.js';
import { transient } from '../../src/common/solver/transient.js';
import { SomnSim } from '../../src/common/somn/sim.js';

const lookup = new DeviceRegistry(builtinDevices).lookup;
const gen = (wires: number, mode: number) =>
  generateNanowires({ wires, length: { mean: 10, std: 2 }, size: { w: Math.sqrt((wires * 100) / (Math.PI * 2.6)), h: Math.sqrt((wires * 100) / (Math.PI * 2.6)) }, seed: 3, junction: { device: 'memristor.nanowire', params: { mode } } });
const sine = (amp: number, f: number) => (t: number) => amp * Math.sin(2 * Math.PI * f * t);

describe('SomnSim', () => {
  it('conserves current at every floating net and between the electrodes, at every step (binary and tunnelling)', () => {
    for (const mode of [0, 1]) {
      const g = gen(100, mode);
      const sim = new SomnSim(g.network, { dt: 1e-3, driven: ['e1', 'e2'], lookup });
      const drive = sine(1.5, 2);
      let worst = 0;
      let worstElectrodes = 0;
      let switched = 0;
      for (let s = 0; s < 400; s++) {
        sim.step([drive(sim.time + sim.dt), 0]);
        // KCL recomputed here from the reported junction currents.
        const sum = new Float64Array(sim.nets.length);
        let scale = 0;
        for (let k = 0; k < sim.junctions; k++) {
          sum[sim.p[k]] += sim.current[k];
          sum[sim.n[k]] -= sim.current[k];
          scale = Math.max(scale, Math.abs(sim.current[k]));
        }
        for (let j = 0; j < sim.unknowns; j++) worst = Math.max(worst, Math.abs(sum[j]) / scale);
        const i1 = sum[sim.net('e1')];
        const i2 = sum[sim.net('e2')];
        worstElectrodes = Math.max(worstElectrodes, Math.abs(i1 + i2) / Math.abs(i1));
      }
      for (let k = 0; k < sim.junctions; k++) if (Math.abs(sim.state[k]) >= 0.01) switched++;
      expect(worst).toBeLessThan(1e-9);
      expect(worstElectrodes).toBeLessThan(1e-9);
      expect(switched).toBeGreaterThan(0); // the drive did switch junctions, so the check covered ON and OFF
    }
  });

  it('converges at first order to the adaptive circuit transient of the same network', () => {
    const g = gen(40, 1);
    const f = 1;
    const amp = 1;
    const tstop = 1;
    // Reference: the general MNA kernel with tight tolerances on the same network and drive.
    const network = {
      ...g.network,
      options: { reltol: 1e-7, tmax: 1e-4 },
      elements: [
        ...g.network.elements,
        { id: 'vs', device: 'vsource', nodes: ['e1', '0'], source: { dc: 0, wave: { type: 'sin' as const, vo: 0, va: amp, freq: f, td: 0, theta: 0, phase: 0 } } },
        { id: 'vg', device: 'vsource', nodes: ['e2', '0'], source: { dc: 0 } },
      ],
    };
    const kernel = new Kernel(compileSystem(network, lookup), resolveOptions(network.options));
    const nj = g.junctions.length;
    const probes = Array.from({ length: nj }, (_, k) => resolveProbe(kernel, `x(j${k})`));
    transient(kernel, { tstep: 1e-3, tstop, uic: true }, { onPoint: () => {} });
    const ref = probes.map((p) => p(kernel));
    const error = (dt: number) => {
      const sim = new SomnSim(g.network, { dt, driven: ['e1', 'e2'], lookup });
      const drive = sine(amp, f);
      for (let s = 0; s < Math.round(tstop / dt); s++) sim.step([drive((s + 1) * dt), 0]);
      let e = 0;
      for (let k = 0; k < nj; k++) e = Math.max(e, Math.abs(sim.state[k] - ref[k]));
      return e;
    };
    const e1 = error(1e-3);
    const e2 = error(2.5e-4);
    const lmax = Math.max(...ref.map(Math.abs));
    console.log(`SomnSim vs kernel: max |ΔΛ| ${e1.toExponential(2)} (dt 1 ms), ${e2.toExponential(2)} (dt 0.25 ms); max |Λ| ${lmax.toExponential(2)}`);
    expect(lmax).toBeGreaterThan(1e-3); // the drive moved the states
    expect(e1).toBeLessThan(0.05 * lmax);
    expect(e1 / e2).toBeGreaterThan(2.5); // first order: 4 for a 4× smaller step
  });
});

describe('SomnSim determinism', () => {
  it('the same network and drive give bit-identical states and currents', () => {
    const run = () => {
      const sim = new SomnSim(gen(60, 1).network, { dt: 1e-3, driven: ['e1', 'e2'], lookup });
      for (let s = 0; s < 300; s++) sim.step([1.5 * Math.sin(2 * Math.PI * 2 * (s + 1) * 1e-3), 0]);
      return [...sim.state, ...sim.current, ...sim.v];
    };
    expect(run()).toEqual(run());
  });
});

describe('SomnSim reset term (DOMAIN §6 trap)', () => {
  it('a small state that does not land exactly on 0 at a step boundary lands there and stays, for either sign', () => {
    // At 0 V the reset moves Λ by h·b·Vreset = 5e-5 V·s per step; 1.23e-4 is not a multiple of it, and the
    // smoothed sgn(Λ) is flat (tanh = ±1 exactly) there, so the state's own slope gives no warning.
    for (const linit of [1.23e-4, -1.23e-4, 3e-7]) {
      const network = { format: 'memflow.network/v1' as const, elements: [{ id: 'j0', device: 'memristor.nanowire', nodes: ['e1', 'e2'], params: { linit } }] };
      const sim = new SomnSim(network, { dt: 1e-3, driven: ['e1', 'e2'], lookup });
      for (let s = 1; s <= 20; s++) {
        sim.step([0, 0]);
        const exact = Math.sign(linit) * Math.max(0, Math.abs(linit) - 5e-5 * s);
        // Within the smoothing layer (1e-8 V·s) of the closed form, never on the other side of 0.
        expect(Math.abs(sim.state[0] - exact)).toBeLessThan(1e-8);
        expect(sim.state[0] * linit).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('after a set pulse the decay lands on Λ = 0 and stays there, never crossing (backward Euler)', () => {
    const network = { format: 'memflow.network/v1' as const, elements: [{ id: 'j0', device: 'memristor.nanowire', nodes: ['e1', 'e2'] }] };
    const sim = new SomnSim(network, { dt: 1e-3, driven: ['e1', 'e2'], lookup });
    const lam: number[] = [];
    for (let s = 0; s < 1000; s++) {
      sim.step([sim.time + sim.dt <= 0.2 + 1e-12 ? 0.1 : 0, 0]);
      lam.push(sim.state[0]);
    }
    expect(lam[199]).toBe(0.015); // set to Λmax: (0.1 − 0.01) V × 0.2 s > Λmax
    // Decay at b·Vreset = 0.05 V·s/s: Λmax reached 0 after 0.3 s, monotonically.
    const landing = lam.findIndex((l, k) => k > 199 && l < 1e-9);
    expect((landing + 1) * 1e-3).toBeCloseTo(0.5, 2);
    for (let k = 201; k <= landing; k++) expect(lam[k]).toBeLessThanOrEqual(lam[k - 1]);
    // A literal forward-Euler step of the published sgn(Λ) would swing ±h·b·Vreset = ±5e-5 V·s around 0.
    for (let k = landing; k < lam.length; k++) {
      expect(lam[k]).toBeGreaterThanOrEqual(0);
      expect(lam[k]).toBeLessThan(1e-8);
    }
  });
});
