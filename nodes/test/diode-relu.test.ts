/**
 * Diode ReLU, i = (vs/rs)·ln(1 + e^((v − vth)/vs)) + goff·v → max(0, v − vth)/rs: derivatives, its I–V
 * over a .dc sweep against the formula, and in series with a resistor (a nonlinear solve) against the
 * formula's own root.
 */
import { describe, expect, it } from 'vitest';
import { checkDerivatives } from '@memflow/plugin-sdk';
import { DeviceRegistry, simulate, type ElementSpec, type Network, type SimulationResult } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { diodeRelu } from '../src/diodes/diode-relu.js';

const registry = new DeviceRegistry(new Set([...builtinDevices, diodeRelu]));
const network = (elements: ElementSpec[]): Network => ({ format: 'memflow.network/v1', elements });
const col = (r: SimulationResult, name: string): Float64Array => r.data[r.columns.indexOf(name)];

interface P {
  vth: number;
  rs: number;
  vs: number;
  goff: number;
}

/** The model's formula, written out independently (softplus through log(1 + exp)). */
function current(v: number, p: P): number {
  const z = (v - p.vth) / p.vs;
  const soft = p.vs > 0 ? (z > 30 ? v - p.vth + p.vs * Math.exp(-z) : p.vs * Math.log(1 + Math.exp(z))) : Math.max(0, v - p.vth);
  return soft / p.rs + p.goff * v;
}

const CASES: P[] = [
  { vth: 0.7, rs: 10, vs: 1e-3, goff: 1e-12 }, // the defaults
  { vth: 0.3, rs: 1e3, vs: 0.02, goff: 1e-9 },
  { vth: 0.5, rs: 100, vs: 0, goff: 1e-12 }, // exactly piecewise linear
];

describe('diode ReLU', () => {
  it('derivatives match finite differences away from the knee', () => {
    expect(checkDerivatives(diodeRelu, [[1, 0], [0.2, 0], [-1, 0.5], [0.9, 0.1]]).worst).toBeLessThan(1e-5);
    const r = checkDerivatives(diodeRelu, [[0.31, 0], [0.28, 0], [0.45, 0.1], [0, 0.5]], { params: { vth: 0.3, rs: 1e3, vs: 0.02, goff: 1e-9 } });
    expect(r.worst, `${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
    expect(checkDerivatives(diodeRelu, [[1, 0], [0.2, 0]], { params: { vs: 0 } }).worst).toBeLessThan(1e-5);
  });

  it('I–V over a .dc sweep matches the formula to 1e-6 relative', () => {
    expect(diodeRelu.params.vth.default).toBe(CASES[0].vth);
    expect(diodeRelu.params.rs.default).toBe(CASES[0].rs);
    for (const p of CASES) {
      const net = network([
        { id: 'v1', device: 'vsource', nodes: ['a', '0'], source: { dc: 0 } },
        { id: 'd1', device: 'diode.relu', nodes: ['a', '0'], params: { ...p } },
      ]);
      const res = simulate(net, registry.lookup, { type: 'dc', source: 'v1', start: -1, stop: 1.5, step: 0.005 }, ['i(v1)']);
      const v = col(res, 'sweep');
      const i = col(res, 'i(v1)');
      let worst = 0;
      for (let k = 0; k < v.length; k++) {
        const exact = current(v[k], p);
        // i(v1) is the current into the source's + terminal: minus the diode current.
        worst = Math.max(worst, Math.abs(-i[k] - exact) / (Math.abs(exact) + 1e-18));
      }
      console.log(`diode ReLU vth ${p.vth} rs ${p.rs} vs ${p.vs}: ${v.length} points, worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('behind a series resistor, the operating point is the root of the formula (1e-6 relative)', () => {
    const Rs = 1e3;
    for (const p of CASES) {
      const net = network([
        { id: 'v1', device: 'vsource', nodes: ['in', '0'], source: { dc: 0 } },
        { id: 'r1', device: 'resistor', nodes: ['in', 'a'], params: { r: Rs } },
        { id: 'd1', device: 'diode.relu', nodes: ['a', '0'], params: { ...p } },
      ]);
      const res = simulate(net, registry.lookup, { type: 'dc', source: 'v1', start: -2, stop: 5, step: 0.05 }, ['v(a)']);
      const V = col(res, 'sweep');
      const va = col(res, 'v(a)');
      let worst = 0;
      for (let k = 0; k < V.length; k++) {
        // Bisection on the monotone (V − v)/Rs − i(v) = 0.
        let lo = -3;
        let hi = 6;
        for (let it = 0; it < 200; it++) {
          const mid = 0.5 * (lo + hi);
          if ((V[k] - mid) / Rs - current(mid, p) > 0) lo = mid;
          else hi = mid;
        }
        const exact = 0.5 * (lo + hi);
        worst = Math.max(worst, Math.abs(va[k] - exact) / Math.max(Math.abs(exact), 1e-3));
      }
      console.log(`diode ReLU behind 1 kΩ, vth ${p.vth} rs ${p.rs} vs ${p.vs}: worst relative error of v(a) ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-6);
    }
  });
});
