/**
 * Hopfield / Cohen–Grossberg neuron: derivatives, the activation read at its output over a .dc sweep,
 * the RC relaxation of one neuron against its closed form, and a two-neuron network with symmetric
 * resistive coupling that converges to an equilibrium while Hopfield's energy decreases.
 */
import { describe, expect, it } from 'vitest';
import { checkDerivatives } from '@memflow/plugin-sdk';
import { DeviceRegistry, simulate, type ElementSpec, type Network, type SimulationResult } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { hopfieldNeuron } from '../src/neurons/hopfield.js';

const registry = new DeviceRegistry(new Set([...builtinDevices, hopfieldNeuron]));
const network = (elements: ElementSpec[]): Network => ({ format: 'memflow.network/v1', elements });
const col = (r: SimulationResult, name: string): Float64Array => r.data[r.columns.indexOf(name)];

const ACT = { tanh: 0, sigmoid: 1, relu: 2, pwl: 3 } as const;
const sigma: Record<keyof typeof ACT, (z: number) => number> = {
  tanh: Math.tanh,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  relu: (z) => Math.max(0, z),
  pwl: (z) => Math.max(-1, Math.min(1, z)),
};

describe('hopfield neuron derivatives', () => {
  for (const name of Object.keys(ACT) as (keyof typeof ACT)[]) {
    it(`match finite differences (${name})`, () => {
      const params = { activation: ACT[name], gain: 2.5, threshold: 0.1, amplitude: -1.5, c: 2e-6, r: 470 };
      // [v(in), v(out), v(ref), i]; z = 2.5·(v(in) − v(ref) − 0.1) kept away from the relu/pwl kinks.
      const points = [
        [0.7, 0.3, 0.05, 1e-3],
        [-0.4, 1.2, 0.2, -2e-4],
        [0.3, -0.5, 0.01, 5e-5],
        [0.25, 0, 0, 0.01],
      ];
      const r = checkDerivatives(hopfieldNeuron, points, { params });
      expect(r.worst, `${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
    });
  }
});

describe('hopfield neuron in a circuit', () => {
  it('holds v(in) = r·I and v(out) = amplitude·σ(gain·(v − threshold)) over a .dc sweep, every activation', () => {
    for (const name of Object.keys(ACT) as (keyof typeof ACT)[]) {
      const p = { r: 2e3, activation: ACT[name], gain: 3, threshold: 0.4, amplitude: 0.8 };
      const net = network([
        { id: 'i1', device: 'isource', nodes: ['0', 'm'], source: { dc: 0 } },
        { id: 'n1', device: 'neuron.hopfield', nodes: ['m', 'o', '0'], params: p },
        { id: 'rl', device: 'resistor', nodes: ['o', '0'], params: { r: 1e3 } },
      ]);
      const res = simulate(net, registry.lookup, { type: 'dc', source: 'i1', start: -1e-3, stop: 1e-3, step: 2.5e-5 }, ['v(m)', 'v(o)', 'i(n1)']);
      const I = col(res, 'sweep');
      let worst = 0;
      for (let k = 0; k < I.length; k++) {
        const v = p.r * I[k];
        const out = p.amplitude * sigma[name](p.gain * (v - p.threshold));
        worst = Math.max(worst, Math.abs(col(res, 'v(m)')[k] - v), Math.abs(col(res, 'v(o)')[k] - out));
        // The output source feeds the load: its current (into `out`) is −v(out)/rl.
        worst = Math.max(worst, 1e3 * Math.abs(col(res, 'i(n1)')[k] + out / 1e3));
      }
      console.log(`hopfield .dc ${name}: ${I.length} points, worst |error| ${worst.toExponential(2)} V`);
      expect(worst).toBeLessThan(1e-9);
    }
  });

  it('relaxes to v* = R·I with time constant RC from rest (closed form within 1e-3 of range)', () => {
    const R = 1e3;
    const C = 1e-6;
    const I = 1.5e-3;
    const tau = R * C;
    const net = network([
      { id: 'i1', device: 'isource', nodes: ['0', 'm'], source: { dc: I } },
      { id: 'n1', device: 'neuron.hopfield', nodes: ['m', 'o', '0'], params: { r: R, c: C, gain: 2 } },
      { id: 'rl', device: 'resistor', nodes: ['o', '0'], params: { r: 1e4 } },
    ]);
    const res = simulate(net, registry.lookup, { type: 'tran', tstep: tau / 100, tstop: 6 * tau, uic: true }, ['v(m)', 'v(o)']);
    const t = col(res, 'time');
    const vm = col(res, 'v(m)');
    const vo = col(res, 'v(o)');
    let err = 0;
    let outErr = 0;
    for (let k = 0; k < t.length; k++) {
      err = Math.max(err, Math.abs(vm[k] - R * I * (1 - Math.exp(-t[k] / tau))));
      outErr = Math.max(outErr, Math.abs(vo[k] - Math.tanh(2 * vm[k])));
    }
    const rel = err / (R * I);
    console.log(`hopfield RC relaxation: ${t.length} points, max error ${rel.toExponential(2)} of range; output vs tanh ${outErr.toExponential(2)} V`);
    expect(rel).toBeLessThan(1e-3);
    // The output is a voltage-defined branch: it holds to the Newton tolerance (reltol·|v| + vntol).
    expect(outErr).toBeLessThan(1e-3 * Math.max(...Array.from(vo, Math.abs)) + 1e-6);
    expect(Math.abs(vm[vm.length - 1] - R * I) / (R * I)).toBeLessThan(1e-2 + Math.exp(-6));
  });

  it('two neurons with symmetric resistive coupling converge to an equilibrium; the energy decreases', () => {
    // C·v̇_i = −v_i/R − (v_i − tanh(g·v_j))/Rc + I_i. With w = 1/Rc and G = 1/R + 1/Rc, w·g/G = 2.5 > 1:
    // bistable. The bias sources start far from it (at t = 0 they hold the neurons at (+, −)), then step
    // to small biases within 1 µs; from there E(V) = −w·V1·V2 + Σ G·∫₀^{V_i} atanh(s)/g ds − Σ I_i·V_i.
    const R = 1e3;
    const Rc = 1e3;
    const C = 1e-6;
    const g = 5;
    const I = [2e-4, 1e-4];
    const I0 = [3e-3, -3e-3];
    const tRamp = 1e-6;
    const src = (id: string, node: string, k: number): ElementSpec => ({
      id,
      device: 'isource',
      nodes: ['0', node],
      source: { dc: I[k], wave: { type: 'pwl', t: [0, tRamp], v: [I0[k], I[k]] } },
    });
    const net = network([
      src('i1', 'm1', 0),
      src('i2', 'm2', 1),
      { id: 'n1', device: 'neuron.hopfield', nodes: ['m1', 'o1', '0'], params: { r: R, c: C, gain: g } },
      { id: 'n2', device: 'neuron.hopfield', nodes: ['m2', 'o2', '0'], params: { r: R, c: C, gain: g } },
      { id: 'r12', device: 'resistor', nodes: ['o2', 'm1'], params: { r: Rc } },
      { id: 'r21', device: 'resistor', nodes: ['o1', 'm2'], params: { r: Rc } },
    ]);
    const res = simulate(net, registry.lookup, { type: 'tran', tstep: 2e-5, tstop: 20e-3 }, ['v(m1)', 'v(m2)', 'v(o1)', 'v(o2)']);
    const t = col(res, 'time');
    const v1 = col(res, 'v(m1)');
    const v2 = col(res, 'v(m2)');
    const w = 1 / Rc;
    const G = 1 / R + 1 / Rc;
    // ∫₀^V atanh(s) ds = V·atanh(V) + ½·ln(1 − V²)
    const F = (V: number) => (V * Math.atanh(V) + 0.5 * Math.log(1 - V * V)) / g;
    const energy = (a: number, b: number) => {
      const V1 = Math.tanh(g * a);
      const V2 = Math.tanh(g * b);
      return -w * V1 * V2 + G * (F(V1) + F(V2)) - I[0] * V1 - I[1] * V2;
    };
    const start = t.findIndex((x) => x >= tRamp);
    const E = Array.from(t.subarray(start), (_, k) => energy(v1[start + k], v2[start + k]));
    const range = E[0] - E[E.length - 1];
    let worstRise = 0;
    for (let k = 1; k < E.length; k++) worstRise = Math.max(worstRise, E[k] - E[k - 1]);
    const n = t.length - 1;
    const residual = Math.max(
      Math.abs(G * v1[n] - w * Math.tanh(g * v2[n]) - I[0]),
      Math.abs(G * v2[n] - w * Math.tanh(g * v1[n]) - I[1]),
    );
    console.log(
      `hopfield 2-neuron: start (${v1[start].toFixed(3)}, ${v2[start].toFixed(3)}) V → (${v1[n].toFixed(4)}, ${v2[n].toFixed(4)}) V, ` +
        `${E.length} points, energy ${E[0].toExponential(3)} → ${E[E.length - 1].toExponential(3)}, largest rise ${worstRise.toExponential(2)} ` +
        `(${(worstRise / range).toExponential(2)} of the drop), equilibrium residual ${residual.toExponential(2)} A`,
    );
    expect(v1[start]).toBeGreaterThan(0.5);
    expect(v2[start]).toBeLessThan(-0.5);
    expect(range).toBeGreaterThan(0);
    expect(worstRise).toBeLessThanOrEqual(1e-6 * range);
    // Converged: the equilibrium equations hold (KCL at each membrane) to 1e-3 of the bias current.
    expect(residual).toBeLessThan(1e-3 * I[0]);
    // Both neurons end saturated on the same side (a stable equilibrium of the bistable pair).
    expect(Math.sign(v1[n])).toBe(Math.sign(v2[n]));
    expect(Math.abs(Math.tanh(g * v1[n]))).toBeGreaterThan(0.9);
  });
});
