/**
 * The desktop's session access (src/main/sessions.ts) against real session directories: what it returns
 * is compared with the store read directly (SessionStore), bit for bit for the metrics; broken
 * directories give messages, not exceptions; and a session running in a child process (the built CLI)
 * is paused and resumed through it, ending where an uninterrupted run ends.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/src/node/session/sqlite.js';
import { RecentFiles } from '../../src/main/recent-files.js';
import { callSessions } from '../../src/main/session-calls.js';
import { SessionService } from '../../src/main/sessions.js';
import type { Result } from '../../src/shared/engine-api.js';
import type { SessionPoll } from '../../src/shared/sessions-api.js';
import { bits, CLI, ensureBuiltCli, readStore, reservoirSpec, ROOT, runSession, writeSpec, xorSpec } from '../helpers/sessions.js';

const root = mkdtempSync(join(tmpdir(), 'memflow-desktop-sessions-'));

function service(opts: { metricsPage?: number } = {}) {
  let saved = '';
  const recent = new RecentFiles({ read: () => saved || undefined, write: (t) => (saved = t) });
  return new SessionService({ cli: { command: process.execPath, args: [CLI] }, logDir: join(root, 'logs'), recent, ...opts });
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected a value, got: ${r.message}`);
  return r.value;
}

function message(r: Result<unknown>): string {
  if (r.ok) throw new Error('expected a failure');
  return r.message;
}

let xorDir: string;

beforeAll(async () => {
  xorDir = await runSession(root, 'xor', xorSpec);
});

describe('session access for the desktop', () => {
  it('returns the record, every metrics row (page by page), the checkpoints and the events the store holds', async () => {
    const svc = service({ metricsPage: 10 });
    const first = value(await svc.open(xorDir, 0));
    const store = readStore(xorDir);
    const o = first.overview;
    expect(o).toMatchObject({ dir: xorDir, name: 'xor-desktop', kind: 'eqprop-online', samplesDone: store.record.samplesDone, totalSamples: 48, simTime: store.record.simTime, metricNames: store.record.metricNames });
    expect(o.health.state).toBe('finished');
    expect(o.health.database).toBe('ok');
    expect(o.checkpoints).toEqual(store.checkpoints.map(({ samples, simTime, bytes, sha256, at }) => ({ samples, simTime, bytes, sha256, at })));
    expect(o.checkpoints.map((c) => c.samples)).toEqual([40, 48]);
    expect(o.events).toEqual(store.events.map(({ at, type, sample, message }) => ({ at, type, sample, message })));
    expect(o.events.at(-1)).toMatchObject({ type: 'stop', sample: 48 });

    // Pages of 10 rows until `more` is false, as the view polls them.
    const pages: SessionPoll['metrics'][] = [first.metrics];
    while (pages.at(-1)!.more) {
      const last = pages.at(-1)!;
      pages.push(value(await svc.poll(xorDir, last.sample.at(-1)! + 1)).metrics);
    }
    expect(pages.map((p) => p.sample.length)).toEqual([10, 10, 10, 10, 8]);
    expect(pages.every((p) => p.reached === 48)).toBe(true);
    const sample = pages.flatMap((p) => p.sample);
    expect(sample).toEqual(store.metrics.sample);
    expect(bits(pages.flatMap((p) => p.simTime))).toEqual(bits(store.metrics.simTime));
    for (const name of store.record.metricNames) {
      const got = pages.flatMap((p) => p.columns[name]);
      expect(bits(got), name).toEqual(bits(store.metrics.columns[name]));
      // Not measured (NaN in the store) travels as null, and only there.
      expect(got.map((v) => v === null), name).toEqual(store.metrics.columns[name].map((v) => Number.isNaN(v)));
    }
    // test_accuracy is measured every 8 samples: 6 values among 48 rows.
    expect(first.metrics.columns.test_accuracy.filter((v) => v !== null)).toHaveLength(1);
    expect(pages.flatMap((p) => p.columns.test_accuracy).filter((v) => v !== null)).toHaveLength(6);
    // Nothing past the end.
    expect(value(await svc.poll(xorDir, 48)).metrics).toMatchObject({ sample: [], more: false, reached: 48 });
    expect(await svc.recent()).toEqual([xorDir]);
  });

  it('tells what is wrong with a directory that is missing, not a session, of another format or corrupt', async () => {
    const svc = service();
    expect(message(await svc.open(join(root, 'nowhere'), 0))).toMatch(/nowhere is not a session directory \(no session\.db\)/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(message(await svc.open(empty, 0))).toMatch(/empty is not a session directory/);

    const other = join(root, 'other-format');
    cpSync(xorDir, other, { recursive: true });
    const db = openDatabase(join(other, 'session.db'), { mustExist: true });
    db.run("UPDATE meta SET value = '99' WHERE key = 'store_format'");
    db.close();
    expect(message(await svc.open(other, 0))).toMatch(/written in session store format 99; this memflow reads format 1/);

    const corrupt = join(root, 'corrupt');
    cpSync(xorDir, corrupt, { recursive: true });
    writeFileSync(join(corrupt, 'session.db'), Buffer.alloc(8192, 0x5a));
    const m = message(await svc.open(corrupt, 0));
    expect(message(await svc.resume(corrupt))).toBe(m);
    expect(m).toContain(`${join(corrupt, 'session.db')} is damaged (SQLite: file is not a database)`);
    // None of them joined the recent list.
    expect(await svc.recent()).toEqual([]);
    // Calls that arrive as untrusted data are checked before they reach the store.
    expect(await callSessions(svc, 'delete', [xorDir])).toEqual({ ok: false, message: "unknown session call 'delete'" });
    expect(await callSessions(svc, 'poll', [xorDir, -1])).toMatchObject({ ok: false, message: expect.stringMatching(/sample count/) });
    expect(await callSessions(svc, 'pause', [42])).toMatchObject({ ok: false, message: expect.stringMatching(/directory path is required/) });
    expect(value((await callSessions(svc, 'poll', [xorDir, 40])) as Result<SessionPoll>).metrics.sample).toEqual([40, 41, 42, 43, 44, 45, 46, 47]);
    // Pausing or resuming what cannot be: messages, not exceptions.
    expect(message(await svc.pause(xorDir))).toMatch(/is not running/);
    expect(message(await svc.resume(join(root, 'nowhere')))).toMatch(/not a session directory/);
  });

  it('a pause sent the moment the session lock exists is not lost (the CLI handles signals before it takes the lock)', async () => {
    ensureBuiltCli();
    const dir = join(root, 'early');
    const child = spawn(process.execPath, [CLI, 'session', 'start', writeSpec(root, 'early', reservoirSpec(300)), '--dir', dir, '--log', 'json'], { cwd: ROOT, stdio: 'ignore' });
    let code: number | null | undefined;
    let signal: string | null = null;
    const exited = new Promise<void>((resolve) => child.on('exit', (c, s) => ((code = c), (signal = s), resolve())));
    // What pauseSession sends, at the earliest moment it could: when the lock file names the process,
    // before the database exists (pauseSession itself needs the database, so it cannot be this early).
    while (!existsSync(join(dir, 'session.lock')) && code === undefined) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGINT');
    await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const o = value(await service().poll(dir, 0)).overview;
    expect(o.health.state).toBe('paused');
    expect(o.samplesDone).toBeLessThan(300);
  });

  it('reports a session whose process was killed as crashed, with where a resume continues', async () => {
    ensureBuiltCli();
    const dir = join(root, 'killed');
    const child = spawn(process.execPath, [CLI, 'session', 'start', writeSpec(root, 'killed', reservoirSpec(100_000)), '--dir', dir, '--log', 'json'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const svc = service();
    let o: SessionPoll['overview'] | undefined;
    // Until it has checkpointed at least once (every 100 samples).
    for (let k = 0; k < 600 && !(o?.health.state === 'running' && o.checkpoints.length > 0); k++) {
      const r = await svc.poll(dir, 0);
      if (r.ok) o = r.value.overview;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(o?.health.state).toBe('running');
    child.kill('SIGKILL');
    await exited;
    const after = value(await svc.poll(dir, 0)).overview;
    const last = readStore(dir).checkpoints.at(-1)!;
    expect(after.health.state).toBe('crashed');
    expect(after.health.message).toContain(`\`memflow session resume ${dir}\` continues from the checkpoint at sample ${last.samples}`);
    expect(after.checkpoints.at(-1)!.samples).toBe(last.samples);
  });

  it('pauses a session running in a child process and resumes it to the end of an uninterrupted run', async () => {
    const samples = 1200;
    const spec = reservoirSpec(samples);
    const reference = readStore(await runSession(root, 'reference', spec));
    expect(reference.record.reason).toBe('finished');

    const dir = join(root, 'live');
    const child = spawn(process.execPath, [CLI, 'session', 'start', writeSpec(root, 'live', spec), '--dir', dir, '--log', 'json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const svc = service();
    // Watch it as the view does until a process owns it, then pause it.
    let poll: SessionPoll | undefined;
    for (let k = 0; k < 600 && poll?.overview.health.state !== 'running'; k++) {
      const r = await svc.poll(dir, 0);
      if (r.ok) poll = r.value;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(poll?.overview.health).toMatchObject({ state: 'running', pid: child.pid });
    expect(value(await svc.pause(dir))).toBe(`asked pid ${child.pid} to checkpoint and pause`);
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/paused at sample \d+ of 1200/);
    const paused = value(await svc.poll(dir, 0)).overview;
    expect(paused.health.state).toBe('paused');
    expect(paused.samplesDone).toBeLessThan(samples);
    // Paused means checkpointed where it stopped.
    expect(paused.checkpoints.at(-1)!.samples).toBe(paused.samplesDone);
    expect(paused.events.at(-1)).toMatchObject({ type: 'pause', sample: paused.samplesDone });

    const resumed = value(await svc.resume(dir));
    expect(resumed).toMatch(/^resumed in pid \d+|ran to its end/);
    let state = '';
    for (let k = 0; k < 1200 && state !== 'finished'; k++) {
      await new Promise((r) => setTimeout(r, 100));
      state = value(await svc.poll(dir, 0)).overview.health.state;
    }
    expect(state).toBe('finished');
    const got = readStore(dir);
    expect(got.metrics.sample).toEqual(reference.metrics.sample);
    expect(bits(got.metrics.simTime)).toEqual(bits(reference.metrics.simTime));
    for (const name of reference.record.metricNames) expect(bits(got.metrics.columns[name]), name).toEqual(bits(reference.metrics.columns[name]));
    // The final state: the last checkpoint's bytes hash to the same SHA-256.
    expect(got.checkpoints.at(-1)!.sha256).toBe(reference.checkpoints.at(-1)!.sha256);
    expect(got.events.some((e) => e.type === 'resume' && e.message.includes(`checkpoint at sample ${paused.samplesDone}`))).toBe(true);
  });
});
