/**
 * The engine's snapshot / restore and event API across threads: a snapshot taken in one worker and
 * restored in another continues bit-identically; PULSE, FAULT and network events go through `send`;
 * a slow receiver holds the worker back (flow control across the thread boundary).
 * Uses the built worker (dist/): `npm test` builds first.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { concatChunks, type SignalChunk } from '../../src/common/runtime/index.js';
import { defaultRegistry, loadNetwork } from '../../src/node/load.js';
import { engineWorkerFile, startEngine, type Engine } from '../../src/node/engine/engine.js';

const ROOT = join(__dirname, '../../..');
const registry = defaultRegistry();
const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

let engines: Engine[] = [];
function engine(): Engine {
  if (!existsSync(engineWorkerFile())) throw new Error(`the engine worker is not built (${engineWorkerFile()}); run npm run build`);
  const e = startEngine();
  engines.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
  engines = [];
});

async function record(e: Engine, probe: string): Promise<SignalChunk[]> {
  const chunks: SignalChunk[] = [];
  await e.listen(probe, (c) => chunks.push(c));
  return chunks;
}

describe('engine worker: snapshot, restore, send', () => {
  it('a snapshot from one worker restores in another and continues with the same bits; events cross too', async () => {
    const network = loadNetwork(join(ROOT, 'fixtures/examples/self-wiring.cir'), registry);
    const script = async (e: Engine, w: number) => {
      if (w === 2) expect(await e.remote.send('syn_n1_n3', { type: 'PULSE', amplitude: -2, width: 1e-3 })).toEqual({ accepted: true });
      if (w === 4) expect(await e.remote.sendNetwork({ type: 'ADD_ELEMENT', element: { id: 'rx', device: 'resistor', nodes: ['n2', 'n4'], params: { r: 5e3 } } })).toEqual({ accepted: true });
      if (w === 6) expect(await e.remote.send('ri1', { type: 'FAULT', reason: 'cut' })).toEqual({ accepted: true });
    };
    const full = engine();
    await full.remote.load(network, { window: 1e-3 });
    const a = await record(full, 'v(n2)');
    for (let w = 0; w < 12; w++) {
      await script(full, w);
      await full.remote.runUntil((w + 1) * 1e-3 - 1e-9);
    }
    expect((await full.remote.status()).status).toBe('done');

    const first = engine();
    await first.remote.load(network, { window: 1e-3 });
    const b = await record(first, 'v(n2)');
    for (let w = 0; w < 5; w++) {
      await script(first, w);
      await first.remote.runUntil((w + 1) * 1e-3 - 1e-9);
    }
    const snap = await first.remote.snapshot();
    expect(snap.network.elements.some((e) => e.id === 'rx')).toBe(true);
    const second = engine();
    expect((await second.remote.restore(snap)).status).toBe('running');
    const c = await record(second, 'v(n2)');
    for (let w = 5; w < 12; w++) {
      await script(second, w);
      await second.remote.runUntil((w + 1) * 1e-3 - 1e-9);
    }
    const whole = concatChunks(a);
    const split = concatChunks([...b, ...c]);
    expect(sameBits(split.t, whole.t)).toBe(true);
    expect(sameBits(split.values, whole.values)).toBe(true);
    expect(await second.remote.send('ghost', { type: 'REMOVE' })).toEqual({ accepted: false, message: "element 'ghost': REMOVE rejected: the network has no element 'ghost'" });
  });

  it('flow control across the thread: a receiver that holds its acknowledgements stops the worker at 8 chunks in flight', async () => {
    const text = `* long RC\nV1 in 0 SIN(0 1 50)\nR1 in out 1k\nC1 out 0 1u\n.tran 10u 0.2\n.end\n`;
    const path = join(mkdtempSync(join(tmpdir(), 'memflow-engine-')), 'long.cir');
    writeFileSync(path, text);
    const e = engine();
    await e.remote.load(loadNetwork(path, registry), { window: 1e-3 });
    const held: (() => void)[] = [];
    let received = 0;
    await e.remote.subscribe(
      'v(out)',
      Comlink.proxy((chunk: SignalChunk) => {
        received += chunk.t.length > 0 ? 1 : 0;
        return new Promise<void>((resolve) => held.push(resolve));
      }),
    );
    const run = e.remote.runUntil(Infinity);
    // The worker is waiting for us, not running ahead.
    // Up to 10 s for the first 8 chunks on a loaded machine; then 200 ms more in which no 9th may come.
    for (let k = 0; k < 200 && received < 8; k++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    const waiting = await e.remote.status();
    expect(received).toBe(8);
    expect(waiting.windows).toBeLessThanOrEqual(9);
    expect(waiting.status).toBe('running');
    // Acknowledge as chunks come: the run completes with every chunk delivered.
    const release = setInterval(() => held.splice(0).forEach((f) => f()), 1);
    const done = await run;
    clearInterval(release);
    held.splice(0).forEach((f) => f());
    expect(done.status).toBe('done');
    expect(done.windows).toBe(200);
    expect(received).toBe(200);
  });
});

