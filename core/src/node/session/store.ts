/**
 * A session directory:
 *
 *   DIR/session.db        SQLite: meta (store format), session record, spec, metrics, events,
 *                         checkpoint index, waveform-file index
 *   DIR/checkpoints/      ckpt-<samples>.bin (checkpoint-file.ts), the newest K kept
 *   DIR/waveforms/        w-<first>-<last>.arrow, Arrow IPC files (pandas.read_feather, polars.read_ipc)
 *   DIR/session.lock      the pid of the process running the session (exclusive create)
 *   DIR/status.json       a heartbeat the runner rewrites about once a second
 *
 * Every index row is written after its file is durably in place, and a resume first deletes whatever
 * lies past the last checkpoint (metrics rows, waveform files, unindexed files), so the directory
 * always describes one consistent run.
 */
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, writeSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionSpec } from '../../common/session/spec.js';
import { clearStaleDbLock, openDatabase, retryBusy, transaction, type Database, type Row } from './sqlite.js';

/** Bump when the layout or schema changes incompatibly; older directories are refused with a message. */
export const STORE_FORMAT = 1;

export const DB_FILE = 'session.db';
export const LOCK_FILE = 'session.lock';
export const STATUS_FILE = 'status.json';
export const CHECKPOINT_DIR = 'checkpoints';
export const WAVEFORM_DIR = 'waveforms';

/** A session directory that cannot be used as asked (missing, incompatible, busy). */
export class SessionStoreError extends Error {}

export interface SessionRecord {
  name: string;
  kind: string;
  spec: SessionSpec;
  specHash: string;
  totalSamples: number;
  status: string;
  reason: string | null;
  samplesDone: number;
  simTime: number;
  createdAt: string;
  updatedAt: string;
  pid: number | null;
  metricNames: string[];
  waveformColumns: string[];
}

export interface CheckpointRow {
  id: number;
  samples: number;
  simTime: number;
  file: string;
  bytes: number;
  sha256: string;
  at: string;
}

export interface WaveformFileRow {
  file: string;
  firstSample: number;
  lastSample: number;
  rows: number;
  bytes: number;
  /** Rows below this sample have been decimated (0: none). */
  decimatedBelow: number;
}

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE session (
  id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, kind TEXT NOT NULL, spec TEXT NOT NULL,
  spec_hash TEXT NOT NULL, total_samples INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT,
  samples_done INTEGER NOT NULL, sim_time REAL NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  pid INTEGER, metric_names TEXT NOT NULL, waveform_columns TEXT NOT NULL);
CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, type TEXT NOT NULL, sample INTEGER, message TEXT NOT NULL);
CREATE TABLE checkpoints (id INTEGER PRIMARY KEY AUTOINCREMENT, samples INTEGER NOT NULL UNIQUE, sim_time REAL NOT NULL,
  file TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE waveform_files (file TEXT PRIMARY KEY, first_sample INTEGER NOT NULL, last_sample INTEGER NOT NULL,
  rows INTEGER NOT NULL, bytes INTEGER NOT NULL, decimated_below INTEGER NOT NULL DEFAULT 0);
`;

/** Metric names as SQL column names: lower-case letters, digits and underscores. */
export function metricColumn(name: string): string {
  const c = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(c) ? c : `m_${c}`;
}

function now(): string {
  return new Date().toISOString();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in DIR/session.lock if that process is alive, else null (no lock, or a stale one). */
export function liveOwner(dir: string): number | null {
  const file = join(dir, LOCK_FILE);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
}

export class SessionStore {
  private constructor(
    readonly dir: string,
    readonly db: Database,
    private readonly ownsLock: boolean,
  ) {}

  /** Creates DIR (which must not hold a session yet) for `spec`; the caller then owns it. */
  static create(dir: string, spec: SessionSpec, meta: { specHash: string; kind: string; totalSamples: number; metricNames: readonly string[]; waveformColumns: readonly string[]; version: string }): SessionStore {
    if (existsSync(join(dir, DB_FILE))) throw new SessionStoreError(`${dir} already holds a session; resume it with \`memflow session resume ${dir}\` or choose another --dir`);
    mkdirSync(join(dir, CHECKPOINT_DIR), { recursive: true });
    mkdirSync(join(dir, WAVEFORM_DIR), { recursive: true });
    SessionStore.acquireLock(dir);
    const db = openDatabase(join(dir, DB_FILE));
    const cols = meta.metricNames.map((n) => `${metricColumn(n)} REAL`).join(', ');
    transaction(db, () => {
      db.exec(SCHEMA);
      db.exec(`CREATE TABLE metrics (sample INTEGER PRIMARY KEY, sim_time REAL NOT NULL${cols ? ', ' + cols : ''})`);
      db.run('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)', ['store_format', String(STORE_FORMAT), 'memflow_version', meta.version]);
      const t = now();
      db.run(
        'INSERT INTO session (id, name, kind, spec, spec_hash, total_samples, status, reason, samples_done, sim_time, created_at, updated_at, pid, metric_names, waveform_columns) VALUES (1, ?, ?, ?, ?, ?, ?, NULL, 0, 0, ?, ?, ?, ?, ?)',
        [spec.name, meta.kind, JSON.stringify(spec), meta.specHash, meta.totalSamples, 'created', t, t, process.pid, JSON.stringify(meta.metricNames), JSON.stringify(meta.waveformColumns)],
      );
    });
    return new SessionStore(dir, db, true);
  }

  /**
   * Opens an existing session directory. `write` takes the session's lock (refusing if a live process
   * holds it) and clears what a killed process left behind; read-only access never blocks the runner
   * for long and never changes anything but a stale VFS lock.
   */
  static open(dir: string, mode: 'read' | 'write'): SessionStore {
    const dbFile = join(dir, DB_FILE);
    if (!existsSync(dbFile)) throw new SessionStoreError(`${dir} is not a session directory (no ${DB_FILE}); create one with \`memflow session start SPEC --dir ${dir}\``);
    const owner = liveOwner(dir);
    if (mode === 'write') {
      if (owner !== null) throw new SessionStoreError(`session ${dir} is already running (pid ${owner}); stop it first (Ctrl-C or kill ${owner})`);
      SessionStore.acquireLock(dir);
    }
    if (owner === null) clearStaleDbLock(dbFile);
    // Read access opens read-write too: after a kill, the first reader must be able to roll back the hot journal.
    let db: Database;
    try {
      db = openDatabase(dbFile, { mustExist: true });
    } catch (err) {
      if (mode === 'write') rmSync(join(dir, LOCK_FILE), { force: true });
      // SQLite's words for a file that is not (or no longer) a database; a lock timeout stays as it is.
      if (/not a database|malformed|corrupt/i.test((err as Error).message)) {
        throw new SessionStoreError(`${dbFile} is damaged (SQLite: ${(err as Error).message}); memflow cannot read this session. Restore the directory from a backup, or start the session again in a new directory`);
      }
      throw err;
    }
    const store = new SessionStore(dir, db, mode === 'write');
    try {
      store.checkFormat();
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  private static acquireLock(dir: string): void {
    const file = join(dir, LOCK_FILE);
    // A lock left by a dead process is stale: the caller checked liveOwner first.
    if (existsSync(file)) unlinkSync(file);
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch {
      throw new SessionStoreError(`session ${dir} is being opened by another process; try again`);
    }
    writeSync(fd, String(process.pid));
    closeSync(fd);
  }

  private checkFormat(): void {
    let rows: Row[];
    try {
      rows = retryBusy(() => this.db.all("SELECT value FROM meta WHERE key = 'store_format'"), 'reading the session format') as Row[];
    } catch {
      throw new SessionStoreError(`${this.dir}/${DB_FILE} is not a memflow session database (no meta table); if \`memflow session start\` was stopped while creating it, delete ${this.dir} and start again`);
    }
    const format = rows.length ? Number(rows[0].value) : NaN;
    if (format !== STORE_FORMAT) {
      throw new SessionStoreError(
        `${this.dir} was written in session store format ${Number.isNaN(format) ? '(unknown)' : format}; this memflow reads format ${STORE_FORMAT}. Use the memflow version that created it, or export it (\`memflow session export\`) with that version`,
      );
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
    if (this.ownsLock) rmSync(join(this.dir, LOCK_FILE), { force: true });
  }

  record(): SessionRecord {
    const r = retryBusy(() => this.db.get('SELECT * FROM session WHERE id = 1'), 'reading the session record') as Row | null;
    if (!r) throw new SessionStoreError(`${this.dir}: the session record is missing`);
    return {
      name: String(r.name),
      kind: String(r.kind),
      spec: JSON.parse(String(r.spec)) as SessionSpec,
      specHash: String(r.spec_hash),
      totalSamples: Number(r.total_samples),
      status: String(r.status),
      reason: r.reason === null ? null : String(r.reason),
      samplesDone: Number(r.samples_done),
      simTime: Number(r.sim_time),
      createdAt: String(r.created_at),
      updatedAt: String(r.updated_at),
      pid: r.pid === null ? null : Number(r.pid),
      metricNames: JSON.parse(String(r.metric_names)) as string[],
      waveformColumns: JSON.parse(String(r.waveform_columns)) as string[],
    };
  }

  /** Call inside a transaction. */
  setStatus(status: string, reason: string | null, samplesDone: number, simTime: number): void {
    this.db.run('UPDATE session SET status = ?, reason = ?, samples_done = ?, sim_time = ?, updated_at = ?, pid = ? WHERE id = 1', [status, reason, samplesDone, simTime, now(), process.pid]);
  }

  /** Call inside a transaction. */
  event(type: string, sample: number | null, message: string): void {
    this.db.run('INSERT INTO events (at, type, sample, message) VALUES (?, ?, ?, ?)', [now(), type, sample, message]);
  }

  checkpoints(): CheckpointRow[] {
    const rows = retryBusy(() => this.db.all('SELECT * FROM checkpoints ORDER BY samples'), 'reading checkpoints') as Row[];
    return rows.map((r) => ({ id: Number(r.id), samples: Number(r.samples), simTime: Number(r.sim_time), file: String(r.file), bytes: Number(r.bytes), sha256: String(r.sha256), at: String(r.at) }));
  }

  waveformFiles(): WaveformFileRow[] {
    const rows = retryBusy(() => this.db.all('SELECT * FROM waveform_files ORDER BY first_sample'), 'reading waveform files') as Row[];
    return rows.map((r) => ({
      file: String(r.file),
      firstSample: Number(r.first_sample),
      lastSample: Number(r.last_sample),
      rows: Number(r.rows),
      bytes: Number(r.bytes),
      decimatedBelow: Number(r.decimated_below),
    }));
  }

  events(limit = 20): { seq: number; at: string; type: string; sample: number | null; message: string }[] {
    const rows = retryBusy(() => this.db.all('SELECT * FROM events ORDER BY seq DESC LIMIT ?', [limit]), 'reading events') as Row[];
    return rows.reverse().map((r) => ({ seq: Number(r.seq), at: String(r.at), type: String(r.type), sample: r.sample === null ? null : Number(r.sample), message: String(r.message) }));
  }

  /** Metrics rows in sample order (NULL, written for NaN, comes back as NaN). */
  metrics(from = 0, to = Number.MAX_SAFE_INTEGER): { sample: number[]; simTime: number[]; columns: Record<string, number[]> } {
    const names = this.record().metricNames;
    const rows = retryBusy(() => this.db.all('SELECT * FROM metrics WHERE sample >= ? AND sample < ? ORDER BY sample', [from, to]), 'reading metrics') as Row[];
    const columns: Record<string, number[]> = {};
    for (const n of names) columns[n] = rows.map((r) => (r[metricColumn(n)] === null ? NaN : Number(r[metricColumn(n)])));
    return { sample: rows.map((r) => Number(r.sample)), simTime: rows.map((r) => Number(r.sim_time)), columns };
  }

  /** One past the newest metrics row's sample (0 when there is none). */
  metricsReached(): number {
    const r = retryBusy(() => this.db.get('SELECT MAX(sample) AS m FROM metrics'), 'reading metrics') as Row | null;
    return r && r.m !== null ? Number(r.m) + 1 : 0;
  }

  /** Bytes of every file in the directory. */
  diskBytes(): number {
    let total = 0;
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) total += statSync(p).size;
      }
    };
    walk(this.dir);
    return total;
  }
}
