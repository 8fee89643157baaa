/**
 * The confined call path itself: a plugin model evaluated in its worker returns exactly what the same
 * code returns in this thread (every array of the contract: f, q, df, dq, work, noncon, initialState),
 * for small and large instance counts (the shared buffer grows), and the arrays a plugin gets behave
 * like Float64Arrays for everything but `instanceof`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinDevices } from '@memflow/nodes';
import type { DeviceModel, EvalContext } from '@memflow/plugin-sdk';
import { loadPlugin, readPluginPackage, type LoadedPlugin } from '../../src/node/plugin-load.js';
import { Prng } from '../../src/common/random/prng.js';

const ROOT = join(__dirname, '../../..');

/** A model exercising charges, work arrays, noncon, initialState and the array methods. */
const PROBE_SOURCE = `
export const devices = [{
  id: 'probe.cap', version: '1.0.0', title: 'Probe capacitor', kind: 'other',
  terminals: ['p', 'n'],
  params: { c: { default: 1e-6, unit: 'F' }, s0: { default: 0.25 } },
  states: { s: { init: 0, min: 0, max: 1 } },
  work: ['last'],
  jacobian: [['p', 'p'], ['s', 's']],
  charges: { rows: ['p', 'n'], jacobian: [['p', 'p'], ['p', 'n'], ['n', 'p'], ['n', 'n']] },
  initialState(p, n, states) {
    for (let i = 0; i < n; i++) states[0][i] = 2 * p.s0[i];
  },
  evaluate(ctx) {
    const [vp, vn, s] = ctx.x;
    // The array methods a model may use on its arrays.
    for (const f of ctx.f) f.fill(0);
    ctx.dq[0].set(ctx.p.c);
    ctx.dq[1].set(ctx.p.c.subarray(0, ctx.n).map((c) => -c));
    let count = 0;
    for (const v of vp) if (v > 0) count++;
    for (let i = 0; i < vp.length; i++) {
      const c = ctx.p.c[i];
      ctx.q[0][i] = c * (vp[i] - vn[i]);
      ctx.q[1][i] = -ctx.q[0][i];
      ctx.dq[2][i] = -c;
      ctx.dq[3][i] = c;
      ctx.f[2][i] = -s[i];
      ctx.df[1][i] = -1;
      ctx.work.last[i] = vp[i] + ctx.time;
    }
    ctx.noncon = count;
  },
}];
`;

function pluginDir(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'memflow-confined-'));
  const devices = [
    { id: 'probe.cap', title: 'Probe capacitor', kind: 'other', params: { c: { default: 1e-6, unit: 'F' }, s0: { default: 0.25 } }, states: { s: { init: 0, min: 0, max: 1 } } },
  ];
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'memflow-plugin-probe', version: '1.0.0', type: 'module', memflow: { apiVersion: '1', main: './index.js', devices } }));
  writeFileSync(join(dir, 'index.js'), source);
  return dir;
}

/** A context over n instances with seeded random inputs. */
function context(model: DeviceModel, n: number, seed: number): EvalContext {
  const prng = new Prng(seed);
  const rand = () => prng.next();
  const L = model.terminals.length + Object.keys(model.states ?? {}).length;
  const vec = (f: () => number) => Float64Array.from({ length: n }, f);
  return {
    n,
    mode: 'tran',
    time: 0.125,
    dcSources: false,
    sourceScale: 1,
    gmin: 1e-12,
    firstIteration: false,
    noncon: 0,
    x: Array.from({ length: L }, (_, k) => vec(() => (k < 2 ? 2 * rand() - 1 : 1000 + 9000 * rand()))),
    p: Object.fromEntries(Object.keys(model.params).map((name) => [name, vec(() => (name === 'vt' || name === 's0' ? 0.5 * rand() : name === 'c' ? 1e-6 * rand() : 100 + 1e4 * rand()))])),
    data: [],
    work: Object.fromEntries((model.work ?? []).map((w) => [w, new Float64Array(n)])),
    f: Array.from({ length: L }, () => new Float64Array(n)),
    q: Array.from({ length: L }, () => new Float64Array(n)),
    df: model.jacobian.map(() => new Float64Array(n)),
    dq: (model.charges?.jacobian ?? []).map(() => new Float64Array(n)),
  };
}

describe('a confined call returns exactly what the same code returns in this thread', () => {
  let bench: LoadedPlugin;
  let probe: LoadedPlugin;
  let probeHere: DeviceModel;
  beforeAll(async () => {
    bench = await loadPlugin(readPluginPackage(join(ROOT, 'bench/plugin-xspice')));
    const dir = pluginDir(PROBE_SOURCE);
    probe = await loadPlugin(readPluginPackage(dir));
    probeHere = ((await import(join(dir, 'index.js'))) as { devices: DeviceModel[] }).devices[0];
  });
  afterAll(async () => {
    await bench.host.close();
    await probe.host.close();
  });

  it('the bench plugin equals the built-in memristor.xspice bit for bit, for 1, 7 and 5000 instances', () => {
    const builtIn = builtinDevices.find((d) => d.id === 'memristor.xspice')!;
    const confined = bench.devices[0];
    for (const n of [1, 7, 5000]) {
      const a = context(builtIn, n, n);
      const b = context(confined, n, n);
      builtIn.evaluate(a);
      confined.evaluate(b);
      expect(b.f).toEqual(a.f);
      expect(b.df).toEqual(a.df);
    }
  });

  it('the kernel’s arrays become shared memory on first use; frozen ones are copied instead; 70 contexts share one worker', () => {
    const builtIn = builtinDevices.find((d) => d.id === 'memristor.xspice')!;
    const confined = bench.devices[0];
    // A context whose arrays can be replaced: afterwards they are views of a SharedArrayBuffer, and inputs
    // written into them (as the kernel writes its unknowns) reach the plugin without any copy.
    const adopted = context(confined, 5, 1);
    confined.evaluate(adopted);
    expect(adopted.x[0].buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(adopted.df[0].buffer).toBe(adopted.x[0].buffer);
    adopted.x[0][2] = 0.9;
    const reference = context(builtIn, 5, 1);
    reference.x[0][2] = 0.9;
    confined.evaluate(adopted);
    builtIn.evaluate(reference);
    expect(adopted.f).toEqual(reference.f);
    // A frozen context keeps its own arrays: copied in and out on every call.
    const frozen = context(confined, 5, 2);
    for (const list of [frozen.x, frozen.f, frozen.q, frozen.df, frozen.dq]) Object.freeze(list);
    const frozenRef = context(builtIn, 5, 2);
    confined.evaluate(frozen);
    builtIn.evaluate(frozenRef);
    expect(frozen.x[0].buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(frozen.f).toEqual(frozenRef.f);
    expect(frozen.df).toEqual(frozenRef.df);
    // More contexts than the worker keeps: the oldest are dropped and re-sent when used again.
    const many = Array.from({ length: 70 }, (_, k) => context(confined, 3, 100 + k));
    for (const ctx of many) confined.evaluate(ctx);
    for (const [k, ctx] of many.entries()) {
      ctx.x[0][1] = -0.8;
      const ref = context(builtIn, 3, 100 + k);
      ref.x[0][1] = -0.8;
      confined.evaluate(ctx);
      builtIn.evaluate(ref);
      expect(ctx.f).toEqual(ref.f);
    }
  });

  it('charges, their Jacobian, work arrays, noncon and initialState come back whole', () => {
    const model = probe.devices[0];
    for (const n of [3, 3000]) {
      const a = context(probeHere, n, 7 + n);
      const b = context(model, n, 7 + n);
      probeHere.evaluate(a);
      model.evaluate(b);
      for (const key of ['f', 'df', 'dq', 'work'] as const) expect(b[key]).toEqual(a[key]);
      // Only the declared charge rows travel back; here both terminal rows are charge rows.
      expect(b.q.slice(0, 2)).toEqual(a.q.slice(0, 2));
      expect(b.noncon).toBe(a.noncon);
      expect(b.noncon).toBeGreaterThan(0);
      const p = a.p;
      const here = [new Float64Array(n)];
      const there = [new Float64Array(n)];
      probeHere.initialState!(p, n, here);
      model.initialState!(p, n, there);
      expect(there).toEqual(here);
    }
  });
});
