/**
 * EBANA's behavioural threshold diode, i = max((v − vth)/ron, (v − vth)/roff) with VTH 0.15 V, RON 1 Ω,
 * ROFF 1e20 Ω: derivatives, the I–V over a .dc sweep against the formula, and EBANA's diode pair (a
 * "down" diode to a bias source and an "up" diode from another) clamping a layer node fed through a
 * 100 kΩ weight, against the formula's own root.
 */
import { describe, expect, it } from 'vitest';
import { checkDerivatives } from '@memflow/plugin-sdk';
import { DeviceRegistry, simulate, type ElementSpec, type Network, type SimulationResult } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { behaviouralDiode } from '../src/diodes/behavioural.js';

const registry = new DeviceRegistry(new Set([...builtinDevices, behaviouralDiode]));
const network = (elements: ElementSpec[]): Network => ({ format: 'memflow.network/v1', elements });
const col = (r: SimulationResult, name: string): Float64Array => r.data[r.columns.indexOf(name)];

const VTH = 0.15;
const RON = 1;
const ROFF = 1e20;
/** EBANA's expression, max((v − VTH)/RON, (v − VTH)/ROFF). */
const ebana = (v: number, vth = VTH, ron = RON, roff = ROFF) => Math.max((v - vth) / ron, (v - vth) / roff);

describe('behavioural (EBANA) diode', () => {
  it('has EBANA\'s parameters by default', () => {
    expect(behaviouralDiode.params.vth.default).toBe(VTH);
    expect(behaviouralDiode.params.ron.default).toBe(RON);
    expect(behaviouralDiode.params.roff.default).toBe(ROFF);
    expect(behaviouralDiode.params.vs.default).toBe(0);
  });

  it('derivatives match finite differences away from the corner', () => {
    expect(checkDerivatives(behaviouralDiode, [[1, 0], [0.1, 0], [-1, 0.5], [0.9, 0.7]]).worst).toBeLessThan(1e-5);
    const r = checkDerivatives(behaviouralDiode, [[0.16, 0], [0.14, 0], [0.3, 0.2]], { params: { vs: 0.01, roff: 1e6 } });
    expect(r.worst, `${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
  });

  it('I–V over a .dc sweep matches max((v − vth)/ron, (v − vth)/roff) to 1e-6 relative', () => {
    for (const params of [{}, { vth: 0.3, ron: 50, roff: 1e9 }] as Record<string, number>[]) {
      const net = network([
        { id: 'v1', device: 'vsource', nodes: ['a', 'b'], source: { dc: 0 } },
        { id: 'vb', device: 'vsource', nodes: ['b', '0'], source: { dc: 0.25 } },
        { id: 'd1', device: 'diode.behavioural', nodes: ['a', 'b'], params },
      ]);
      const res = simulate(net, registry.lookup, { type: 'dc', source: 'v1', start: -1, stop: 1, step: 0.005 }, ['i(v1)']);
      const v = col(res, 'sweep');
      const i = col(res, 'i(v1)');
      const p = { vth: VTH, ron: RON, roff: ROFF, ...params };
      let worst = 0;
      for (let k = 0; k < v.length; k++) {
        const exact = ebana(v[k], p.vth, p.ron, p.roff);
        worst = Math.max(worst, Math.abs(-i[k] - exact) / (Math.abs(exact) + 1e-30));
      }
      console.log(`behavioural diode ${JSON.stringify(params)}: ${v.length} points, worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it("EBANA's diode pair clamps a layer node between −(vth + bias_up) and vth + bias_down", () => {
    const Rw = 1e5; // a 1e-5 S weight
    const bDown = 0.6; // EBANA biases the down diode at +shift ...
    const bUp = -0.6; // ... and the up diode at −shift
    const net = network([
      { id: 'vin', device: 'vsource', nodes: ['x', '0'], source: { dc: 0 } },
      { id: 'rw', device: 'resistor', nodes: ['x', 'h'], params: { r: Rw } },
      { id: 'vbd', device: 'vsource', nodes: ['bd', '0'], source: { dc: bDown } },
      { id: 'vbu', device: 'vsource', nodes: ['bu', '0'], source: { dc: bUp } },
      { id: 'dd', device: 'diode.behavioural', nodes: ['h', 'bd'] }, // down: anode at the node
      { id: 'du', device: 'diode.behavioural', nodes: ['bu', 'h'] }, // up: cathode at the node
    ]);
    const res = simulate(net, registry.lookup, { type: 'dc', source: 'vin', start: -3, stop: 3, step: 0.01 }, ['v(h)']);
    const V = col(res, 'sweep');
    const vh = col(res, 'v(h)');
    let worst = 0;
    for (let k = 0; k < V.length; k++) {
      // KCL at h: (V − v)/Rw = i_down(v − bDown) − i_up(bUp − v), monotone in v: bisection.
      let lo = -4;
      let hi = 4;
      for (let it = 0; it < 200; it++) {
        const mid = 0.5 * (lo + hi);
        if ((V[k] - mid) / Rw - ebana(mid - bDown) + ebana(bUp - mid) > 0) lo = mid;
        else hi = mid;
      }
      const exact = 0.5 * (lo + hi);
      worst = Math.max(worst, Math.abs(vh[k] - exact) / Math.max(Math.abs(exact), 1e-3));
    }
    const last = vh[vh.length - 1];
    const first = vh[0];
    console.log(`EBANA diode pair behind 100 kΩ: v(h) from ${first.toFixed(6)} to ${last.toFixed(6)} V, worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
    expect(last).toBeCloseTo(VTH + bDown, 4);
    expect(first).toBeCloseTo(bUp - VTH, 4);
  });
});
