/**
 * Plugins in the engine worker (the desktop's simulation session): a faulting plugin faults the running
 * simulation with a message naming plugin, model, element and time; every chunk recorded before the
 * fault has been delivered and is the true solution; the same session then loads and runs another
 * network with another plugin. Needs the built worker (npm test builds first).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../src/common/network/types.js';
import type { SignalChunk } from '../../src/common/runtime/index.js';
import { engineWorkerFile, startEngine, type Engine } from '../../src/node/engine/engine.js';
import { pluginWorkerFile } from '../../src/node/plugins/host.js';

const ROOT = join(__dirname, '../../..');
const NAN = join(ROOT, 'fixtures/plugins/hostile/nan');
const CHANG = join(ROOT, 'plugins/examples/chang2011');
const THROW_AT_LOAD = join(ROOT, 'fixtures/plugins/hostile/throw-at-load');

const sine = { dc: 0, wave: { type: 'sin', vo: 0, va: 1, freq: 1, td: 0, theta: 0, phase: 0 } };
const network = (device: string, state: string): Network =>
  ({
    format: 'memflow.network/v1',
    elements: [
      { id: 'v1', device: 'vsource', nodes: ['a', '0'], source: sine },
      { id: 'r1', device: 'resistor', nodes: ['a', '0'], params: { r: 1000 } },
      { id: 'y1', device, nodes: ['a', '0'], params: {} },
    ],
    analyses: [{ type: 'tran', tstep: 1e-3, tstop: 0.5, tmax: 1e-3 }],
    outputs: ['v(a)', `x(y1.${state})`],
  }) as unknown as Network;

let engine: Engine;
beforeAll(() => {
  // Fail, not skip: a missing build must not pass for a working one.
  for (const file of [engineWorkerFile(), pluginWorkerFile()]) if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does)`);
  engine = startEngine();
});
afterAll(async () => {
  await engine.dispose();
});

describe('plugins in the engine worker', () => {
  it('a NaN from a plugin faults the session, which keeps its data and runs the next network', async () => {
    expect(await engine.remote.usePlugins([NAN, CHANG])).toEqual(['hostile.nan', 'chang2011.wox']);
    await engine.remote.load(network('hostile.nan', 'x'), { window: 0.01 });
    const chunks: SignalChunk[] = [];
    await engine.listen('v(a)', (c) => chunks.push(c));
    await engine.remote.start();
    const status = await engine.remote.finished();
    expect(status.status).toBe('faulted');
    expect(status.errors).toHaveLength(1);
    expect(status.errors[0]).toMatch(/^plugin 'memflow-hostile-nan', model 'hostile.nan', element 'y1', at t = 0\.08\d+ s: returned NaN as the current at 'p'/);
    const t = chunks.flatMap((c) => [...c.t]);
    const v = chunks.flatMap((c) => [...c.values]);
    expect(t.length).toBeGreaterThan(20);
    expect(t[t.length - 1]).toBeLessThan(1 / 12);
    t.forEach((time, k) => expect(v[k]).toBeCloseTo(Math.sin(2 * Math.PI * time), 9));

    // The same session, another plugin: runs to the end.
    await engine.remote.load(network('chang2011.wox', 'w'), { window: 0.05 });
    const w: SignalChunk[] = [];
    await engine.listen('x(y1.w)', (c) => w.push(c));
    await engine.remote.start();
    const done = await engine.remote.finished();
    expect(done.errors).toEqual([]);
    expect(done.status).toBe('done');
    expect(w.flatMap((c) => [...c.t]).at(-1)).toBeCloseTo(0.5, 9);
  });

  it('plugins are loaded when a network uses them: one that throws at load stops only the network that needs it', async () => {
    const lazy = startEngine();
    try {
      expect(await lazy.remote.usePlugins([THROW_AT_LOAD, CHANG])).toEqual(['hostile.throw_at_load', 'chang2011.wox']);
      await expect(lazy.remote.load(network('hostile.throw_at_load', 'x'))).rejects.toThrow(/memflow-hostile-throw-at-load: loading .* failed: /);
      await lazy.remote.load(network('chang2011.wox', 'w'), { window: 0.05 });
      await lazy.remote.start();
      const done = await lazy.remote.finished();
      expect(done.errors).toEqual([]);
      expect(done.status).toBe('done');
    } finally {
      await lazy.dispose();
    }
  });
});
