/**
 * Crash safety, end to end: the built CLI runs a session in a child process, which is killed with
 * SIGKILL at seeded random moments and resumed each time. After every kill SQLite's integrity check
 * passes; at the end every recorded metric, every waveform row and the final state (the last
 * checkpoint's bytes) equal those of an uninterrupted run, bit for bit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../src/common/random/prng.js';
import { BIN, ensureBuiltCli, ROOT } from '../helpers/built-cli.js';
import { SessionStore } from '../../src/node/session/store.js';
import { integrityCheck } from '../../src/node/session/sqlite.js';
import { readAllWaveforms } from '../../src/node/session/waveforms.js';
import { readSessionStatus } from '../../src/node/session/status.js';

const root = mkdtempSync(join(tmpdir(), 'memflow-session-kill-'));

beforeAll(ensureBuiltCli, 240_000);

const spec = {
  format: 'memflow.session/v1',
  name: 'reservoir-kill-test',
  seed: 5,
  workload: { kind: 'reservoir-online', nanowire: { wires: 40, length: { mean: 10, std: 2 }, size: { w: 30, h: 30 } }, dt: 0.02, readoutWires: 5, task: { kind: 'narma2' } },
  stimulus: { kind: 'signal', waveform: 'uniform', lo: 0, hi: 0.5, samples: 300 },
  recorders: { metricsEvery: 1, waveformsEvery: 1, chunkRows: 50 },
  // Wall-clock checkpoints land at different samples in every run; the results must not care.
  schedule: { everySamples: 30, everyWallSeconds: 0.4 },
  retention: { keepCheckpoints: 2, decimateAfterSamples: 150, decimateFactor: 4 },
};

interface Child {
  /** Resolves once the child has logged a checkpoint at or past `sample` (it got that far), or at exit. */
  reached(sample: number): Promise<void>;
  readonly exited: Promise<number | null>;
  kill(): void;
  running(): boolean;
  /** Wall-clock milliseconds at which each checkpoint was logged, by sample. */
  readonly checkpoints: { sample: number; ms: number }[];
}

function session(...args: string[]): Child {
  const child = spawn(process.execPath, [BIN, 'session', ...args, '--log', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let alive = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      alive = false;
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolve(code);
    }),
  );
  let furthest = -1;
  const checkpoints: { sample: number; ms: number }[] = [];
  const waiting: { sample: number; resolve: () => void }[] = [];
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const e = JSON.parse(line) as { event: string; sample: number };
      if (e.event !== 'checkpoint') continue;
      furthest = Math.max(furthest, e.sample);
      checkpoints.push({ sample: e.sample, ms: performance.now() });
    }
    for (const w of waiting) if (furthest >= w.sample) w.resolve();
  });
  return {
    reached: (sample) =>
      new Promise<void>((resolve) => {
        if (furthest >= sample) return resolve();
        waiting.push({ sample, resolve });
        void exited.then(() => resolve());
      }),
    exited,
    kill: () => child.kill('SIGKILL'),
    running: () => alive,
    checkpoints,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function results(dir: string) {
  const store = SessionStore.open(dir, 'read');
  try {
    const ck = store.checkpoints();
    return { rec: store.record(), metrics: store.metrics(), waveforms: readAllWaveforms(store), finalState: ck[ck.length - 1].sha256, events: store.events(100) };
  } finally {
    store.close();
  }
}

function bits(values: number[]): Buffer {
  return Buffer.from(Float64Array.from(values).buffer);
}

describe('a session killed with SIGKILL and resumed', () => {
  it('ends bit-identical to an uninterrupted run, with an intact database after every kill', async () => {
    const specFile = join(root, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const refDir = join(root, 'reference');
    const reference = session('start', specFile, '--dir', refDir);
    expect(await reference.exited).toBe(0);
    const ref = results(refDir);
    // How long a sample takes on this machine now, from the uninterrupted run's checkpoints.
    const [first, final] = [reference.checkpoints[0], reference.checkpoints[reference.checkpoints.length - 1]];
    const msPerSample = (final.ms - first.ms) / (final.sample - first.sample);
    expect(msPerSample).toBeGreaterThan(0);
    expect(ref.rec.reason).toBe('finished');
    expect(ref.metrics.sample.length).toBe(300);

    const dir = join(root, 'killed');
    const rng = new Prng(2026);
    // Five kill points spread over the run, as sample counts (a machine's speed must not decide
    // whether a kill lands mid-run), each followed by a random extra delay of up to 35 samples' time,
    // more than a checkpoint interval, so that the kill falls at any moment: in a step, a metrics
    // flush or a checkpoint write. A target is reached at the next checkpoint (at most 29 samples
    // on), so the kill lands before sample 245, or before 280 if this machine now runs twice as fast
    // as it did for the reference.
    const targets = Array.from({ length: 5 }, () => 10 + rng.int(170)).sort((a, b) => a - b);
    let args = ['start', specFile, '--dir', dir];
    let killedMidRun = 0;
    const kills: string[] = [];
    for (let k = 0; k < 5; k++) {
      const child = session(...args);
      await child.reached(targets[k]);
      await Promise.race([sleep(rng.uniform(0, 35 * msPerSample)), child.exited]);
      if (child.running()) {
        child.kill();
        await child.exited;
        const store = SessionStore.open(dir, 'read');
        const check = integrityCheck(store.db);
        expect(check).toBe('ok');
        const ck = store.checkpoints();
        // At most one checkpoint interval is lost: nothing was recorded further past the last checkpoint.
        expect(store.metricsReached() - (ck.length ? ck[ck.length - 1].samples : 0)).toBeLessThanOrEqual(spec.schedule.everySamples);
        kills.push(`kill ${k + 1}: metrics up to sample ${store.metricsReached()}, last checkpoint ${ck.length ? ck[ck.length - 1].samples : 'none'}, integrity_check ${check}`);
        const midRun = store.record().status !== 'stopped';
        store.close();
        if (midRun) {
          killedMidRun++;
          // What `memflow session status` reports: the process is gone without saving.
          expect(readSessionStatus(dir).health.state).toBe('crashed');
        }
      } else expect(await child.exited).toBe(0);
      args = ['resume', dir];
    }
    expect(killedMidRun).toBeGreaterThanOrEqual(3);
    const last = session(...args);
    expect(await last.exited).toBe(0);

    const got = results(dir);
    expect(got.rec.status).toBe('stopped');
    expect(got.rec.reason).toBe('finished');
    // At least one resume continued from a checkpoint past the start.
    expect(got.events.some((e) => e.type === 'resume' && /checkpoint at sample [1-9]/.test(e.message))).toBe(true);
    expect(got.metrics.sample).toEqual(ref.metrics.sample);
    expect(bits(got.metrics.simTime)).toEqual(bits(ref.metrics.simTime));
    for (const name of Object.keys(ref.metrics.columns)) expect(bits(got.metrics.columns[name]), name).toEqual(bits(ref.metrics.columns[name]));
    expect(got.waveforms.sample).toEqual(ref.waveforms.sample);
    got.waveforms.data.forEach((col, c) => expect(bits(col), ref.waveforms.columns[c]).toEqual(bits(ref.waveforms.data[c])));
    expect(got.finalState).toBe(ref.finalState);
    // The evidence, for the record: where each kill landed and where each resume continued.
    console.log([...kills, ...got.events.filter((e) => e.type === 'resume').map((e) => e.message)].join('\n'));
  });
});
