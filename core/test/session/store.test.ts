/**
 * The session directory in process: a whole run through the CLI, what it records (SQLite, Arrow,
 * exports read back by independent readers), retention, and the refusals that keep a resume from ever
 * being silently wrong: corrupt, truncated or foreign checkpoints, and a directory of another format.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { FIXTURES } from '../../src/node/cli.js';
import { SessionRunner } from '../../src/node/session/runner.js';
import { SessionStore } from '../../src/node/session/store.js';
import { integrityCheck } from '../../src/node/session/sqlite.js';
import { readAllWaveforms } from '../../src/node/session/waveforms.js';
import { parseSessionSpec } from '../../src/common/session/spec.js';

const root = mkdtempSync(join(tmpdir(), 'memflow-session-store-'));

const specValue = {
  format: 'memflow.session/v1',
  name: 'xor-online',
  seed: 1,
  workload: { kind: 'eqprop-online', hidden: [4], beta: 1e-8, lr: 1, evaluateEvery: 8 },
  stimulus: { kind: 'dataset', name: 'xor', epochs: 12 },
  recorders: { metricsEvery: 1, waveformsEvery: 1, chunkRows: 7 },
  schedule: { everySamples: 10 },
  retention: { keepCheckpoints: 2, decimateAfterSamples: 20, decimateFactor: 3 },
};

function specFile(name: string, value: unknown = specValue): string {
  const f = join(root, `${name}.json`);
  writeFileSync(f, JSON.stringify(value));
  return f;
}

function open(dir: string) {
  return SessionStore.open(dir, 'read');
}

/** Runs a session in process until its first checkpoint at or after `samples`, then pauses it. */
async function pausedSession(name: string, samples: number): Promise<string> {
  const dir = join(root, name);
  const runner = SessionRunner.start(parseSessionSpec(specValue), specFile(name), dir, {
    fixtures: FIXTURES,
    onEvent: (e) => {
      if (e.event === 'checkpoint' && e.sample >= samples) runner.pause('test');
    },
  });
  expect(await runner.run()).toBe('paused');
  runner.close();
  return dir;
}

describe('session store', () => {
  it('records a whole run: metrics, waveforms, checkpoints, events; exports read back bit for bit', async () => {
    const dir = join(root, 'whole');
    const run = await cli('session', 'start', specFile('whole'), '--dir', dir, '--log', 'json');
    expect(run.err).toContain('session finished: 48 samples');
    expect(run.code).toBe(0);
    const logLines = run.out.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(logLines.map((l) => l.event)).toContain('checkpoint');

    const store = open(dir);
    const rec = store.record();
    expect(rec.status).toBe('stopped');
    expect(rec.reason).toBe('finished');
    expect(integrityCheck(store.db)).toBe('ok');
    const m = store.metrics();
    expect(m.sample).toEqual(Array.from({ length: 48 }, (_, k) => k));
    // test_accuracy is measured every 8 samples and at the end, NULL (NaN) elsewhere.
    expect(m.columns.test_accuracy.map((v, k) => (Number.isNaN(v) ? -1 : k)).filter((k) => k >= 0)).toEqual([7, 15, 23, 31, 39, 47]);
    // keepCheckpoints 2: the newest two of 10, 20, 30, 40, 48.
    expect(store.checkpoints().map((c) => c.samples)).toEqual([40, 48]);
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual(['ckpt-0000000040.bin', 'ckpt-0000000048.bin']);
    // Decimation: rows older than 20 samples behind the newest (48) survive only at multiples of 3.
    const w = readAllWaveforms(store);
    const expected = Array.from({ length: 48 }, (_, k) => k).filter((k) => k >= 28 || k % 3 === 0);
    expect(w.sample).toEqual(expected);
    // Every Arrow file is readable on its own (what pandas.read_feather / polars.read_ipc do).
    for (const f of store.waveformFiles()) {
      const t = tableFromIPC(readFileSync(join(dir, 'waveforms', f.file)));
      expect(t.schema.fields[0].name).toBe('sample');
      expect(t.numRows).toBe(f.rows);
    }
    store.close();

    const status = await cli('session', 'status', dir);
    expect(status.out).toMatch(/health\s+finished/);
    expect(status.out).toContain('48 / 48 samples');

    const out = join(root, 'export');
    expect((await cli('session', 'export', dir, '--format', 'parquet', '--out', out)).code).toBe(0);
    expect((await cli('session', 'export', dir, '--format', 'csv', '--out', out)).code).toBe(0);
    const pq = readFileSync(join(out, 'metrics.parquet'));
    const rows = (await parquetReadObjects({ file: pq.buffer.slice(pq.byteOffset, pq.byteOffset + pq.byteLength) })) as Record<string, number>[];
    expect(rows.map((r) => Number(r.sample))).toEqual(m.sample);
    expect(Buffer.from(Float64Array.from(rows, (r) => r.loss).buffer)).toEqual(Buffer.from(Float64Array.from(m.columns.loss).buffer));
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(['sample', 'sim_time', ...Object.keys(m.columns)].join(','));
    const lossCol = csv[0].split(',').indexOf('loss');
    expect(csv.slice(1).map((l) => Number(l.split(',')[lossCol]))).toEqual(m.columns.loss);
  });

  it('resumes a paused session to the same end as an uninterrupted run, also from an older checkpoint', async () => {
    const ref = join(root, 'whole');
    const dir = await pausedSession('paused', 20);
    const status = await cli('session', 'status', dir);
    expect(status.out).toMatch(/health\s+paused \(test\)/);
    expect((await cli('session', 'resume', dir, '--checkpoint', '10', '--log', 'json')).code).toBe(0);
    const a = open(ref);
    const b = open(dir);
    expect(b.metrics()).toEqual(a.metrics());
    expect(readAllWaveforms(b)).toEqual(readAllWaveforms(a));
    expect(b.checkpoints().map((c) => c.sha256)).toEqual(a.checkpoints().map((c) => c.sha256));
    expect(b.events(50).some((e) => e.type === 'resume' && e.message.includes('checkpoint at sample 10'))).toBe(true);
    a.close();
    b.close();
  });

  it('pauses and resumes in process (the desktop path) to the same end', async () => {
    const dir = join(root, 'in-process');
    const seen: string[] = [];
    const runner = SessionRunner.start(parseSessionSpec(specValue), specFile('in-process'), dir, {
      fixtures: FIXTURES,
      onEvent: (e) => {
        seen.push(e.event);
        if (e.event === 'checkpoint' && e.sample === 20) runner.pause('user');
      },
    });
    expect(await runner.run()).toBe('paused');
    expect(runner.workload.index).toBe(20);
    runner.resume();
    expect(await runner.run()).toBe('stopped');
    runner.close();
    expect(seen).toEqual(['start', 'checkpoint', 'checkpoint', 'pause', 'resume', 'checkpoint', 'checkpoint', 'checkpoint', 'stop']);
    const a = open(join(root, 'whole'));
    const b = open(dir);
    expect(b.metrics()).toEqual(a.metrics());
    expect(b.checkpoints().map((c) => c.sha256)).toEqual(a.checkpoints().map((c) => c.sha256));
    a.close();
    b.close();
  });

  it('runs a YAML spec whose stimulus is a file of samples, copied into the session', async () => {
    const values = Array.from({ length: 12 }, (_, k) => 0.05 * ((7 * k) % 10));
    writeFileSync(join(root, 'stream.csv'), 'u\n' + values.join('\n') + '\n');
    const yaml = [
      'format: memflow.session/v1',
      'name: file-stream',
      'seed: 4',
      'workload:',
      '  kind: reservoir-online',
      '  nanowire: { wires: 30, length: { mean: 10, std: 2 }, size: { w: 25, h: 25 } }',
      '  dt: 0.02',
      '  readoutWires: 3',
      '  task: { kind: delay, k: 2 }',
      'stimulus: { kind: file, file: stream.csv, repeat: 2 }',
      'schedule: { everySimSeconds: 0.1 }',
    ].join('\n');
    const file = join(root, 'file-stream.yaml');
    writeFileSync(file, yaml);
    const dir = join(root, 'file-stream');
    const r = await cli('session', 'start', file, '--dir', dir, '--log', 'json');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'inputs', 'stream.csv'), 'utf8')).toContain('u\n');
    const store = open(dir);
    const m = store.metrics();
    const ckptSamples = store.events(100).filter((e) => e.type === 'checkpoint').map((e) => e.sample);
    store.close();
    // Every 0.1 simulated seconds = every 5 samples of 0.02 s (and at the end).
    expect(ckptSamples).toEqual([5, 10, 15, 20, 24]);
    expect(m.columns.input).toEqual([...values, ...values]);
    // delay k = 2: the target is the input two samples earlier (0 before the stream starts).
    expect(m.columns.target).toEqual([0, 0, ...[...values, ...values].slice(0, 22)]);
  });

  it('pauses when the directory outgrows retention.maxDiskMB, saying so', async () => {
    const dir = join(root, 'disk');
    const spec = { ...specValue, retention: { keepCheckpoints: 2, maxDiskMB: 0.05 } };
    const r = await cli('session', 'start', specFile('disk', spec), '--dir', dir, '--log', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^paused at sample \d+ of 48/);
    const status = await cli('session', 'status', dir);
    expect(status.out).toMatch(/paused \(disk: the session directory holds [\d.]+ MB, over retention.maxDiskMB = 0.05\)/);
  });

  describe('refuses to resume from', () => {
    const lastCheckpoint = (dir: string) => {
      const s = open(dir);
      const c = s.checkpoints();
      s.close();
      return join(dir, 'checkpoints', c[c.length - 1].file);
    };

    it('a corrupt checkpoint, naming it and the older one to use', async () => {
      const dir = await pausedSession('corrupt', 20);
      const file = lastCheckpoint(dir);
      const bytes = readFileSync(file);
      bytes[bytes.length - 10] ^= 0x40;
      writeFileSync(file, bytes);
      const r = await cli('session', 'resume', dir);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`checkpoint ${file} is corrupt`);
      expect(r.err).toContain(`--checkpoint 10`);
    });

    it('a truncated checkpoint', async () => {
      const dir = await pausedSession('truncated', 20);
      const file = lastCheckpoint(dir);
      truncateSync(file, readFileSync(file).length - 100);
      const r = await cli('session', 'resume', dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/is truncated/);
      truncateSync(file, 10);
      expect((await cli('session', 'resume', dir)).err).toMatch(/not a memflow checkpoint/);
    });

    it("another session's checkpoint put in its place", async () => {
      const dir = await pausedSession('foreign', 20);
      const other = await pausedSession('other', 20);
      copyFileSync(lastCheckpoint(other), lastCheckpoint(dir));
      // Same spec, same sample: only the database's SHA-256 tells the files apart... and they are
      // equal (deterministic), so this one resumes correctly; a checkpoint of another spec does not.
      expect((await cli('session', 'resume', dir, '--log', 'json')).code).toBe(0);
      const changed = await pausedSession('changed', 20);
      const third = join(root, 'third');
      const s3 = SessionRunner.start(parseSessionSpec({ ...specValue, seed: 2 }), specFile('third'), third, {
        fixtures: FIXTURES,
        onEvent: (e) => {
          if (e.event === 'checkpoint' && e.sample >= 20) s3.pause('test');
        },
      });
      await s3.run();
      s3.close();
      copyFileSync(lastCheckpoint(third), lastCheckpoint(changed));
      const r = await cli('session', 'resume', changed);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/not the file the session database recorded|different session spec/);
    });

    it('a session directory of another store format', async () => {
      const dir = await pausedSession('format', 10);
      const s = SessionStore.open(dir, 'write');
      s.db.run("UPDATE meta SET value = '0' WHERE key = 'store_format'");
      s.close();
      const r = await cli('session', 'resume', dir);
      expect(r.code).toBe(2);
      expect(r.err).toContain('session store format 0; this memflow reads format 1');
      expect((await cli('session', 'status', dir)).code).toBe(2);
    });

    it('a session that another live process is running', async () => {
      const dir = await pausedSession('owned', 10);
      // The test runner's parent stands in for a live memflow process holding the session.
      writeFileSync(join(dir, 'session.lock'), String(process.ppid));
      const r = await cli('session', 'resume', dir);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`is already running (pid ${process.ppid})`);
      // A lock left by a process that is gone is taken over.
      writeFileSync(join(dir, 'session.lock'), '999999999');
      expect((await cli('session', 'resume', dir, '--log', 'json')).code).toBe(0);
    });

    it('a session database that is not a database any more, for status, resume and pause alike', async () => {
      const dir = await pausedSession('damaged-db', 10);
      writeFileSync(join(dir, 'session.db'), Buffer.alloc(8192, 0x5a));
      for (const sub of ['status', 'resume', 'pause']) {
        const r = await cli('session', sub, dir);
        expect(r.code, sub).toBe(2);
        expect(r.err, sub).toContain(`${join(dir, 'session.db')} is damaged (SQLite: file is not a database)`);
      }
      // The refused resume left no lock behind.
      expect(readdirSync(dir)).not.toContain('session.lock');
    });

    it('a directory that is not a session, and a spec that does not parse', async () => {
      const r = await cli('session', 'resume', root);
      expect(r.code).toBe(2);
      expect(r.err).toContain('is not a session directory');
      const bad = specFile('bad', { ...specValue, workload: { ...specValue.workload, lr: -1 } });
      const s = await cli('session', 'start', bad, '--dir', join(root, 'bad'));
      expect(s.code).toBe(2);
      expect(s.err).toMatch(/workload\.lr/);
    });
  });
});
