/**
 * Variability and faults (`withVariability`): the counter-based generator, determinism, device-to-device
 * statistics, order independence, cycle counting, stuck-at faults, conductance levels, read noise, and
 * the HP and XSPICE models wrapped and run through the kernel.
 */
import { describe, expect, it } from 'vitest';
import { characterise, DeviceRegistry, NETWORK_FORMAT, simulate, type ElementSpec, type Network, type SimulationResult } from '@memflow/core';
import { builtinDevices, hpMemristor, xspiceMemristor } from '@memflow/nodes';
import { checkDerivatives, probe, type DeviceModel, type SourceSpec } from '@memflow/plugin-sdk';
import { normal, philox4x32, staircase, uniform, withVariability } from '../src/variability/index.js';

const sine = (va: number, freq: number): SourceSpec => ({ dc: 0, wave: { type: 'sin', vo: 0, va, freq, td: 0, theta: 0, phase: 0 } });

/** A source across n devices in parallel (`m0` … `m{n-1}`), or the given elements. */
function parallel(device: string, n: number, source: SourceSpec, params: (k: number) => Record<string, number> = () => ({}), extra: ElementSpec[] = []): ElementSpec[] {
  return [
    { id: 'v1', device: 'vsource', nodes: ['a', '0'], source },
    ...extra,
    ...Array.from({ length: n }, (_, k): ElementSpec => ({ id: `m${k}`, device, nodes: ['a', '0'], params: params(k) })),
  ];
}

function network(elements: ElementSpec[], outputs: string[], tran?: { tstep: number; tstop: number }, options: Record<string, number> = {}): Network {
  return {
    format: NETWORK_FORMAT,
    elements,
    outputs,
    options,
    analyses: [tran ? { type: 'tran', ...tran, tmax: tran.tstep, uic: true } : { type: 'op' }],
  };
}

function run(registry: DeviceRegistry, net: Network): SimulationResult {
  return simulate(net, registry.lookup, net.analyses![0]);
}

const col = (r: SimulationResult, name: string): Float64Array => {
  const k = r.columns.indexOf(name);
  if (k < 0) throw new Error(`no column ${name}`);
  return r.data[k];
};

function stats(xs: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k];
  const mean = s / xs.length;
  let v = 0;
  for (let k = 0; k < xs.length; k++) v += (xs[k] - mean) ** 2;
  return { mean, std: Math.sqrt(v / (xs.length - 1)) };
}

const hpVar = withVariability(hpMemristor, { d2d: { ron: 0.1, roff: { sigma: 0.2, dist: 'normal' }, rinit: 0.05 }, c2c: { roff: 0.05 } });
const xsVar = withVariability(xspiceMemristor, { d2d: { rmin: 0.1, rmax: 0.1, vt: 0.05, rinit: 0.1 }, c2c: { rmax: 0.05 } });
// This file's own wrapped variants replace the built-in ones of the same id.
const registry = new DeviceRegistry([...builtinDevices.filter((m) => m.id !== hpVar.id && m.id !== xsVar.id), hpVar, xsVar]);

const XS = { rmin: 1e3, rmax: 1e4, rinit: 5e3, alpha: 0, beta: 2e4, vt: 0.5 };

describe('counter-based generator', () => {
  it('Philox4x32-10 reproduces the Random123 known-answer vectors', () => {
    const hex = (a: Uint32Array) => [...a].map((x) => x.toString(16).padStart(8, '0')).join(' ');
    expect(hex(philox4x32(0, 0, 0, 0, 0, 0))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
    const f = 0xffffffff;
    expect(hex(philox4x32(f, f, f, f, f, f))).toBe('408f276d 41c83b0e a20bc7c6 6d5451fd');
    expect(hex(philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))).toBe('d16cfe09 94fdcceb 5001e420 24126ea1');
  });

  it('draws are uniform and normal with the right moments', () => {
    const u = Float64Array.from({ length: 20000 }, (_, k) => uniform(7, k, 3, 0));
    const z = Float64Array.from({ length: 20000 }, (_, k) => normal(7, k, 3, 0));
    const su = stats(u);
    const sz = stats(z);
    expect(Math.abs(su.mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(su.std - Math.sqrt(1 / 12))).toBeLessThan(0.01);
    expect(Math.abs(sz.mean)).toBeLessThan(0.03);
    expect(Math.abs(sz.std - 1)).toBeLessThan(0.02);
    // Streams and counters give different numbers.
    expect(normal(7, 1, 3, 0)).not.toBe(normal(7, 1, 4, 0));
    expect(normal(7, 1, 3, 0)).not.toBe(normal(7, 1, 3, 1));
    expect(normal(7, 1, 3, 0)).not.toBe(normal(8, 1, 3, 0));
  });
});

describe('the wrapped model', () => {
  it('declares its parameters (readable without running code) and states', () => {
    expect(hpVar.id).toBe('memristor.hp+var');
    for (const name of ['seed', 'instance', 'd2d_sigma_ron', 'd2d_dist_ron', 'd2d_sigma_roff', 'c2c_sigma_roff', 'c2c_min_rate', 'read_noise', 'noise_dt', 'stuck_on_fraction', 'stuck_off_fraction', 'levels', 'level_width']) {
      expect(hpVar.params[name], name).toBeDefined();
      expect(hpVar.params[name].doc, name).toBeTruthy();
    }
    expect(hpVar.params.d2d_sigma_ron.default).toBe(0.1);
    expect(hpVar.params.d2d_dist_roff.default).toBe(0); // normal
    expect(hpVar.params.d2d_dist_ron.default).toBe(1); // lognormal
    expect(hpVar.params.ron).toEqual(hpMemristor.params.ron);
    // HP's state keeps its meaning (bounds 0, 1 do not vary); XSPICE's r is normalised (rmin, rmax vary).
    expect(hpVar.states).toEqual(hpMemristor.states);
    expect(xsVar.states!.r).toMatchObject({ min: 0, max: 1 });
    expect(xsVar.spice).toEqual({ letter: 'A', modelType: 'memristor', level: ['var'] });
    expect(hpVar.spice?.level).toEqual(['hp_var']);
    expect(hpVar.description).toMatch(/Philox/);
    expect(() => withVariability(hpMemristor, { d2d: { nope: 0.1 } })).toThrow(/no parameter 'nope'/);
    expect(() => withVariability(hpMemristor, { d2d: { window: 0.1 } })).toThrow(/enumeration/);
  });

  it('is transparent with every sigma, fraction and level at zero', () => {
    const quiet = { d2d_sigma_ron: 0, d2d_sigma_roff: 0, d2d_sigma_rinit: 0, c2c_sigma_roff: 0 };
    const a = characterise(hpVar, registry.lookup, { amplitude: 1, frequency: 1, params: quiet });
    const b = characterise(hpMemristor, registry.lookup, { amplitude: 1, frequency: 1 });
    expect(a.i).toEqual(b.i);
    const xq = { ...XS, d2d_sigma_rmin: 0, d2d_sigma_rmax: 0, d2d_sigma_vt: 0, d2d_sigma_rinit: 0, c2c_sigma_rmax: 0 };
    const c = characterise(xsVar, registry.lookup, { amplitude: 1, frequency: 1, params: xq });
    const d = characterise(xspiceMemristor, registry.lookup, { amplitude: 1, frequency: 1, params: XS });
    let worst = 0;
    let iMax = 0;
    for (let k = 0; k < d.i.length; k++) {
      worst = Math.max(worst, Math.abs(c.i[k] - d.i[k]));
      iMax = Math.max(iMax, Math.abs(d.i[k]));
    }
    // Normalised state: the same trajectory up to rounding and step control.
    expect(c.i.length).toBe(d.i.length);
    expect(worst / iMax).toBeLessThan(1e-4);
  });

  it('derivatives match finite differences (d2d, normalised state, levels, noise, faults)', () => {
    const pts = [[0.5, 0, 0.3], [-0.8, 0, 0.7], [1, 0.5, 0.1], [-0.2, 0, 0.95]];
    for (const params of [{}, { levels: 5, level_width: 0.4 }, { read_noise: 0.05 }, { stuck_on_fraction: 0.5, seed: 3 }, { window: 1, p: 2, levels: 3, level_width: 1 }] as Record<string, number>[]) {
      const r = checkDerivatives(hpVar, pts, { params });
      expect(r.worst, `${JSON.stringify(params)}: ${r.where}: ${r.analytic} vs ${r.numeric}`).toBeLessThan(1e-5);
    }
    // Points inside a level transition band (u = 0.25 ± 0.05 for 3 levels, width 0.4 of a spacing 0.5).
    const band = [[0.5, 0, 0.22], [-0.4, 0, 0.27], [0.3, 0, 0.76]];
    const rb = checkDerivatives(hpVar, band, { params: { levels: 3, level_width: 0.4 } });
    expect(rb.worst, rb.where).toBeLessThan(1e-5);
    const xpts = [[0.7, 0, 0.4], [2, 0, 0.8], [-1.5, 0.2, 0.2], [-0.3, 0, 0.9]];
    for (const params of [XS, { ...XS, levels: 4, level_width: 0.5 }, { ...XS, read_noise: 0.1 }]) {
      const r = checkDerivatives(xsVar, xpts, { params });
      expect(r.worst, `${JSON.stringify(params)}: ${r.where}`).toBeLessThan(1e-5);
    }
  });
});

describe('device-to-device variation', () => {
  it('matches the specified mean and relative sigma over 10 000 instances', () => {
    const n = 10000;
    const pr = probe(hpVar, n, { seed: 42 });
    for (let i = 0; i < n; i++) pr.set(i, [0.1, 0, 0.5]);
    pr.evaluate();
    const ron = stats(pr.ctx.work['var.eff.ron']);
    const roff = stats(pr.ctx.work['var.eff.roff']);
    console.log(
      `D2D over ${n} instances: ron (lognormal, sigma 0.1): mean ${ron.mean.toFixed(3)} Ω (spec 100), rel. std ${(ron.std / ron.mean).toFixed(4)}; ` +
        `roff (normal, sigma 0.2): mean ${roff.mean.toFixed(1)} Ω (spec 16000), rel. std ${(roff.std / roff.mean).toFixed(4)}`,
    );
    // Standard errors: mean σ/√n = 0.1 % / 0.2 %, std ≈ σ/√(2n) ≈ 0.7 % of σ; 4 standard errors allowed.
    expect(Math.abs(ron.mean / 100 - 1)).toBeLessThan(0.004);
    expect(Math.abs(ron.std / 100 / 0.1 - 1)).toBeLessThan(0.04);
    expect(Math.abs(roff.mean / 16000 - 1)).toBeLessThan(0.008);
    expect(Math.abs(roff.std / 16000 / 0.2 - 1)).toBeLessThan(0.04);
    // Lognormal is positive and skewed; normal is symmetric; the two parameters are independent.
    const r = pr.ctx.work['var.eff.ron'];
    const o = pr.ctx.work['var.eff.roff'];
    expect(Math.min(...r)).toBeGreaterThan(0);
    let above = 0;
    let cov = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(o[i] - 16000) < 0.2 * 16000) above++;
      cov += (r[i] - ron.mean) * (o[i] - roff.mean);
    }
    expect(Math.abs(above / n - 0.6827)).toBeLessThan(0.02);
    expect(Math.abs(cov / (n - 1) / (ron.std * roff.std))).toBeLessThan(0.04);
  });

  it('same seed gives bit-identical runs; another seed gives another run', () => {
    const outs = Array.from({ length: 6 }, (_, k) => `i(m${k})`);
    const make = (seed: number) =>
      network(parallel(hpVar.id, 6, sine(1, 1), () => ({ seed, read_noise: 0.01 })), [...outs, 'x(m0)', 'x(m5)'], { tstep: 2e-3, tstop: 2 });
    const a = run(registry, make(5));
    const b = run(registry, make(5));
    const c = run(registry, make(6));
    expect(a.data).toEqual(b.data);
    expect(col(a, 'i(m3)')).not.toEqual(col(c, 'i(m3)'));
    // Devices differ from each other within a run.
    expect(col(a, 'i(m0)')).not.toEqual(col(a, 'i(m1)'));
  });

  it('instance i gets the same parameters whatever the network size or the instances before it', () => {
    // Device level: all effective parameters of instances 0…4 among 5 and among 40 instances.
    const effOf = (n: number, params: Record<string, number> = {}) => {
      const pr = probe(hpVar, n, { seed: 3, ...params });
      for (let i = 0; i < n; i++) pr.set(i, [0.3, 0, 0.5]);
      pr.evaluate();
      return ['ron', 'roff'].map((p) => [...pr.ctx.work[`var.eff.${p}`].subarray(0, 5)]);
    };
    expect(effOf(40)).toEqual(effOf(5));
    // Through the kernel: .op currents (v / rinit at the initial state) of devices whose rinit varies.
    const dc: SourceSpec = { dc: 0.5 };
    const ids = (n: number) => Array.from({ length: n }, (_, k) => `m${k}`);
    const op = (model: DeviceModel, n: number, params: (k: number) => Record<string, number>, before: ElementSpec[] = []) => {
      const r = run(registry, network(parallel(model.id, n, dc, params, before), ids(n).map((m) => `i(${m})`)));
      return ids(n).map((m) => col(r, `i(${m})`)[0]);
    };
    for (const [model, base] of [
      [hpVar, {}],
      [xsVar, XS],
    ] as const) {
      const small = op(model, 5, () => ({ ...base }));
      const large = op(model, 40, () => ({ ...base }));
      // Position-based identity: devices 0…4 of 40 are devices 0…4 of 5.
      expect(large.slice(0, 5)).toEqual(small);
      expect(new Set(large).size).toBe(40);
      // Explicit identity: 17 other devices of the same model placed before them.
      const before: ElementSpec[] = Array.from({ length: 17 }, (_, k) => ({ id: `q${k}`, device: model.id, nodes: ['a', '0'], params: { ...base, instance: 1000 + k } }));
      expect(op(model, 5, (k) => ({ ...base, instance: k }), before)).toEqual(small);
    }
  });
});

describe('cycle-to-cycle variation', () => {
  it('counts reversals of the state’s direction at accepted points only', () => {
    const m = withVariability(hpMemristor, { c2c: { ron: 0.1 } });
    const pr = probe(m, 1);
    pr.ctx.mode = 'tran';
    const at = (t: number, v: number) => {
      pr.ctx.time = t;
      pr.set(0, [v, 0, 0.5]);
      pr.evaluate();
      return pr.ctx.work['var.cn'][0];
    };
    expect(at(0, 1)).toBe(0);
    expect(at(1, 1)).toBe(0); // commits t = 0: direction +
    expect(at(2, -1)).toBe(0); // commits t = 1 (+)
    expect(at(2, -1)).toBe(0); // another Newton iteration at the same time commits nothing
    expect(at(3, -1)).toBe(1); // commits t = 2 (−): a reversal
    expect(at(1.5, 1)).toBe(0); // time went back to before t = 2: that point was not accepted, roll back
    expect(at(1.8, 1)).toBe(0); // commits t = 1.5 (+), the direction it already had
    expect(at(2.2, -1)).toBe(0); // commits t = 1.8 (+)
    expect(at(2.1, -1)).toBe(0); // t = 2.2 rejected, retried earlier: t = 1.8 stays committed
    expect(at(2.4, -1)).toBe(1); // commits t = 2.1 (−): a reversal
    expect(at(2.6, 0)).toBe(1); // commits t = 2.4 (−)
    expect(at(2.8, 1)).toBe(1); // commits t = 2.6: zero rate, no direction
    expect(at(3.0, 1)).toBe(2); // commits t = 2.8 (+): a reversal
    // .op and .dc count nothing.
    pr.ctx.mode = 'dc';
    expect(at(4, -1)).toBe(2);
    expect(at(5, -1)).toBe(2);
  });

  it('re-draws the parameter each half cycle under a sine; deterministic per seed', () => {
    const loop = (seed: number, options: Record<string, number> = {}) => {
      const r = run(
        registry,
        network(parallel(hpVar.id, 1, sine(1, 1), () => ({ seed, d2d_sigma_ron: 0, d2d_sigma_roff: 0, d2d_sigma_rinit: 0, c2c_sigma_roff: 0.2 })), ['v(a)', 'i(m0)', 'x(m0)'], { tstep: 2e-3, tstop: 4 }, options),
      );
      // Largest resistance seen in each half period where |v| > 0.1 V.
      const t = col(r, 'time');
      const v = col(r, 'v(a)');
      const i = col(r, 'i(m0)');
      const rmax = new Float64Array(8);
      for (let k = 0; k < t.length; k++) if (Math.abs(v[k]) > 0.1) rmax[Math.min(7, Math.floor(t[k] / 0.5))] = Math.max(rmax[Math.min(7, Math.floor(t[k] / 0.5))], v[k] / i[k]);
      return rmax;
    };
    const a = loop(1);
    const b = loop(1);
    const c = loop(2);
    console.log(`C2C roff (sigma 0.2): max R per half period, seed 1: ${[...a].map((r) => r.toFixed(0)).join(' ')}; seed 2: ${[...c].map((r) => r.toFixed(0)).join(' ')}`);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set([...a].map((r) => r.toFixed(0))).size).toBeGreaterThan(4);
    // TR-BDF2 evaluates an intermediate stage, commits it tentatively and rolls it back when a step is
    // rejected: it must count the same cycles (the same draws), so the same resistances to step accuracy.
    const tr = loop(1, { trbdf2: 1 });
    tr.forEach((r, k) => expect(Math.abs(r / a[k] - 1), `half period ${k}`).toBeLessThan(0.01));
  });
});

describe('stuck-at faults', () => {
  it('a seeded fraction of devices sits at the ON or OFF bound and never moves', () => {
    const n = 200;
    const outs = Array.from({ length: n }, (_, k) => `x(m${k})`);
    for (const [model, params, on, off] of [
      [hpVar, { stuck_on_fraction: 0.1, stuck_off_fraction: 0.15, seed: 9 }, 1, 0],
      // XSPICE: normalised r ∈ [0, 1]; ON is r = rmin (s = 0).
      [xsVar, { ...XS, stuck_on_fraction: 0.1, stuck_off_fraction: 0.15, seed: 9 }, 0, 1],
    ] as const) {
      const r = run(registry, network(parallel(model.id, n, sine(2, 1), () => params), [...outs, ...outs.map((o) => o.replace('x(', 'i(')), 'v(a)'], { tstep: 5e-3, tstop: 1.5 }));
      let nOn = 0;
      let nOff = 0;
      let moving = 0;
      for (let k = 0; k < n; k++) {
        const x = col(r, `x(m${k})`);
        const i = col(r, `i(m${k})`);
        const v = col(r, 'v(a)');
        // Pinned: the state stays at its bound (to round-off of the integrator's history, which has a
        // zero rate to integrate) and the resistance is constant (v/i to the 1e-4 by which the probed
        // current, from the device's last Newton evaluation, lags the accepted voltage).
        const pinned = (b: number) => x.every((xk) => Math.abs(xk - b) < 1e-12);
        let rLo = Infinity;
        let rHi = 0;
        for (let j = 0; j < v.length; j++) {
          if (Math.abs(v[j]) < 0.1) continue;
          rLo = Math.min(rLo, v[j] / i[j]);
          rHi = Math.max(rHi, v[j] / i[j]);
        }
        const constant = rHi / rLo - 1 < 1e-3;
        if (pinned(on) && constant) nOn++;
        else if (pinned(off) && constant) nOff++;
        else if (Math.max(...x) - Math.min(...x) > 1e-3) moving++;
      }
      console.log(`${model.id}: ${nOn} stuck ON, ${nOff} stuck OFF, ${moving} switching of ${n} (spec 10 % / 15 %)`);
      expect(nOn + nOff + moving).toBe(n);
      expect(Math.abs(nOn / n - 0.1)).toBeLessThan(0.06);
      expect(Math.abs(nOff / n - 0.15)).toBeLessThan(0.07);
    }
  });
});

describe('conductance levels', () => {
  it('the conductance takes exactly N plateau values as the state sweeps its range', () => {
    for (const levels of [2, 3, 8]) {
      const n = 4001;
      const pr = probe(hpVar, n, { levels, level_width: 0.2, d2d_sigma_ron: 0, d2d_sigma_roff: 0, d2d_sigma_rinit: 0, c2c_sigma_roff: 0 });
      for (let i = 0; i < n; i++) pr.set(i, [0.1, 0, i / (n - 1)]);
      pr.evaluate();
      const plateaus = new Set<number>();
      const jpx = pr.ctx.df[2];
      for (let i = 0; i < n; i++) if (jpx[i] === 0) plateaus.add(pr.ctx.f[0][i]);
      expect(plateaus.size, `${levels} levels`).toBe(levels);
      const g = [...plateaus].map((i) => i / 0.1).sort((a, b) => a - b);
      // Equally spaced in the state: R = roff + (ron − roff)·k/(N−1).
      g.forEach((gk, k) => expect(1 / gk).toBeCloseTo(16000 + (100 - 16000) * (k / (levels - 1)), 6));
    }
    const s = new Float64Array(2);
    staircase(0.5, 3, 0.2, s);
    expect([...s]).toEqual([0.5, 0]);
  });

  it('through the kernel, slow programming reads as N resistance plateaus', () => {
    const levels = 5;
    const params = { levels, level_width: 0.1, d2d_sigma_ron: 0, d2d_sigma_roff: 0, d2d_sigma_rinit: 0, c2c_sigma_roff: 0, rinit: 15900 };
    const r = run(registry, network(parallel(hpVar.id, 1, { dc: 0, wave: { type: 'pwl', t: [0, 1e-3, 6], v: [0, 1.5, 1.5] } }, () => params), ['v(a)', 'i(m0)', 'x(m0)'], { tstep: 2e-3, tstop: 6 }));
    const v = col(r, 'v(a)');
    const i = col(r, 'i(m0)');
    const x = col(r, 'x(m0)');
    expect(x[x.length - 1]).toBeGreaterThan(0.95);
    // Resistances at points on plateaus, clustered to 1e-6 relative.
    const seen: number[] = [];
    for (let k = 0; k < v.length; k++) {
      if (v[k] < 1) continue;
      const res = v[k] / i[k];
      const u = x[k] * (levels - 1);
      if (Math.abs(u - Math.round(u)) < 0.44) {
        if (!seen.some((s) => Math.abs(s / res - 1) < 1e-6)) seen.push(res);
      }
    }
    console.log(`levels=${levels}: plateau resistances ${seen.map((s) => s.toFixed(1)).join(', ')} Ω`);
    expect(seen.length).toBe(levels);
  });
});

describe('read noise', () => {
  it('has zero mean and the specified relative standard deviation; held over noise_dt', () => {
    const sigma = 0.03;
    const n = 20000;
    const pr = probe(hpVar, 1, { read_noise: sigma, seed: 11 });
    const clean = probe(hpVar, 1, { seed: 11 });
    clean.set(0, [0.2, 0, 0.4]);
    clean.evaluate();
    const i0 = clean.ctx.f[0][0];
    const rel = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      pr.ctx.time = (k + 1) * 1.37e-6;
      pr.set(0, [0.2, 0, 0.4]);
      pr.evaluate();
      rel[k] = pr.ctx.f[0][0] / i0 - 1;
      expect(pr.ctx.f[1][0]).toBe(-pr.ctx.f[0][0]);
    }
    const s = stats(rel);
    console.log(`read noise sigma ${sigma}: mean ${s.mean.toExponential(2)}, std ${s.std.toFixed(5)} over ${n} time points`);
    expect(Math.abs(s.mean)).toBeLessThan((4 * sigma) / Math.sqrt(n));
    expect(Math.abs(s.std / sigma - 1)).toBeLessThan(0.03);
    // Held samples: one value per (k·dt, (k+1)·dt].
    const held = probe(hpVar, 1, { read_noise: sigma, noise_dt: 1e-3 });
    const at = (t: number) => {
      held.ctx.time = t;
      held.set(0, [0.2, 0, 0.4]);
      held.evaluate();
      return held.ctx.f[0][0];
    };
    expect(at(0.0011)).toBe(at(0.002));
    expect(at(0.0021)).not.toBe(at(0.002));
    const bps = hpVar.breakpoints!({ name: 'm', param: (p) => ({ read_noise: 0.1, noise_dt: 1e-3 })[p] ?? 0, data: undefined }, 0, 0.0035);
    expect(bps.length).toBe(3);
    bps.forEach((t, k) => expect(t).toBeCloseTo((k + 1) * 1e-3, 15));
  });
});

describe('wrapped models through the kernel', () => {
  const models: [DeviceModel, Record<string, number>, number][] = [
    [hpVar, {}, 1],
    [xsVar, XS, 1],
  ];
  for (const [model, params, amplitude] of models) {
    it(`${model.id}: pinched loops shrinking with frequency, states in bounds`, () => {
      const areas: number[] = [];
      for (const frequency of [1, 4, 16]) {
        const r = characterise(model, registry.lookup, { amplitude, frequency, params: { ...params, seed: 4 } });
        areas.push(r.lobeAreaPositive + r.lobeAreaNegative);
        expect(r.pinchError).toBeLessThan(1e-9);
        const x = Object.values(r.states)[0];
        expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...x)).toBeLessThanOrEqual(1);
        if (frequency === 1) console.log(`${model.id} at 1 Hz: Rmin ${r.rMin.toFixed(0)} Ω, Rmax ${r.rMax.toFixed(0)} Ω, lobes ${areas[0].toExponential(3)} V·A`);
      }
      expect(areas[1]).toBeLessThan(areas[0]);
      expect(areas[2]).toBeLessThan(areas[1]);
    });
  }
});
