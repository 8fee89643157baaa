/** Grid generators (regular and random-diagonal), device-to-device variability, and the CTD network equation against the circuit simulation. */
import { builtinDevices } from '@memflow/nodes';
import { twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../src/common/compiler/index.js';
import { CtdEquation, GenerateError, generateGrid, generateNanowires } from '../../src/common/generate/index.js';
import { Kernel } from '../../src/common/solver/kernel.js';
import { resolveOptions } from '../../src/common/solver/options.js';
import { resolveProbe } from '../../src/common/solver/probes.js';
import { compileSystem } from '../../src/common/solver/system.js';
import { transient } from '../../src/common/solver/transient.js';
import { SomnSim } from '../../src/common/somn/sim.js';

const registry = new DeviceRegistry(builtinDevices);

describe('generateGrid', () => {
  it('a regular grid has rows·(cols−1) + cols·(rows−1) junctions and no diagonals', () => {
    const g = generateGrid({ rows: 7, cols: 9, lookup: registry.lookup });
    expect(g.stats.junctions).toBe(7 * 8 + 9 * 6);
    expect(g.stats.diagonals).toBe(0);
    expect(g.network.elements.every((e) => e.device === 'memristor.milano')).toBe(true);
    expect(Object.keys(g.network.layout!)).toHaveLength(63);
    expect(g.electrodes.map((e) => e.net)).toEqual(['e1', 'e2']);
  });

  it('random diagonals: count within binomial bounds of p·cells, each joining opposite corners of one cell; seeded', () => {
    const rows = 30;
    const cols = 40;
    const p = 0.3;
    const cells = (rows - 1) * (cols - 1);
    const g = generateGrid({ rows, cols, diagonals: p, seed: 4 });
    const sd = Math.sqrt(cells * p * (1 - p));
    expect(Math.abs(g.stats.diagonals - cells * p)).toBeLessThan(4 * sd);
    for (const j of g.junctions.slice(g.stats.lattice)) {
      const [ra, ca, rb, cb] = [Math.floor(j.a / cols), j.a % cols, Math.floor(j.b / cols), j.b % cols];
      expect(rb - ra).toBe(1);
      expect(Math.abs(cb - ca)).toBe(1);
    }
    expect(JSON.stringify(generateGrid({ rows, cols, diagonals: p, seed: 4 }).network)).toBe(JSON.stringify(g.network));
    expect(JSON.stringify(generateGrid({ rows, cols, diagonals: p, seed: 5 }).network)).not.toBe(JSON.stringify(g.network));
  });

  it('rejects bad options with clear messages', () => {
    expect(() => generateGrid({ rows: 1, cols: 5 })).toThrow(GenerateError);
    expect(() => generateGrid({ rows: 3, cols: 3, diagonals: 2 })).toThrow(/diagonal probability/);
    expect(() => generateGrid({ rows: 3, cols: 3, electrodes: [[5, 0]] })).toThrow(/not on the 3×3 grid/);
    expect(() => generateGrid({ rows: 3, cols: 3, junction: { device: 'nope' }, lookup: registry.lookup })).toThrow(/unknown junction device/);
  });

  it('simulates: a grid of potentiation–depression junctions conserves current', () => {
    const g = generateGrid({ rows: 6, cols: 6, diagonals: 0.5, seed: 2, lookup: registry.lookup });
    const sim = new SomnSim(g.network, { dt: 1e-3, driven: ['e1', 'e2'], lookup: registry.lookup });
    for (let s = 0; s < 50; s++) sim.step([0.3, 0]);
    expect(sim.kclResidual()).toBeLessThan(1e-10);
    expect(sim.netCurrent(sim.net('e1'))).toBeGreaterThan(0);
  });
});

describe('device-to-device variability', () => {
  it('draws each junction its own lognormal value with the model value as mean; seeded', () => {
    const opts = { wires: 300, length: { mean: 10, std: 2 }, size: { w: 60, h: 60 }, seed: 3, lookup: registry.lookup, variability: { sigma: 0.2, params: ['vset'] } };
    const g = generateNanowires(opts);
    const v = g.network.elements.map((e) => e.params!.vset);
    const n = v.length;
    const logs = v.map(Math.log);
    const mLog = logs.reduce((a, b) => a + b, 0) / n;
    const sLog = Math.sqrt(logs.reduce((a, b) => a + (b - mLog) ** 2, 0) / (n - 1));
    const mean = v.reduce((a, b) => a + b, 0) / n;
    expect(n).toBeGreaterThan(200);
    expect(Math.abs(sLog - 0.2)).toBeLessThan(4 * 0.2 / Math.sqrt(2 * n));
    expect(Math.abs(mean / 0.01 - 1)).toBeLessThan(4 * 0.2 / Math.sqrt(n));
    expect(JSON.stringify(generateNanowires(opts).network)).toBe(JSON.stringify(g.network));
    expect(() => generateNanowires({ ...opts, variability: { sigma: 0.1, params: ['nope'] } })).toThrow(/no parameter 'nope'/);
  });
});

/** The CTD memristor as a circuit device: i = v/(Ron(1 + ξx)), dx/dt = (Ron/β)·i − α·x. */
const ctdMemristor: DeviceModel = {
  id: 'test.ctd',
  version: '1.0.0',
  title: 'CTD memristor (test)',
  kind: 'memristor',
  terminals: ['p', 'n'],
  params: { ron: { default: 100 }, roff: { default: 1000 }, alpha: { default: 0.1 }, beta: { default: 1 }, x0: { default: 0.5 } },
  states: { x: { init: 'x0', abstol: 1e-12 } },
  jacobian: twoTerminalStateJacobian('x'),
  evaluate(ctx) {
    const [vp, vn, xs] = ctx.x;
    const [fp, fn, fx] = ctx.f;
    const [jpp, jpn, jpl, jnp, jnn, jnl, jlp, jln, jll] = ctx.df;
    const { ron, roff, alpha, beta } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const xi = (roff[i] - ron[i]) / ron[i];
      const r = ron[i] * (1 + xi * xs[i]);
      const v = vp[i] - vn[i];
      const cur = v / r;
      const dIdx = (-v * ron[i] * xi) / (r * r);
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = 1 / r;
      jpn[i] = -1 / r;
      jpl[i] = dIdx;
      jnp[i] = -1 / r;
      jnn[i] = 1 / r;
      jnl[i] = -dIdx;
      const k = ron[i] / beta[i];
      fx[i] = k * cur - alpha[i] * xs[i];
      jlp[i] = k / r;
      jln[i] = -k / r;
      jll[i] = k * dIdx - alpha[i];
    }
  },
};

describe('Caravelli–Traversa–Di Ventra network equation', () => {
  it('Ω is a projector onto the cycle space: Ω² = Ω, Ωᵀ = Ω, trace = E − V + 1', () => {
    const g = generateGrid({ rows: 3, cols: 4, diagonals: 0.5, seed: 1 });
    const eq = new CtdEquation(12, g.junctions.map((j) => j.a), g.junctions.map((j) => j.b), { ron: 100, roff: 1000, alpha: 0.1, beta: 1 });
    const E = eq.edges;
    const O = eq.omega;
    let tr = 0;
    for (let e = 0; e < E; e++) {
      tr += O[e * E + e];
      for (let f = 0; f < E; f++) {
        expect(O[e * E + f]).toBeCloseTo(O[f * E + e], 12);
        let s = 0;
        for (let k = 0; k < E; k++) s += O[e * E + k] * O[k * E + f];
        expect(s).toBeCloseTo(O[e * E + f], 12);
      }
    }
    expect(tr).toBeCloseTo(E - 12 + 1, 10);
  });

  it('agrees with the circuit simulation of the same network (series sources, memristor edges)', () => {
    const rows = 3;
    const cols = 3;
    const g = generateGrid({ rows, cols, diagonals: 0.6, seed: 3 });
    const a = g.junctions.map((j) => j.a);
    const b = g.junctions.map((j) => j.b);
    const E = a.length;
    const params = { ron: 100, roff: 1000, alpha: 0.5, beta: 20 };
    const x0 = Array.from({ length: E }, (_, e) => 0.2 + (0.6 * e) / E);
    const s = Array.from({ length: E }, (_, e) => (e % 3 === 0 ? 1 : e % 3 === 1 ? -0.5 : 0));
    const eq = new CtdEquation(rows * cols, a, b, params);
    const T = 2;
    const xCtd = eq.integrate(x0, () => s, 1e-3, 2000);
    // Circuit: edge e = source from node a to an inner net m_e (v(m_e) = v(a) + s_e), memristor m_e → b.
    const node = (k: number) => (k === 0 ? '0' : `n${k}`);
    const elements = [];
    for (let e = 0; e < E; e++) {
      elements.push({ id: `s${e}`, device: 'vsource', nodes: [`m${e}`, node(a[e])], source: { dc: s[e] } });
      elements.push({ id: `x${e}`, device: 'test.ctd', nodes: [`m${e}`, node(b[e])], params: { ...params, x0: x0[e] } });
    }
    const network = { format: 'memflow.network/v1' as const, elements, options: { reltol: 1e-9, tmax: 1e-3 } };
    const lookup = new DeviceRegistry([...builtinDevices, ctdMemristor]).lookup;
    const kernel = new Kernel(compileSystem(network, lookup), resolveOptions(network.options));
    const probes = Array.from({ length: E }, (_, e) => resolveProbe(kernel, `x(x${e})`));
    transient(kernel, { tstep: 1e-2, tstop: T, uic: true }, { onPoint: () => {} });
    let worst = 0;
    let moved = 0;
    for (let e = 0; e < E; e++) {
      worst = Math.max(worst, Math.abs(probes[e](kernel) - xCtd[e]));
      moved = Math.max(moved, Math.abs(xCtd[e] - x0[e]));
    }
    console.log(`CTD vs circuit: ${E} memristors, max |Δx| ${worst.toExponential(2)} after ${T} s (states moved up to ${moved.toFixed(3)})`);
    expect(moved).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(1e-5);
    // And the currents: KCL at every node.
    const i = eq.currents(xCtd, s);
    const sum = new Float64Array(rows * cols);
    for (let e = 0; e < E; e++) {
      sum[a[e]] += i[e];
      sum[b[e]] -= i[e];
    }
    for (const v of sum) expect(Math.abs(v)).toBeLessThan(1e-12);
  });
});
