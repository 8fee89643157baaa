/**
 * The hostile corpus (fixtures/plugins/hostile/*): every plugin is refused at load or faulted during a
 * run with a message naming it (and, in a run, its model, the element and the time); nothing outside the
 * plugin is touched; the session, the other elements and the data recorded before the fault survive;
 * other plugins keep working in the same process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceFault } from '@memflow/plugin-sdk';
import { Simulation } from '../../src/common/runtime/index.js';
import { SimulationFault } from '../../src/common/solver/fault.js';
import { simulate } from '../../src/common/solver/simulate.js';
import { cli } from '../helpers/cli.js';
import { defaultRegistry, loadNetwork } from '../../src/node/load.js';
import { loadPlugin, PluginError, readPluginPackage, type LoadedPlugin } from '../../src/node/plugin-load.js';

const ROOT = join(__dirname, '../../..');
const HOSTILE = join(ROOT, 'fixtures/plugins/hostile');
const CHANG = join(ROOT, 'plugins/examples/chang2011');
/** Where the file-writing and process-spawning plugins would leave their mark. */
const MARKER = '/tmp/memflow-hostile-marker';
// Generous enough for a loaded CI machine to start a worker, short enough to keep the hangs quick.
const LIMITS = { loadTimeoutMs: 4000, timeoutMs: 1000, memoryMb: 64 };


async function loadError(name: string): Promise<string> {
  try {
    const loaded = await loadPlugin(readPluginPackage(join(HOSTILE, name)), LIMITS);
    await loaded.host.close();
  } catch (err) {
    expect(err).toBeInstanceOf(PluginError);
    return (err as Error).message;
  }
  throw new Error(`hostile plugin '${name}' loaded`);
}

/** A 1 V, 1 Hz sine across the plugin device y1 and a built-in resistor r1, for half a second. */
function netlist(level: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'memflow-hostile-'));
  const file = join(dir, 'hostile.cir');
  writeFileSync(
    file,
    `hostile device under a sine\nV1 a 0 SIN(0 1 1)\nR1 a 0 1k\nYMEMRISTOR y1 a 0 hm\n.model hm memristor level=${level}\n.tran 1m 0.5 0 1m\n.print tran v(a) x(y1.x)\n.end\n`,
  );
  return file;
}

/** Recorded points must be the circuit's true values: v(a) = sin 2πt, x = 0.5 + (1 − cos 2πt)/2π (dx/dt = v). */
function expectTrueRecord(t: ArrayLike<number>, va: ArrayLike<number>, x: ArrayLike<number>): void {
  expect(t.length).toBeGreaterThan(20);
  for (let k = 0; k < t.length; k++) {
    expect(va[k]).toBeCloseTo(Math.sin(2 * Math.PI * t[k]), 9);
    expect(Math.abs(x[k] - (0.5 + (1 - Math.cos(2 * Math.PI * t[k])) / (2 * Math.PI)))).toBeLessThan(1e-4);
  }
}

beforeAll(() => rmSync(MARKER, { force: true }));
afterAll(() => {
  expect(existsSync(MARKER)).toBe(false);
});

describe('hostile plugins refused at load, each with a message naming it', () => {
  const cases: [string, RegExp][] = [
    ['read-file', /import of 'node:fs' refused: a memflow plugin may import only @memflow\/plugin-sdk/],
    ['spawn', /import of 'child_process' refused/],
    ['socket', /import of 'node:net' refused/],
    ['process', /process\.env is not available to memflow plugins/],
    ['fetch', /fetch is not available to memflow plugins: they have no files, processes, network or timers/],
    ['timers', /setTimeout is not available to memflow plugins/],
    ['eval', /eval is not available to memflow plugins: they may not evaluate new code/],
    ['function-constructor', /Function\.prototype\.constructor is not a valid constructor/],
    ['prototype', /Cannot add property polluted, object is not extensible/],
    ['throw-at-load', /hostile plugin refuses to load/],
    ['loop-at-load', /loading did not finish within 4000 ms \(an endless loop at load\?\); its worker was stopped/],
    ['alloc-at-load', /loading exceeded the plugin memory limit \(64 MB\); its worker was stopped/],
  ];
  for (const [name, why] of cases) {
    it(name, async () => {
      const message = await loadError(name);
      expect(message).toMatch(new RegExp(`^memflow-hostile-${name}: loading .*index\\.js failed: `));
      expect(message).toMatch(why);
      expect(existsSync(MARKER)).toBe(false);
    });
  }

  it('left this realm untouched (no prototype pollution, no globals)', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((globalThis as Record<string, unknown>).polluted).toBeUndefined();
    const a: number[] = [];
    a.push(1);
    expect(a).toEqual([1]);
  });
});

describe('hostile plugins faulted during a run: the run stops cleanly, keeping what it recorded', () => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.MEMFLOW_PLUGIN_TIMEOUT_MS;
    process.env.MEMFLOW_PLUGIN_TIMEOUT_MS = '1000';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.MEMFLOW_PLUGIN_TIMEOUT_MS;
    else process.env.MEMFLOW_PLUGIN_TIMEOUT_MS = saved;
  });

  const cases: [string, RegExp][] = [
    ['nan', /returned NaN as the current at 'p'/],
    ['throw-at-evaluate', /evaluate threw: hostile plugin gives up/],
    ['loop-at-evaluate', /evaluate did not return within 1000 ms \(an endless loop, or its worker ran out of memory\); its worker was stopped/],
    ['alloc-at-evaluate', /evaluate did not return within 1000 ms \(an endless loop, or its worker ran out of memory\); its worker was stopped/],
    ['array-prototype', /evaluate threw: Cannot set property fill of \[object Object\] which has only a getter/],
  ];
  for (const [name, why] of cases) {
    it(`${name}: exit 5, message naming plugin, model, element and time; partial CSV is the true solution`, async () => {
      const level = `hostile_${name.replace(/-/g, '_')}`;
      const file = netlist(level);
      const csv = join(file, '..', 'out.csv');
      const r = await cli('run', file, '--plugins', join(HOSTILE, name), '--csv', csv, '--quiet');
      expect(r.code).toBe(5);
      const model = `hostile.${name.replace(/-/g, '_')}`;
      const m = new RegExp(`^error: plugin 'memflow-hostile-${name}', model '${model}', element 'y1', at t = ([0-9.e-]+) s: `).exec(r.err);
      expect(m, r.err).not.toBeNull();
      // The sine first exceeds 0.5 V at t = 1/12 s; the fault is reported within the step that got there.
      const t = Number(m![1]);
      expect(t).toBeGreaterThan(1 / 12 - 1e-9);
      expect(t).toBeLessThan(1 / 12 + 2e-3);
      expect(r.err).toMatch(why);
      expect(r.err).toMatch(/points recorded before the fault written to/);
      const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      expectTrueRecord(
        rows.map((row) => row[0]),
        rows.map((row) => row[1]),
        rows.map((row) => row[2]),
      );
      expect(rows[rows.length - 1][0]).toBeLessThanOrEqual(t);
    });
  }

  it('out-of-bounds: a state put outside its declared bounds faults the element at t = 0', async () => {
    const r = await cli('run', netlist('hostile_out_of_bounds'), '--plugins', join(HOSTILE, 'out-of-bounds'), '--quiet');
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/^error: plugin 'memflow-hostile-out-of-bounds', model 'hostile.out_of_bounds', element 'y1', at t = 0\.00000 s: initialState set state 'x' to 2, outside its declared bounds \[0, 1\]/);
  });

  it('other plugins keep working in the same process after the faults', async () => {
    const r = await cli('run', join(CHANG, 'examples/sine.json'), '--plugins', CHANG, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('one faulting plugin among several elements and plugins', () => {
  let bad: LoadedPlugin;
  let good: LoadedPlugin;
  beforeAll(async () => {
    bad = await loadPlugin(readPluginPackage(join(HOSTILE, 'loop-at-evaluate')), { timeoutMs: 1000 });
    good = await loadPlugin(readPluginPackage(CHANG));
  });
  afterAll(async () => {
    await bad.host.close();
    await good.host.close();
  });

  it('the live session faults with the message, keeps every chunk recorded before, and the other plugin still runs', () => {
    const registry = defaultRegistry([...bad.devices, ...good.devices]);
    const file = netlist('hostile_loop_at_evaluate');
    const network = loadNetwork(file, registry);
    // Add the other plugin's device to the same circuit: it must keep working until the fault.
    const both = { ...network, elements: [...network.elements, { id: 'y2', device: 'chang2011.wox', nodes: ['a', '0'], params: {} }] };
    const sim = new Simulation(both, registry.lookup, { window: 0.01 });
    const t: number[] = [];
    const va: number[] = [];
    const x: number[] = [];
    const w: number[] = [];
    sim.signal$('v(a)').subscribe((c) => {
      t.push(...c.t);
      va.push(...c.values);
    });
    sim.signal$('x(y1.x)').subscribe((c) => x.push(...c.values));
    sim.signal$('x(y2.w)').subscribe((c) => w.push(...c.values));
    const errors: string[] = [];
    sim.errors$.subscribe((e) => errors.push(e.message));
    expect(sim.runUntil(Infinity)).toBe('faulted');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^plugin 'memflow-hostile-loop-at-evaluate', model 'hostile.loop_at_evaluate', element 'y1', at t = 0\.08\d* s: evaluate did not return within 1000 ms/);
    // Every point accepted before the fault was delivered, the faulting window's included.
    expect(t[t.length - 1]).toBeGreaterThan(0.08);
    expect(t[t.length - 1]).toBeLessThan(1 / 12);
    expectTrueRecord(t, va, x);
    // The Chang device recorded alongside: its state rose from w0 = 0.5 under the positive half-wave.
    expect(w).toHaveLength(t.length);
    expect(w[w.length - 1]).toBeGreaterThan(0.5);
    sim.dispose();
    expect(bad.host.dead).toMatch(/did not return within 1000 ms/);
    // The faulted plugin now refuses at once; the other plugin still serves in this process.
    expect(() => simulate(network, registry.lookup, network.analyses![0])).toThrow(SimulationFault);
    const chang = loadNetwork(join(CHANG, 'examples/sine.cir'), registry);
    const res = simulate(chang, registry.lookup, chang.analyses![0]);
    expect(Math.max(...res.data[res.columns.indexOf('x(y1.w)')])).toBe(1);
  });

  it('a direct call to a faulted model throws a DeviceFault naming plugin and model', () => {
    const model = bad.devices[0];
    const ctx = { n: 1, mode: 'tran', time: 0.25, dcSources: false, sourceScale: 1, gmin: 0, firstIteration: false, noncon: 0, x: [1, 0, 0.5].map((v) => Float64Array.of(v)), p: { k: Float64Array.of(1) }, data: [], work: {}, f: [0, 0, 0].map(() => new Float64Array(1)), q: [0, 0, 0].map(() => new Float64Array(1)), df: model.jacobian.map(() => new Float64Array(1)), dq: [] } as const;
    expect(() => model.evaluate(ctx as never)).toThrow(DeviceFault);
    expect(() => model.evaluate(ctx as never)).toThrow(/plugin 'memflow-hostile-loop-at-evaluate', model 'hostile.loop_at_evaluate', t = 0.25 s: the plugin is stopped/);
  });
});

describe('a NaN derivative', () => {
  it('faults the element in a call that asks for derivatives, and not in one that does not read them', async () => {
    const loaded = await loadPlugin(readPluginPackage(join(HOSTILE, 'nan-derivative')), LIMITS);
    try {
      const model = loaded.devices[0];
      const ctx = (v: number, derivatives: boolean) => ({ n: 2, mode: 'tran', time: 0.1, dcSources: false, sourceScale: 1, gmin: 0, firstIteration: false, derivatives, noncon: 0, x: [Float64Array.of(0.2, v), new Float64Array(2), Float64Array.of(0.5, 0.5)], p: { k: Float64Array.of(1, 1) }, data: [], work: {}, f: [0, 0, 0].map(() => new Float64Array(2)), q: [0, 0, 0].map(() => new Float64Array(2)), df: model.jacobian.map(() => new Float64Array(2)), dq: [] });
      const quiet = ctx(0.7, false);
      model.evaluate(quiet as never);
      // The currents it returned are the true ones: i = v / (1 kΩ + 1 kΩ·x).
      expect(Array.from(quiet.f[0])).toEqual([0.2, 0.7].map((v) => v * (1 / 1500)));
      expect(() => model.evaluate(ctx(0.4, true) as never)).not.toThrow();
      expect(() => model.evaluate(ctx(0.7, true) as never)).toThrow(/plugin 'memflow-hostile-nan-derivative', model 'hostile.nan_derivative', instance 1, t = 0.1 s: returned NaN as ∂f\(p\)\/∂x\(p\)/);
    } finally {
      await loaded.host.close();
    }
  });
});
