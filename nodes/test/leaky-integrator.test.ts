/**
 * Leaky integrator τ·u̇ = −u + gain·w: derivatives, its DC equilibrium, the step response of one
 * integrator and of a cascade of two against their closed forms.
 */
import { describe, expect, it } from 'vitest';
import { checkDerivatives } from '@memflow/plugin-sdk';
import { DeviceRegistry, simulate, type ElementSpec, type Network, type SimulationResult } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { leakyIntegrator } from '../src/neurons/leaky-integrator.js';

const registry = new DeviceRegistry(new Set([...builtinDevices, leakyIntegrator]));
const network = (elements: ElementSpec[]): Network => ({ format: 'memflow.network/v1', elements });
const col = (r: SimulationResult, name: string): Float64Array => r.data[r.columns.indexOf(name)];

const TR = 1e-9;
/** Input step 0 → 1 V with a linear edge of TR, as the PULSE below. */
const step = (id: string, node: string): ElementSpec => ({
  id,
  device: 'vsource',
  nodes: [node, '0'],
  source: { dc: 0, wave: { type: 'pulse', v1: 0, v2: 1, td: 0, tr: TR, tf: TR, pw: 1, per: 2, np: 0 } },
});

/** Exact response of τ·u̇ = −u + k·x to x rising linearly 0 → 1 over [0, TR], then constant. */
function firstOrder(tau: number, k: number) {
  const atEdge = (k * (TR - tau * (1 - Math.exp(-TR / tau)))) / TR;
  return (t: number) => {
    if (t <= TR) return (k * (t - tau * (1 - Math.exp(-t / tau)))) / TR;
    const e = Math.exp(-(t - TR) / tau);
    return atEdge * e + k * (1 - e);
  };
}

describe('leaky integrator', () => {
  it('derivatives match finite differences', () => {
    const r = checkDerivatives(leakyIntegrator, [[0.3, -0.1, 0.7, 0.2, 1e-3], [-1, 0.5, 0.01, -0.4, -2e-5]], { params: { tau: 2e-3, gain: -1.7 } });
    expect(r.worst, `${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
  });

  it('sits at u = gain·w in .op and drives a load without drawing input current', () => {
    const net = network([
      { id: 'v1', device: 'vsource', nodes: ['x', '0'], source: { dc: 0.8 } },
      { id: 'rs', device: 'resistor', nodes: ['x', 'ip'], params: { r: 1e3 } },
      { id: 'rb', device: 'resistor', nodes: ['ip', '0'], params: { r: 1e3 } },
      { id: 'u1', device: 'neuron.leaky', nodes: ['u', '0', 'ip', '0'], params: { tau: 1e-3, gain: 2.5 } },
      { id: 'rl', device: 'resistor', nodes: ['u', '0'], params: { r: 100 } },
    ]);
    const res = simulate(net, registry.lookup, { type: 'op' }, ['v(ip)', 'v(u)', 'i(u1)']);
    const [vip, vu, iu] = res.data.map((d) => d[0]);
    expect(vip).toBeCloseTo(0.4, 12); // the divider is unloaded by the input
    expect(vu).toBeCloseTo(1.0, 12);
    expect(iu).toBeCloseTo(-vu / 100, 12);
  });

  it('step response: u = gain·(1 − e^(−t/τ)), and a cascade of two, within 1e-3 of range', () => {
    const t1 = 1e-3;
    const t2 = 0.4e-3;
    const k1 = 2;
    const net = network([
      step('v1', 'x'),
      { id: 'u1', device: 'neuron.leaky', nodes: ['u', '0', 'x', '0'], params: { tau: t1, gain: k1 } },
      { id: 'u2', device: 'neuron.leaky', nodes: ['y', '0', 'u', '0'], params: { tau: t2, gain: 1 } },
      { id: 'rl', device: 'resistor', nodes: ['y', '0'], params: { r: 1e3 } },
    ]);
    const tstop = 8e-3;
    const res = simulate(net, registry.lookup, { type: 'tran', tstep: 1e-5, tstop }, ['v(u)', 'v(y)']);
    const t = col(res, 'time');
    const u = col(res, 'v(u)');
    const y = col(res, 'v(y)');
    const uExact = firstOrder(t1, k1);
    // Cascade after the (negligible, 1 ns) edge: y = k1·[1 − (τ1·e^(−t/τ1) − τ2·e^(−t/τ2))/(τ1 − τ2)].
    const yExact = (s: number) => k1 * (1 - (t1 * Math.exp(-s / t1) - t2 * Math.exp(-s / t2)) / (t1 - t2));
    let eu = 0;
    let ey = 0;
    for (let k = 0; k < t.length; k++) {
      eu = Math.max(eu, Math.abs(u[k] - uExact(t[k])));
      ey = Math.max(ey, Math.abs(y[k] - yExact(t[k])));
    }
    eu /= k1;
    ey /= k1;
    console.log(`leaky integrator step: ${t.length} points, u error ${eu.toExponential(2)} of range, cascade error ${ey.toExponential(2)} of range`);
    expect(eu).toBeLessThan(1e-3);
    expect(ey).toBeLessThan(1e-3);
  });
});
