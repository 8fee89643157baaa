/**
 * The engine in a real worker (worker_threads + comlink): chunks through the worker equal an
 * in-process run bit for bit, setParam acts from the next window end and rejects bad parameters with a
 * message, the lifecycle calls work across the thread boundary, and dispose ends the worker.
 *
 * The worker is a built file (dist/), so the build runs first; a missing build fails the tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { concatChunks, Simulation, type SignalChunk } from '../../src/common/runtime/index.js';
import { simulate } from '../../src/common/solver/simulate.js';
import type { TransientSpec } from '../../src/common/solver/transient.js';
import { defaultRegistry, loadNetwork } from '../../src/node/load.js';
import { engineWorkerFile, startEngine, type Engine } from '../../src/node/engine/engine.js';

const ROOT = join(__dirname, '../../..');
const REFERENCE = join(ROOT, 'fixtures/reference');
const registry = defaultRegistry();

const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

beforeAll(() => {
  execFileSync('npx', ['tsc', '-b'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  const file = engineWorkerFile();
  if (!existsSync(file)) throw new Error(`the engine worker was not built: ${file} is missing after tsc -b`);
}, 240_000);

let engines: Engine[] = [];
function engine(): Engine {
  const e = startEngine();
  engines.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
  engines = [];
});

/** Records every chunk of a signal received from the worker. */
async function record(e: Engine, probe: string): Promise<SignalChunk[]> {
  const chunks: SignalChunk[] = [];
  await e.listen(probe, (c) => chunks.push(c));
  return chunks;
}

function tranOf(file: string): TransientSpec {
  return loadNetwork(file, registry).analyses!.find((a) => a.type === 'tran') as TransientSpec;
}

describe('engine worker: signal chunks', () => {
  for (const [name, window, probes] of [
    ['rc_pulse', 3.7e-4, [['v(out)', 'v(out)'], ['c1:v', 'v(out)'], ['v1:i', 'i(v1)']]],
    ['pd_memristor', 0.01, [['v(1)', 'v(1)'], ['amem:r', 'x(amem)'], ['v1:i', 'i(v1)']]],
  ] as const) {
    for (const mode of ['runUntil', 'start'] as const) {
      it(`${name} (${mode}): the chunks received through the worker concatenate to the in-process simulate run, bit for bit`, async () => {
        const file = join(REFERENCE, `${name}.cir`);
        const network = loadNetwork(file, registry);
        const whole = simulate(network, registry.lookup, tranOf(file), probes.map(([, col]) => col));
        const e = engine();
        expect((await e.remote.load(network, { window })).status).toBe('created');
        const recs = await Promise.all(probes.map(([probe]) => record(e, probe)));
        const status = mode === 'runUntil' ? await e.remote.runUntil(Infinity) : (await e.remote.start(), await e.remote.finished());
        expect(status.status).toBe('done');
        const time = whole.data[0];
        probes.forEach(([probe], k) => {
          const { t, values } = concatChunks(recs[k]);
          expect(sameBits(t, time), probe).toBe(true);
          expect(sameBits(values, whole.data[k + 1]), probe).toBe(true);
          expect(recs[k].length).toBe(status.windows);
          for (const c of recs[k]) expect(c.t0).toBe(c.t[0]);
        });
      });
    }
  }

  it('two subscribers of one signal each get every point (the arrays go to one, copies to the other)', async () => {
    const file = join(REFERENCE, 'rc_pulse.cir');
    const e = engine();
    await e.remote.load(loadNetwork(file, registry), { window: 1e-3 });
    const a = await record(e, 'v(out)');
    const b = await record(e, 'V(OUT)');
    await e.remote.runUntil(Infinity);
    const ca = concatChunks(a);
    const cb = concatChunks(b);
    expect(ca.t.length).toBeGreaterThan(1000);
    expect(sameBits(ca.t, cb.t) && sameBits(ca.values, cb.values)).toBe(true);
  });

  it('throughput: a long run streamed through the worker', async () => {
    const text = `* long RC\nV1 in 0 SIN(0 1 50)\nR1 in out 1k\nC1 out 0 1u\n.tran 10u 1\n.end\n`;
    const path = join(mkdtempSync(join(tmpdir(), 'memflow-engine-')), 'long.cir');
    writeFileSync(path, text);
    const network = loadNetwork(path, registry);
    // In process, the same windows and signals.
    let t0 = performance.now();
    const sim = new Simulation(network, registry.lookup, { window: 1e-3 });
    let local = 0;
    sim.signal$('v(out)').subscribe((c) => (local += c.t.length));
    sim.signal$('i(v1)').subscribe((c) => (local += c.t.length));
    sim.runUntil(Infinity);
    const inProcess = performance.now() - t0;
    sim.dispose();
    const e = engine();
    await e.remote.load(network, { window: 1e-3 });
    let chunks = 0;
    let points = 0;
    for (const probe of ['v(out)', 'i(v1)']) {
      await e.listen(probe, (c) => {
        chunks++;
        points += c.t.length;
      });
    }
    t0 = performance.now();
    const status = await e.remote.runUntil(Infinity);
    const ms = performance.now() - t0;
    expect(status.windows).toBe(1000);
    expect(chunks).toBe(2000);
    expect(points).toBe(local);
    console.log(
      `engine worker: ${chunks} chunks (${points} points, ${status.windows} windows) in ${ms.toFixed(0)} ms = ${((chunks / ms) * 1e3).toFixed(0)} chunks/s, ` +
        `${((points / ms) * 1e3 / 1e6).toFixed(2)} Mpoints/s; the same run in process: ${inProcess.toFixed(0)} ms`,
    );
  });
});

describe('engine worker: control', () => {
  it('setParam changes the trajectory from the next window end on, exactly as in process; bad parameters come back rejected with a message', async () => {
    const file = join(REFERENCE, 'rc_pulse.cir');
    const network = loadNetwork(file, registry);
    const e = engine();
    await e.remote.load(network, { window: 1e-3 });
    const rec = await record(e, 'v(out)');
    await e.remote.runUntil(2e-3);
    expect(await e.remote.setParam('r1', 'nope', 1)).toEqual({ accepted: false, message: expect.stringMatching(/element 'r1': SET_PARAM rejected: .*no parameter 'nope'/) });
    expect(await e.remote.setParam('r1', 'r', -1)).toEqual({ accepted: false, message: "element 'r1': SET_PARAM rejected: parameter 'r' = -1 is outside [0, inf]" });
    expect(await e.remote.setParam('ghost', 'r', 1)).toEqual({ accepted: false, message: "element 'ghost': SET_PARAM rejected: the network has no element 'ghost'" });
    expect(await e.remote.setParam('R1', 'R', 250)).toEqual({ accepted: true });
    const done = await e.remote.runUntil(Infinity);
    expect(done.status).toBe('done');
    expect(done.errors).toHaveLength(3);
    expect(await e.remote.setParam('r1', 'r', 1)).toEqual({ accepted: false, message: "element 'r1': SET_PARAM rejected: the simulation is done" });
    const got = concatChunks(rec);

    // In process: the same change at the same point gives the same bits.
    const sim = new Simulation(network, registry.lookup, { window: 1e-3 });
    const mine: SignalChunk[] = [];
    sim.signal$('v(out)').subscribe((c) => mine.push(c));
    let ts = Number.NaN;
    sim.applied$.subscribe((a) => (ts = a.time));
    sim.runUntil(2e-3);
    expect(sim.element('r1').send({ type: 'SET_PARAM', name: 'r', value: 250 })).toBe(true);
    sim.runUntil(Infinity);
    sim.dispose();
    const want = concatChunks(mine);
    expect(sameBits(got.t, want.t) && sameBits(got.values, want.values)).toBe(true);

    // Against the unchanged circuit: identical up to the window end after the call, different after.
    const plain = simulate(network, registry.lookup, tranOf(file), ['v(out)']);
    expect(ts).toBeGreaterThanOrEqual(2e-3);
    expect(ts).toBeLessThan(3.02e-3);
    const cut = got.t.findIndex((x) => x > ts);
    expect(sameBits(got.t.subarray(0, cut), plain.data[0].subarray(0, cut))).toBe(true);
    expect(sameBits(got.values.subarray(0, cut), plain.data[1].subarray(0, cut))).toBe(true);
    const k = plain.data[0].findIndex((x) => x >= 3.5e-3);
    const j = got.t.findIndex((x) => x >= plain.data[0][k]);
    expect(got.values[j] - plain.data[1][k]).toBeGreaterThan(0.01); // faster charging through 250 Ω
  });

  it('start, pause, resume and stop drive the run across the thread boundary', async () => {
    const e = engine();
    await e.remote.load(loadNetwork(join(REFERENCE, 'pd_memristor.cir'), registry), { window: 1e-3 });
    expect((await e.remote.start()).status).toBe('running');
    const paused = await e.remote.pause();
    expect(paused.status).toBe('paused');
    const at = paused.time;
    await new Promise((r) => setTimeout(r, 50));
    expect((await e.remote.status()).time).toBe(at);
    expect((await e.remote.resume()).status).toBe('running');
    // Stopped while paused again, so that the outcome does not depend on how fast the run is (a waiting
    // stop let a faster kernel finish the whole 2 s first).
    const again = await e.remote.pause();
    expect(again.status).toBe('paused');
    expect(again.time).toBeGreaterThanOrEqual(at);
    const stopped = await e.remote.stop();
    expect(stopped.status).toBe('done');
    expect(stopped.time).toBe(again.time);
    expect(stopped.time).toBeLessThan(2);
    expect((await e.remote.finished()).status).toBe('done');
  });

  it('calls before load are rejected with a message', async () => {
    const e = engine();
    expect((await e.remote.status()).status).toBe('empty');
    await expect(e.remote.runUntil(1)).rejects.toThrow(/no network loaded/);
  });
});

describe('engine worker: dispose', () => {
  it('terminates the worker: its exit event fires', async () => {
    const e = startEngine();
    const exited = new Promise<number>((resolve) => e.worker.once('exit', resolve));
    await e.remote.load(loadNetwork(join(REFERENCE, 'rc_pulse.cir'), registry), { window: 1e-3 });
    await e.listen('v(out)', () => undefined);
    await e.remote.runUntil(2e-3);
    await e.dispose();
    await e.dispose(); // idempotent
    expect(typeof (await exited)).toBe('number');
  });

  it('a process that starts, uses and disposes an engine exits on its own', () => {
    const dist = join(ROOT, 'core/dist/node');
    const script = `
      import { startEngine } from ${JSON.stringify(join(dist, 'engine/engine.js'))};
      import { loadNetwork, defaultRegistry } from ${JSON.stringify(join(dist, 'load.js'))};
      const e = startEngine();
      await e.remote.load(loadNetwork(${JSON.stringify(join(REFERENCE, 'rc_pulse.cir'))}, defaultRegistry()), { window: 1e-3 });
      let n = 0;
      await e.listen('v(out)', () => n++);
      await e.remote.runUntil(Infinity);
      await e.dispose();
      console.log('chunks', n);
    `;
    const file = join(mkdtempSync(join(tmpdir(), 'memflow-engine-')), 'use-engine.mjs');
    writeFileSync(file, script);
    const child = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
    expect(child.signal).toBeNull(); // not killed by the timeout
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('chunks 10');
  });
});
