/**
 * Ideal diode as the limit ron, goff, vs → 0: derivatives, and the operating points of resistor–diode
 * circuits converging to the exact complementarity solutions (i ≥ 0, v ≤ 0, i·v = 0) worked out by hand:
 *  - forward: 1 V — 1 kΩ — diode to ground: v = 0, i = 1 mA;
 *  - reverse: the same with the diode turned round: v(a) = 1 V, i = 0;
 *  - a ReLU of a linear combination: inputs x_k through conductances G_k into a node s with a leak G0
 *    and a diode from ground to s, so v(s) = max(0, z), z = Σ G_k·x_k / (G0 + Σ G_k), swept over x1.
 */
import { describe, expect, it } from 'vitest';
import { checkDerivatives } from '@memflow/plugin-sdk';
import { DeviceRegistry, simulate, type ElementSpec, type Network, type SimulationResult } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { idealDiode } from '../src/diodes/ideal.js';

const registry = new DeviceRegistry(new Set([...builtinDevices, idealDiode]));
const network = (elements: ElementSpec[]): Network => ({ format: 'memflow.network/v1', elements });
const col = (r: SimulationResult, name: string): Float64Array => r.data[r.columns.indexOf(name)];

interface Smoothing {
  ron: number;
  goff: number;
  vs: number;
}

const R = 1e3;

/** Worst deviation from the complementarity solution, in volts (currents times R), and worst |i·v|. */
function deviation(p: Smoothing): { err: number; gap: number; points: number } {
  let err = 0;
  let gap = 0;
  let points = 0;
  // Forward and reverse single diodes.
  for (const forward of [true, false]) {
    const net = network([
      { id: 'v1', device: 'vsource', nodes: ['in', '0'], source: { dc: 1 } },
      { id: 'r1', device: 'resistor', nodes: ['in', 'a'], params: { r: R } },
      { id: 'd1', device: 'diode.ideal', nodes: forward ? ['a', '0'] : ['0', 'a'], params: { ...p } },
    ]);
    const va = simulate(net, registry.lookup, { type: 'op' }, ['v(a)']).data[0][0];
    const i = (1 - va) / R; // diode current, anode → cathode when forward; into `a` from the diode when reversed
    const vd = forward ? va : -va;
    const id = forward ? i : -i;
    const exact = forward ? { v: 0, i: 1e-3 } : { v: -1, i: 0 };
    err = Math.max(err, Math.abs(vd - exact.v), R * Math.abs(id - exact.i));
    gap = Math.max(gap, Math.abs(id * vd));
    points++;
  }
  // ReLU of a linear combination (x2 = −0.3 V stands for a negative weight on a positive input).
  const G = [1 / 1e3, 1 / 2e3, 1 / 4e3];
  const G0 = 1 / 1e3;
  const x2 = -0.3;
  const b = 0.2;
  const net = network([
    { id: 'vx1', device: 'vsource', nodes: ['x1', '0'], source: { dc: 0 } },
    { id: 'vx2', device: 'vsource', nodes: ['x2', '0'], source: { dc: x2 } },
    { id: 'vb', device: 'vsource', nodes: ['b', '0'], source: { dc: b } },
    { id: 'r1', device: 'resistor', nodes: ['x1', 's'], params: { r: 1 / G[0] } },
    { id: 'r2', device: 'resistor', nodes: ['x2', 's'], params: { r: 1 / G[1] } },
    { id: 'rb', device: 'resistor', nodes: ['b', 's'], params: { r: 1 / G[2] } },
    { id: 'r0', device: 'resistor', nodes: ['s', '0'], params: { r: 1 / G0 } },
    { id: 'd1', device: 'diode.ideal', nodes: ['0', 's'], params: { ...p } },
  ]);
  const res = simulate(net, registry.lookup, { type: 'dc', source: 'vx1', start: -1, stop: 1, step: 0.01 }, ['v(s)']);
  const x1 = col(res, 'sweep');
  const vsOut = col(res, 'v(s)');
  const total = G0 + G[0] + G[1] + G[2];
  for (let k = 0; k < x1.length; k++) {
    const z = (G[0] * x1[k] + G[1] * x2 + G[2] * b) / total;
    const vs = vsOut[k];
    // Diode (anode at ground) current by KCL at s; its voltage is −v(s).
    const id = G[0] * (vs - x1[k]) + G[1] * (vs - x2) + G[2] * (vs - b) + G0 * vs;
    const idExact = Math.max(0, -z) * total;
    err = Math.max(err, Math.abs(vs - Math.max(0, z)), Math.abs(id - idExact) / total);
    gap = Math.max(gap, Math.abs(id * vs));
    points++;
  }
  return { err, gap, points };
}

/** Small seeded generator (mulberry32), so the random networks are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dense Gaussian elimination with partial pivoting (the systems here are 6 × 6 at most). */
function solveDense(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

interface RandomNet {
  G: number[][];
  gin: number[];
  x: number[];
  /** true: anode at the node, cathode at ground; false: the reverse. */
  down: boolean[];
}

function randomNet(seed: number, n: number): RandomNet {
  const r = rng(seed);
  const G = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (r() < 0.6) G[i][j] = G[j][i] = (0.2 + r()) * 1e-3;
    }
  }
  return {
    G,
    gin: Array.from({ length: n }, () => (0.2 + r()) * 1e-3),
    x: Array.from({ length: n }, () => 2 * r() - 1),
    down: Array.from({ length: n }, () => r() < 0.5),
  };
}

/**
 * The exact ideal-diode operating point, by trying every set of conducting diodes: a conducting diode
 * shorts its node to ground, a blocking one is open; the one set whose solution has i ≥ 0 on the
 * conducting diodes and v ≤ 0 on the blocking ones is the answer (unique: the network is monotone).
 */
function exactOp(net: RandomNet): number[] {
  const n = net.x.length;
  const found: number[][] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const on = (j: number) => ((mask >> j) & 1) === 1;
    const free = [...Array(n).keys()].filter((j) => !on(j));
    const A = free.map((i) => free.map((j) => (i === j ? net.gin[i] + net.G[i].reduce((s, g) => s + g, 0) : -net.G[i][j])));
    const sol = free.length ? solveDense(A, free.map((i) => net.gin[i] * net.x[i])) : [];
    const v = new Array<number>(n).fill(0);
    free.forEach((j, k) => (v[j] = sol[k]));
    let feasible = true;
    for (let j = 0; j < n; j++) {
      const inflow = net.gin[j] * (net.x[j] - v[j]) + net.G[j].reduce((s, g, k) => s + g * (v[k] - v[j]), 0);
      const id = net.down[j] ? inflow : -inflow;
      const vd = net.down[j] ? v[j] : -v[j];
      if (on(j) ? id < -1e-15 : vd > 1e-15) feasible = false;
    }
    if (feasible) found.push(v);
  }
  expect(found.length).toBe(1);
  return found[0];
}

describe('ideal diode', () => {
  it('derivatives match finite differences away from the corner', () => {
    const cases: [Record<string, number>, number[][]][] = [
      [{}, [[0.5, 0], [-0.5, 0.1], [1, 0.3], [-2, -1]]],
      // Inside the smoothed corner, with a width the finite-difference step resolves.
      [{ ron: 1, goff: 1e-6, vs: 0.05 }, [[0.02, 0], [-0.03, 0], [0.3, 0.25], [0.1, 0.2]]],
      [{ vs: 0 }, [[0.5, 0], [-0.5, 0.1]]],
    ];
    for (const [params, points] of cases) {
      const r = checkDerivatives(idealDiode, points, { params });
      expect(r.worst, `${JSON.stringify(params)}: ${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
    }
  });

  it('converges to the complementarity solution as ron, goff, vs → 0', () => {
    const ladder: Smoothing[] = [
      { ron: 10, goff: 1e-5, vs: 0.05 },
      { ron: 1, goff: 1e-7, vs: 5e-3 },
      { ron: 0.1, goff: 1e-9, vs: 5e-4 },
      { ron: 1e-3, goff: 1e-10, vs: 1e-5 },
      { ron: 1e-6, goff: 1e-12, vs: 1e-9 }, // the defaults
    ];
    const errors: number[] = [];
    for (const p of ladder) {
      const { err, gap, points } = deviation(p);
      console.log(`ideal diode ron ${p.ron} Ω, goff ${p.goff} S, vs ${p.vs} V: ${points} operating points, worst deviation ${err.toExponential(2)} V, worst |i·v| ${gap.toExponential(2)} W`);
      errors.push(err);
    }
    for (let k = 1; k < errors.length; k++) expect(errors[k]).toBeLessThan(errors[k - 1]);
    expect(errors[0]).toBeGreaterThan(1e-3); // the coarse model really is far from ideal
    expect(errors[errors.length - 1]).toBeLessThan(1e-7);
    // The defaults are the model's own: an element without params gives the same answer.
    expect(deviation({ ...(Object.fromEntries(Object.entries(idealDiode.params).map(([k, s]) => [k, s.default])) as unknown as Smoothing) }).err).toBe(
      errors[errors.length - 1],
    );
  });

  it('random resistor–diode networks (6 diodes) reach the exact operating point found by enumerating active sets', () => {
    const n = 6;
    let worst = 0;
    let iterations = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const net = randomNet(seed, n);
      const elements: ElementSpec[] = [];
      for (let j = 0; j < n; j++) {
        elements.push({ id: `vx${j}`, device: 'vsource', nodes: [`x${j}`, '0'], source: { dc: net.x[j] } });
        elements.push({ id: `rin${j}`, device: 'resistor', nodes: [`x${j}`, `n${j}`], params: { r: 1 / net.gin[j] } });
        elements.push({ id: `d${j}`, device: 'diode.ideal', nodes: net.down[j] ? [`n${j}`, '0'] : ['0', `n${j}`] });
        for (let k = j + 1; k < n; k++) {
          if (net.G[j][k] > 0) elements.push({ id: `r${j}_${k}`, device: 'resistor', nodes: [`n${j}`, `n${k}`], params: { r: 1 / net.G[j][k] } });
        }
      }
      const res = simulate(network(elements), registry.lookup, { type: 'op' }, [...Array(n).keys()].map((j) => `v(n${j})`));
      const exact = exactOp(net);
      for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(res.data[j][0] - exact[j]));
      iterations += res.stats.factorizations;
    }
    console.log(`ideal diode, 8 random 6-diode networks: worst |v − exact| ${worst.toExponential(2)} V, ${iterations} factorisations in all`);
    expect(worst).toBeLessThan(1e-7);
  });
});
