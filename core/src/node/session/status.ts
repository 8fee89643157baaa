/**
 * What a watcher (the CLI's `session status`, the desktop) needs to know about a session directory:
 * progress, latest metrics, checkpoints, disk use and health. Reads only; safe while the session runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { integrityCheck } from './sqlite.js';
import { CHECKPOINT_DIR, DB_FILE, liveOwner, SessionStore, STATUS_FILE, WAVEFORM_DIR, type CheckpointRow } from './store.js';

export interface SessionHealth {
  /** running: a live process owns it; crashed: the record says running but its process is gone. */
  readonly state: 'running' | 'paused' | 'stopped' | 'finished' | 'faulted' | 'crashed' | 'created';
  readonly message: string;
  readonly pid: number | null;
  /** Seconds since the runner's last heartbeat (status.json), if any. */
  readonly heartbeatAge: number | null;
  /** SQLite's quick_check: 'ok' or what is wrong ('not checked' when the caller skipped it). */
  readonly database: string;
}

export interface SessionStatusReport {
  readonly dir: string;
  readonly name: string;
  readonly kind: string;
  readonly samplesDone: number;
  readonly totalSamples: number;
  readonly simTime: number;
  readonly health: SessionHealth;
  /** The newest metrics row (NaN: not measured at that sample). */
  readonly lastMetrics: { readonly sample: number; readonly values: Record<string, number> } | null;
  readonly checkpoints: readonly CheckpointRow[];
  readonly disk: { readonly total: number; readonly database: number; readonly checkpoints: number; readonly waveforms: number };
  readonly waveformFiles: number;
  readonly events: readonly { readonly at: string; readonly type: string; readonly sample: number | null; readonly message: string }[];
  /** From status.json while running: the live sample count and summary figures. */
  readonly live: Record<string, unknown> | null;
}

function dirBytes(dir: string, files: readonly string[]): number {
  return files.reduce((s, f) => s + (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0), 0);
}

export interface StatusOptions {
  /** Run SQLite's quick_check (default true); a watcher polling every second checks once in a while instead. */
  readonly integrity?: boolean;
  /** How many of the newest events to include (default 8). */
  readonly events?: number;
}

export function readSessionStatus(dir: string, opts: StatusOptions = {}): SessionStatusReport {
  const store = SessionStore.open(dir, 'read');
  try {
    return sessionStatus(store, opts);
  } finally {
    store.close();
  }
}

/** The same report from a store the caller opened (read-only) and closes: one open for several reads. */
export function sessionStatus(store: SessionStore, opts: StatusOptions = {}): SessionStatusReport {
  const dir = store.dir;
  const rec = store.record();
  const owner = liveOwner(dir);
  let live: Record<string, unknown> | null = null;
  let heartbeatAge: number | null = null;
  const statusFile = join(dir, STATUS_FILE);
  if (existsSync(statusFile)) {
    try {
      live = JSON.parse(readFileSync(statusFile, 'utf8')) as Record<string, unknown>;
      heartbeatAge = (Date.now() - Date.parse(String(live.updatedAt))) / 1000;
    } catch {
      live = null; // being replaced right now; the database has the rest
    }
  }
  const ckpts = store.checkpoints();
  const last = ckpts[ckpts.length - 1];
  const resumeHint = `\`memflow session resume ${dir}\` continues from ${last ? `the checkpoint at sample ${last.samples}` : 'the beginning (no checkpoint yet)'}`;
  let state: SessionHealth['state'];
  let message: string;
  if (owner !== null) {
    state = 'running';
    message = `running (pid ${owner}${heartbeatAge !== null ? `, heartbeat ${heartbeatAge.toFixed(1)} s ago` : ''})`;
  } else if (rec.status === 'running' || rec.status === 'checkpointing') {
    state = 'crashed';
    message = `not running: the process${rec.pid ? ` (pid ${rec.pid})` : ''} stopped without saving; ${resumeHint}`;
  } else if (rec.status === 'stopped') {
    state = rec.reason === 'finished' ? 'finished' : 'stopped';
    message = rec.reason === 'finished' ? 'finished' : `stopped (${rec.reason ?? 'requested'}); ${resumeHint}`;
  } else if (rec.status === 'paused') {
    state = 'paused';
    message = `paused (${rec.reason ?? 'requested'}); ${resumeHint}`;
  } else if (rec.status === 'faulted') {
    state = 'faulted';
    message = `faulted: ${rec.reason ?? 'unknown error'}; ${resumeHint}`;
  } else {
    state = 'created';
    message = `created, never run; ${resumeHint}`;
  }
  const m = store.metrics(Math.max(0, rec.samplesDone - 5 * rec.spec.recorders.metricsEvery - 1));
  const lastIdx = m.sample.length - 1;
  const lastMetrics = lastIdx >= 0 ? { sample: m.sample[lastIdx], values: Object.fromEntries(Object.entries(m.columns).map(([k, v]) => [k, v[lastIdx]])) } : null;
  const wf = store.waveformFiles();
  const database = opts.integrity === false ? 'not checked' : integrityCheck(store.db, true);
  const disk = {
    total: store.diskBytes(),
    database: dirBytes(dir, [DB_FILE]),
    checkpoints: dirBytes(join(dir, CHECKPOINT_DIR), ckpts.map((c) => c.file)),
    waveforms: dirBytes(join(dir, WAVEFORM_DIR), wf.map((f) => f.file)),
  };
  const liveSamples = owner !== null && live && typeof live.samplesDone === 'number' ? live.samplesDone : rec.samplesDone;
  return {
    dir,
    name: rec.name,
    kind: rec.kind,
    samplesDone: liveSamples,
    totalSamples: rec.totalSamples,
    simTime: owner !== null && live && typeof live.simTime === 'number' ? live.simTime : rec.simTime,
    health: { state, message, pid: owner ?? rec.pid, heartbeatAge, database },
    lastMetrics,
    checkpoints: ckpts,
    disk,
    waveformFiles: wf.length,
    events: store.events(opts.events ?? 8),
    live: owner !== null ? live : null,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

export function formatStatus(s: SessionStatusReport): string {
  const pct = s.totalSamples > 0 ? ((100 * s.samplesDone) / s.totalSamples).toFixed(1) : '0';
  const lines = [
    `session ${s.name} (${s.kind})  ${s.dir}`,
    `  health      ${s.health.message}`,
    `  database    integrity ${s.health.database}`,
    `  progress    ${s.samplesDone} / ${s.totalSamples} samples (${pct} %)${s.simTime > 0 ? `, ${Number(s.simTime.toPrecision(6))} s simulated` : ''}`,
  ];
  if (s.lastMetrics) {
    const vals = Object.entries(s.lastMetrics.values)
      .filter(([, v]) => !Number.isNaN(v))
      .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
      .join(', ');
    lines.push(`  metrics     at sample ${s.lastMetrics.sample}: ${vals}`);
  }
  const last = s.checkpoints[s.checkpoints.length - 1];
  lines.push(last ? `  checkpoint  sample ${last.samples} at ${last.at} (${s.checkpoints.length} kept: ${s.checkpoints.map((c) => c.samples).join(', ')})` : '  checkpoint  none yet');
  lines.push(`  disk        ${mb(s.disk.total)} (database ${mb(s.disk.database)}, checkpoints ${mb(s.disk.checkpoints)}, waveforms ${mb(s.disk.waveforms)} in ${s.waveformFiles} files)`);
  lines.push('  events');
  for (const e of s.events) lines.push(`    ${e.at}  ${e.type.padEnd(10)} ${e.message}`);
  return lines.join('\n') + '\n';
}
