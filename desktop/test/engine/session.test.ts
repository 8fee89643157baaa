/**
 * The desktop engine's session: conductance frames against Ohm's law, snapshots that reproduce a run bit
 * for bit when replayed (runs are deterministic), parameter edits as runtime events, and errors worded
 * exactly as the CLI words them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../core/src/node/cli.js';
import { EngineCore } from '../../src/engine/engine.js';
import type { LoadInfo, Result, SignalChunkData } from '../../src/shared/engine-api.js';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

const DIVIDER = `* divider
V1 in 0 DC 2
R1 in mid 1k
R2 mid 0 3k
R3 mid mid2 5k
.tran 1m 10m
.end
`;

/** The driven memristor of the hysteresis example, small enough to run quickly. */
const LOOP = `* hp memristor under a sine
VA a 0 SIN(0 1 1)
YMEMRISTOR m1 a 0 hpb
.model hpb memristor level=hp window=biolek p=2 ron=100 roff=16k d=10n uv=3e-13 rinit=11k
.tran 1m 1
.end
`;

function collect(engine: EngineCore, probe: string): SignalChunkData[] {
  const chunks: SignalChunkData[] = [];
  value(engine.subscribe(probe, (c) => chunks.push({ t0: c.t0, t: c.t.slice(), values: c.values.slice() })));
  return chunks;
}

const flatten = (chunks: SignalChunkData[]) => ({ t: chunks.flatMap((c) => [...c.t]), v: chunks.flatMap((c) => [...c.values]) });

describe('engine session', () => {
  it('reports each edge conductance |i/v|: 1/R for resistors, NaN where no voltage is across', () => {
    const engine = new EngineCore();
    const frames: Float64Array[] = [];
    engine.onFrame((f) => frames.push(f.conductance));
    const info: LoadInfo = value(engine.loadNetlist(DIVIDER, 'divider.cir'));
    expect(info.edges).toEqual(['r1', 'r2', 'r3']);
    expect(info.electrodes).toEqual(['in']);
    expect(info.suggested).toEqual(['i(v1)']);
    engine.start();
    // One window runs synchronously inside start(); the frame after it is the last one.
    const g = frames[frames.length - 1];
    expect(g[0]).toBeCloseTo(1 / 1000, 12);
    expect(g[1]).toBeCloseTo(1 / 3000, 12);
    expect(Number.isNaN(g[2])).toBe(true); // R3 hangs from mid: no current, no voltage
    engine.stop();
  });

  it('restores a snapshot by replaying it: the continued run is bit-identical', () => {
    const a = new EngineCore();
    value(a.loadNetlist(LOOP, 'loop.cir'));
    const s = (a as unknown as { session: { runWindows(n: number): void; sim: { stats: { windows: number } } } }).session;
    s.runWindows(20);
    expect(a.setParam('m1', 'ron', 150)).toEqual({ accepted: true });
    s.runWindows(45);
    expect(a.setParam('va', 'dc', 0.1)).toEqual({ accepted: true });
    s.runWindows(60);
    const snap = a.snapshot();
    expect(snap.windows).toBe(60);
    expect(snap.events.map((e) => e.windows)).toEqual([20, 45]);
    const restAfter = collect(a, 'i(va)');
    s.runWindows(200);

    const b = new EngineCore();
    value(b.restore(JSON.parse(JSON.stringify(snap))));
    expect(b.status()).toMatchObject({ status: 'paused', windows: 60 });
    const restored = collect(b, 'i(va)');
    const sb = (b as unknown as { session: { sim: { resume(): void }; runWindows(n: number): void } }).session;
    sb.sim.resume();
    sb.runWindows(200);
    const x = flatten(restAfter);
    const y = flatten(restored);
    expect(x.t.length).toBeGreaterThan(100);
    expect(y.t).toEqual(x.t);
    expect(y.v).toEqual(x.v);

    // Without the edits the same windows give a different current: the replay really applied them.
    const c = new EngineCore();
    value(c.loadNetlist(LOOP, 'loop.cir'));
    const sc = (c as unknown as { session: { runWindows(n: number): void } }).session;
    sc.runWindows(60);
    const plain = collect(c, 'i(va)');
    sc.runWindows(200);
    expect(flatten(plain).v).not.toEqual(x.v);
  });

  it('rejects a bad parameter edit with the runtime message', () => {
    const engine = new EngineCore();
    value(engine.loadNetlist(LOOP, 'loop.cir'));
    const r = engine.setParam('m1', 'nosuch', 1);
    expect(r.accepted).toBe(false);
    expect(r.message).toMatch(/^error: element 'm1': SET_PARAM rejected: device 'memristor\.hp' has no parameter 'nosuch'/);
    expect(engine.snapshot().events).toEqual([]);
  });

  it('words netlist errors exactly as the CLI does', async () => {
    const bad = '* broken\nR1 a 0\n.tran 1m 1\n.end\n';
    const dir = mkdtempSync(join(tmpdir(), 'memflow-desktop-'));
    const file = join(dir, 'broken.cir');
    writeFileSync(file, bad);
    let err = '';
    const code = await main(['run', file], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(2);
    const engine = new EngineCore();
    const r = engine.loadNetlist(bad, file);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toBe(err.trim());
  });

  it('says which netlists it cannot load yet, and where', () => {
    const engine = new EngineCore();
    const table = '* t\nV1 a 0 SIN(0 1 1)\nYMEMRISTOR m1 a 0 taox\n.model taox memristor level=table file="x.csv"\n.tran 1m 1\n.end\n';
    const r = engine.loadNetlist(table, 'table.cir');
    expect(r.ok ? '' : r.message).toMatch(/^table\.cir:4:\d+: error: model 'taox': level=table fits a data file, which the desktop app cannot read yet; run it with the CLI/);
    const inc = engine.loadNetlist('* i\n.include other.cir\n.end\n', 'inc.cir');
    expect(inc.ok ? '' : inc.message).toMatch(/^inc\.cir:\d+:\d+: error: .*\.include 'other\.cir' cannot be read by the desktop app yet/);
  });

  it('generates a biased nanowire network whose junctions are the graph edges', () => {
    const engine = new EngineCore();
    const info = value(engine.generate({ wires: 60, lengthMean: 10, lengthStd: 2, width: 30, height: 30, seed: 3, vbias: 0.2, tstop: 0.5 }));
    expect([...info.electrodes].sort()).toEqual(['e1', 'e2']);
    expect(info.edges.length).toBeGreaterThan(10);
    expect(info.edges.every((id) => /^j\d+$/.test(id))).toBe(true);
    const bad = engine.generate({ wires: 1, lengthMean: 10, lengthStd: 2, width: 30, height: 30, seed: 3, vbias: 0.2, tstop: 0.5 });
    expect(bad).toEqual({ ok: false, message: 'error: wires must be a whole number >= 2, got 1' });
  });
});
