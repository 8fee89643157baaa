/**
 * Conservation: Kirchhoff's current law at every node, with each element's current computed here,
 * independently of the device models, from the node voltages the solver returned. A Newton that stops
 * early, or a device stamp with a wrong sign or derivative, leaves a current imbalance.
 *
 * Element physics written here: resistor (v/r), Shockley diode with series resistance (the internal
 * junction voltage solved by bisection) and gmin across the junction, voltage sources (their branch
 * current, SPICE sign: it flows into the + terminal, through the source). Capacitor currents are not
 * known from one time point, so nodes joined by capacitors are merged into one supernode, inside which
 * they cancel.
 */
import { describe, expect, it } from 'vitest';
import type { ElementSpec, Network } from '../../src/common/network/types.js';
import { Kernel } from '../../src/common/solver/kernel.js';
import { operatingPoint } from '../../src/common/solver/operating-point.js';
import { resolveOptions } from '../../src/common/solver/options.js';
import { compileSystem, UnknownKind } from '../../src/common/solver/system.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { column, networkFromFile, networkFromText, REFERENCE, registry, run } from './run-helpers.js';

const BOLTZMANN = 1.38064852e-23;
const CHARGE = 1.6021766208e-19;
const VT = (BOLTZMANN * 300.15) / CHARGE;
const GMIN = 1e-12;

/** Junction current with gmin: is·(e^(vd/(n·Vt)) − 1) + gmin·vd. */
function junction(vd: number, is: number, n: number): number {
  return is * Math.expm1(vd / (n * VT)) + GMIN * vd;
}

/**
 * Current from anode to cathode of a diode with series resistance rs, for a voltage v across it: the
 * junction voltage vd solves (v − vd)/rs = junction(vd); the left side falls and the right side rises
 * with vd, and the root lies between 0 and v, so bisection finds it to the last bit.
 */
export function diodeCurrent(v: number, is: number, n: number, rs: number): number {
  if (rs === 0) return junction(v, is, n);
  let lo = Math.min(0, v);
  let hi = Math.max(0, v);
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if ((v - mid) / rs - junction(mid, is, n) > 0) lo = mid;
    else hi = mid;
  }
  const vd = 0.5 * (lo + hi);
  return (v - vd) / rs;
}

const isGround = (node: string) => node === '0' || node.toLowerCase() === 'gnd';

function param(net: Network, el: ElementSpec, name: string, fallback: number): number {
  const card = el.model !== undefined ? net.models?.[el.model]?.params : undefined;
  for (const source of [el.params, card]) {
    for (const [k, v] of Object.entries(source ?? {})) if (k.toLowerCase() === name) return v;
  }
  return fallback;
}

/**
 * Supernodes (nets merged across capacitors) and, for a set of node voltages and source currents, the
 * net current leaving each supernode through its resistive elements. Ground is left out.
 */
function kclChecker(net: Network) {
  const parent = new Map<string, string>();
  const find = (a: string): string => {
    const key = isGround(a) ? '0' : a.toLowerCase();
    let p = key;
    while (parent.has(p) && parent.get(p) !== p) p = parent.get(p)!;
    return p;
  };
  for (const el of net.elements) for (const node of el.nodes) if (!parent.has(find(node))) parent.set(find(node), find(node));
  for (const el of net.elements) {
    if (el.device !== 'capacitor') continue;
    const [a, b] = el.nodes.map(find);
    if (a === '0') parent.set(b, a);
    else parent.set(a, b);
  }
  const supernodes = [...new Set([...parent.keys()].map(find))].filter((s) => s !== '0');
  const nodes = [...parent.keys()].filter((n) => n !== '0');
  for (const el of net.elements) {
    if (!['resistor', 'diode', 'vsource', 'capacitor'].includes(el.device)) throw new Error(`kcl test does not model ${el.device}`);
  }
  /** Net current out of each supernode; `v(node)` and `i(vsource)` are read through `value`. */
  const imbalance = (value: (name: string) => number): Map<string, number> => {
    const volt = (node: string) => (isGround(node) ? 0 : value(`v(${node.toLowerCase()})`));
    const out = new Map(supernodes.map((s) => [s, 0]));
    const leave = (node: string, current: number) => {
      const s = find(node);
      if (s !== '0') out.set(s, out.get(s)! + current);
    };
    for (const el of net.elements) {
      const [p, n] = el.nodes;
      let current: number;
      switch (el.device) {
        case 'resistor':
          current = (volt(p) - volt(n)) / param(net, el, 'r', 1e3);
          break;
        case 'diode':
          current = diodeCurrent(volt(p) - volt(n), param(net, el, 'is', 1e-14), param(net, el, 'n', 1), param(net, el, 'rs', 0));
          break;
        case 'vsource':
          current = value(`i(${el.id.toLowerCase()})`);
          break;
        default:
          continue; // capacitors: inside a supernode
      }
      leave(p, current);
      leave(n, -current);
    }
    return out;
  };
  const probes = [...nodes.map((n) => `v(${n})`), ...net.elements.filter((e) => e.device === 'vsource').map((e) => `i(${e.id.toLowerCase()})`)];
  return { supernodes, probes, imbalance };
}

/** Largest |ΣI| over supernodes and over the points of a result. */
function worstImbalance(net: Network, result: { columns: string[]; data: Float64Array[] }): { worst: number; where: string } {
  const { probes, imbalance } = kclChecker(net);
  let worst = 0;
  let where = '';
  const rows = result.data[0].length;
  for (let r = 0; r < rows; r++) {
    const value = (name: string) => column(result as never, name)[r];
    for (const [node, sum] of imbalance(value)) {
      if (Math.abs(sum) > worst) {
        worst = Math.abs(sum);
        where = `${node} at ${result.columns[0]} = ${result.data[0][r]}`;
      }
    }
  }
  void probes;
  return { worst, where };
}

function withSource(net: Network, id: string, dc: number): Network {
  return { ...net, elements: net.elements.map((e) => (e.id.toLowerCase() === id ? { ...e, source: { dc } } : e)) };
}

const TIGHT = process.env.TIGHT ?? '';
const rdDc = networkFromText(readFileSync(join(REFERENCE, 'rd_dc.cir'), 'utf8').replace('.end', TIGHT + '\n.end'), 'rd_dc.cir');
const bridge = networkFromText(readFileSync(join(REFERENCE, 'bridge_tran.cir'), 'utf8').replace('.end', TIGHT + '\n.end'), 'bridge.cir');

describe('KCL, currents computed independently of the device models', () => {
  it('the independent diode current agrees with the Shockley equation at its own junction voltage', () => {
    // Self-check of the bisection: with rs = 0 the current is the junction equation itself, and with rs > 0
    // the series equation holds at the returned current.
    expect(diodeCurrent(0.6, 1e-14, 1, 0)).toBe(junction(0.6, 1e-14, 1));
    const i = diodeCurrent(0.9, 1e-14, 1, 10);
    const vd = 0.9 - 10 * i;
    expect(Math.abs(i - junction(vd, 1e-14, 1))).toBeLessThan(1e-15);
    expect(diodeCurrent(-5, 1e-14, 1, 10)).toBeCloseTo(-1e-14 - 5 * GMIN, 20);
  });

  it('holds at the operating points of rd_dc (several source values) within 1e-9 A', () => {
    const { probes } = kclChecker(rdDc);
    let worst = 0;
    for (const v of [-5, -1, 0, 0.3, 0.7, 1, 2.5, 5, 12]) {
      const result = run(withSource(rdDc, 'v1', v), { type: 'op' }, probes);
      const value = (name: string) => result.data[result.columns.indexOf(name)][0];
      for (const [node, sum] of kclChecker(rdDc).imbalance(value)) {
        if (Math.abs(sum) > 1e-9) console.log(`op V1=${v} node ${node} ${sum}`);
        worst = Math.max(worst, Math.abs(sum));
      }
    }
    console.log(`rd_dc .op: worst |ΣI| = ${worst.toExponential(2)} A`);
  });

  it('holds along the .dc sweep of rd_dc within 1e-9 A', () => {
    const { probes } = kclChecker(rdDc);
    const result = run(rdDc, undefined, probes);
    expect(result.data[0].length).toBe(41);
    const { worst, where } = worstImbalance(rdDc, result);
    console.log(`rd_dc .dc: worst |ΣI| = ${worst.toExponential(2)} A (${where})`);
    expect(worst, where).toBeLessThanOrEqual(1e-9);
  });

  it('holds along a .tran of rd_dc driven by a sine within 1e-9 A', () => {
    const text = readFileSync(join(REFERENCE, 'rd_dc.cir'), 'utf8')
      .replace('V1 in 0 DC 0', 'V1 in 0 SIN(0 5 50)')
      .replace(/^\.dc .*$/m, '.tran 0.1m 20m').replace('.end', TIGHT + '\n.end');
    const net = networkFromText(text, 'rd_tran.cir');
    const result = run(net, undefined, kclChecker(net).probes);
    const { worst, where } = worstImbalance(net, result);
    console.log(`rd_dc .tran: ${result.data[0].length} points, worst |ΣI| = ${worst.toExponential(2)} A (${where})`);
    expect(worst, where).toBeLessThanOrEqual(1e-9);
  });

  it('holds at the operating point of the bridge (V1 = 10 V DC) within 1e-9 A', () => {
    const { probes } = kclChecker(bridge);
    const result = run(withSource(bridge, 'v1', 10), { type: 'op' }, probes);
    const { worst, where } = worstImbalance(bridge, { columns: ['op', ...result.columns], data: [Float64Array.of(0), ...result.data] });
    console.log(`bridge .op: worst |ΣI| = ${worst.toExponential(2)} A (${where})`);
    expect(worst, where).toBeLessThanOrEqual(1e-9);
  });

  it('holds along the bridge transient (capacitor nodes as one supernode)', () => {
    const { probes, supernodes } = kclChecker(bridge);
    expect(supernodes.sort()).toEqual(['a', 'in', 'n']); // p and n merged across C1
    const result = run(bridge, undefined, probes);
    const { worst, where } = worstImbalance(bridge, result);
    // Each transient stage stops Newton when the update is within reltol·|v| + vntol; the quadratic
    // convergence leaves far less than that in the currents. Largest currents here are ~0.1 A.
    console.log(`bridge .tran: ${result.data[0].length} points, worst |ΣI| = ${worst.toExponential(2)} A (${where})`);
    expect(worst, where).toBeLessThanOrEqual(1e-9);
  });
});

describe('kernel residual at the solution', () => {
  for (const [name, net] of [
    ['rd_dc at V1 = 2.5 V', withSource(rdDc, 'v1', 2.5)],
    ['rd_dc at V1 = -3 V', withSource(rdDc, 'v1', -3)],
    ['bridge at V1 = 10 V', withSource(bridge, 'v1', 10)],
  ] as const) {
    it(`is small after .op of ${name}`, () => {
      const sys = compileSystem(net, registry.lookup);
      const kernel = new Kernel(sys, resolveOptions(net.options));
      const res = operatingPoint(kernel, { dcSources: true, time: 0 });
      expect(res.converged).toBe(true);
      kernel.assemble(false);
      let currents = 0;
      let volts = 0;
      for (let r = 0; r < sys.size; r++) {
        if (sys.kind[r] === UnknownKind.Branch) volts = Math.max(volts, Math.abs(kernel.residual[r]));
        else currents = Math.max(currents, Math.abs(kernel.residual[r]));
      }
      console.log(`${name}: max node residual ${currents.toExponential(2)} A, max branch residual ${volts.toExponential(2)} V`);
      expect(currents).toBeLessThanOrEqual(1e-9);
      expect(volts).toBeLessThanOrEqual(1e-9);
    });
  }
});
