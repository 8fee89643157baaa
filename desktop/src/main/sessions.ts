/**
 * Session directories for the desktop (SessionsApi), on the Node side of the app. Reads go through
 * core's session API (sessionStatus on a read-only SessionStore, as `memflow session status` does):
 * they never take the session's lock and never write but to roll back a dead writer's journal.
 * Pause is core's pauseSession (what `memflow session pause` runs); resume starts
 * `memflow session resume DIR` as a detached child process, so the session outlives the app like one
 * started from a terminal.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CheckpointError, InputError, liveOwner, pauseSession, sessionStatus, SessionStore, SessionStoreError, type SessionStatusReport } from '@memflow/core/node/session';
import type { Result } from '../shared/engine-api.js';
import { SESSION_EVENTS, SESSION_METRICS_PAGE, type MetricsSlice, type SessionOverview, type SessionPoll, type SessionsApi } from '../shared/sessions-api.js';
import type { RecentFiles } from './recent-files.js';

/** How to run the memflow CLI: a command and the arguments before `session resume DIR`. */
export interface CliCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface SessionServiceOptions {
  readonly cli: CliCommand;
  /** Where the resumed processes' output goes (one log file per resume). */
  readonly logDir: string;
  readonly recent: RecentFiles;
  /** SQLite's quick_check runs on open and then at most this often (ms; default 30 s): it reads the whole file. */
  readonly integrityEveryMs?: number;
  /** Metrics rows per answer (default SESSION_METRICS_PAGE): a long session is read in pages, keeping each call short. */
  readonly metricsPage?: number;
  /** How long resume waits for the child to own the session (ms; default 30 s). */
  readonly resumeTimeoutMs?: number;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (message: string): Result<never> => ({ ok: false, message });

/** Errors that describe the directory (missing, not a session, another format, damaged) are the CLI's own words. */
function describe(dir: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SessionStoreError || err instanceof CheckpointError || err instanceof InputError) return message;
  return `cannot read session ${dir}: ${message}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SessionService implements SessionsApi {
  /** When each directory's integrity was last checked, and the answer. */
  private readonly checked = new Map<string, { at: number; result: string }>();

  constructor(private readonly options: SessionServiceOptions) {}

  async recent(): Promise<string[]> {
    return this.options.recent.get();
  }

  async open(dir: string, since: number): Promise<Result<SessionPoll>> {
    const abs = resolve(dir);
    this.checked.delete(abs);
    const r = this.read(abs, since);
    if (r.ok) this.options.recent.add(abs);
    return r;
  }

  async poll(dir: string, since: number): Promise<Result<SessionPoll>> {
    return this.read(resolve(dir), since);
  }

  async pause(dir: string): Promise<Result<string>> {
    try {
      const pid = pauseSession(resolve(dir));
      return ok(`asked pid ${pid} to checkpoint and pause`);
    } catch (err) {
      return fail(describe(dir, err));
    }
  }

  async resume(dir: string): Promise<Result<string>> {
    const abs = resolve(dir);
    try {
      SessionStore.open(abs, 'read').close();
    } catch (err) {
      return fail(describe(abs, err));
    }
    const owner = liveOwner(abs);
    if (owner !== null) return fail(`session ${abs} is already running (pid ${owner})`);
    mkdirSync(this.options.logDir, { recursive: true });
    const log = join(this.options.logDir, `resume-${Date.now()}-${process.pid}.log`);
    const fd = openSync(log, 'a');
    const { command, args, env } = this.options.cli;
    // Detached, with its output in a file (not a pipe to us): it keeps running when the app quits.
    const child = spawn(command, [...args, 'session', 'resume', abs, '--log', 'json'], { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
    closeSync(fd);
    let exit: number | null | undefined;
    let spawnError = '';
    child.on('exit', (code, signal) => (exit = code ?? (signal ? 128 : null)));
    child.on('error', (err) => {
      exit = -1;
      spawnError = err.message;
    });
    child.unref();
    const deadline = Date.now() + (this.options.resumeTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (child.pid !== undefined && liveOwner(abs) === child.pid) return ok(`resumed in pid ${child.pid} (its output: ${log})`);
      if (exit !== undefined) {
        if (exit === 0) return ok(`memflow session resume ${abs} ran to its end (its output: ${log})`);
        const text = exit === -1 ? spawnError : readFileSync(log, 'utf8').trim().split('\n').filter((l) => !l.startsWith('{')).join('\n');
        return fail(`memflow session resume ${abs} failed (exit ${exit}): ${text || 'no message'}`);
      }
      await sleep(50);
    }
    return fail(`memflow session resume ${abs} (pid ${child.pid}) did not take the session within ${(this.options.resumeTimeoutMs ?? 30_000) / 1000} s; its output is in ${log}`);
  }

  private read(dir: string, since: number): Result<SessionPoll> {
    if (!Number.isInteger(since) || since < 0) return fail(`metrics are read from a sample count (a whole number ≥ 0), got ${since}`);
    try {
      const last = this.checked.get(dir);
      const due = !last || Date.now() - last.at >= (this.options.integrityEveryMs ?? 30_000);
      const store = SessionStore.open(dir, 'read');
      try {
        const status = sessionStatus(store, { integrity: due, events: SESSION_EVENTS });
        if (due) this.checked.set(dir, { at: Date.now(), result: status.health.database });
        const checked = this.checked.get(dir)!;
        const rec = store.record();
        const metrics = slice(store, since, rec.spec.recorders.metricsEvery, this.options.metricsPage ?? SESSION_METRICS_PAGE);
        return ok({ overview: overview(status, rec.metricNames, checked, metrics.reached), metrics });
      } finally {
        store.close();
      }
    } catch (err) {
      return fail(describe(dir, err));
    }
  }
}

function overview(s: SessionStatusReport, metricNames: readonly string[], checked: { at: number; result: string }, metricsReached: number): SessionOverview {
  // While it runs, progress comes from the heartbeat file (about once a second), which can lag what the
  // database already holds; show whichever is further.
  const last = s.checkpoints[s.checkpoints.length - 1];
  const samplesDone = Math.max(s.samplesDone, metricsReached, last?.samples ?? 0);
  const simTime = last && last.samples > s.samplesDone ? last.simTime : s.simTime;
  return {
    dir: s.dir,
    name: s.name,
    kind: s.kind,
    health: { ...s.health, database: checked.result, checkedAt: new Date(checked.at).toISOString() },
    samplesDone,
    totalSamples: s.totalSamples,
    simTime,
    checkpoints: s.checkpoints.map((c) => ({ samples: c.samples, simTime: c.simTime, bytes: c.bytes, sha256: c.sha256, at: c.at })),
    disk: s.disk,
    waveformFiles: s.waveformFiles,
    events: s.events.map((e) => ({ at: e.at, type: e.type, sample: e.sample, message: e.message })),
    metricNames,
  };
}

function slice(store: SessionStore, from: number, every: number, page: number): MetricsSlice {
  const reached = store.metricsReached();
  // A row every `every` samples: a page of rows spans page·every samples.
  const to = from + page * every;
  const m = store.metrics(from, to);
  const columns: Record<string, (number | null)[]> = {};
  for (const [name, values] of Object.entries(m.columns)) columns[name] = values.map((v) => (Number.isNaN(v) ? null : v));
  return { from, reached, more: reached > to, sample: m.sample, simTime: m.simTime, columns };
}
