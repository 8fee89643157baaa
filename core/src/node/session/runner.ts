/**
 * Runs a session: drives the session actor (common/session/machine.ts), steps the workload, streams
 * metrics to SQLite and waveforms to Arrow files, checkpoints on the schedule and on pause/stop, and
 * applies retention. `startSession` creates the directory; `resumeSession` continues from the last
 * checkpoint, after discarding whatever was recorded past it, so the result equals an uninterrupted run.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { createActor, type Actor } from 'xstate';
import { sessionMachine, sessionStatus, type SessionStatus } from '../../common/session/machine.js';
import type { SessionSpec } from '../../common/session/spec.js';
import { SnapshotMismatchError, type SessionWorkload } from '../../common/session/workload.js';
import type { DeviceLookup } from '../../common/solver/system.js';
import { encodeCheckpoint, readCheckpoint, writeCheckpoint, CheckpointError } from './checkpoint-file.js';
import { fsyncDir, writeFileAtomic } from './files.js';
import { transaction, type Statement } from './sqlite.js';
import { CHECKPOINT_DIR, SessionStore, SessionStoreError, STATUS_FILE, WAVEFORM_DIR, metricColumn, type CheckpointRow } from './store.js';
import { decimateWaveforms, insertWaveformRow, truncateWaveformFile, WaveformRecorder } from './waveforms.js';
import { buildWorkload } from './workload-factory.js';

export const MEMFLOW_VERSION = '0.1.0';

export interface SessionProgress {
  readonly status: SessionStatus;
  readonly samplesDone: number;
  readonly totalSamples: number;
  readonly simTime: number;
  readonly summary: Record<string, number>;
}

export interface SessionLogEvent {
  readonly event: string;
  readonly sample: number;
  readonly message: string;
}

export interface RunnerOptions {
  /** The repository's fixtures/ (data sets). */
  readonly fixtures: string;
  readonly lookup?: DeviceLookup;
  /** Called at least every `heartbeatMs` while running. */
  readonly onProgress?: (p: SessionProgress) => void;
  /** Every event written to the session's log (checkpoint, pause, resume, ...). */
  readonly onEvent?: (e: SessionLogEvent) => void;
  readonly heartbeatMs?: number;
  /** How long the runner computes before yielding to the event loop (signals, pause requests). */
  readonly sliceMs?: number;
}

export function specHash(spec: SessionSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex');
}

/** Metrics rows waiting for the next write; bounded by `METRICS_BATCH`. */
const METRICS_BATCH = 256;
const METRICS_FLUSH_MS = 1000;

export class SessionRunner {
  readonly actor: Actor<typeof sessionMachine>;
  private readonly pending: number[][] = [];
  private readonly insertMetric: Statement;
  private readonly waveforms: WaveformRecorder | null;
  private lastFlush = Date.now();
  private lastHeartbeat = 0;
  private ckptSamples: number;
  private ckptSim: number;
  private ckptWall = Date.now();
  private finished: Promise<SessionStatus> | null = null;
  private wake: (() => void) | null = null;

  private constructor(
    readonly store: SessionStore,
    readonly spec: SessionSpec,
    readonly workload: SessionWorkload,
    private readonly hash: string,
    private readonly opts: RunnerOptions,
  ) {
    const cols = workload.metricNames.map(metricColumn);
    this.insertMetric = store.db.prepare(`INSERT INTO metrics (sample, sim_time${cols.map((c) => ', ' + c).join('')}) VALUES (?, ?${cols.map(() => ', ?').join('')})`);
    this.waveforms = spec.recorders.waveformsEvery > 0 ? new WaveformRecorder(store, workload.waveformColumns, spec.recorders.chunkRows) : null;
    this.ckptSamples = workload.index;
    this.ckptSim = workload.simTime;
    this.actor = createActor(sessionMachine);
    this.actor.subscribe(() => this.wake?.());
    this.actor.start();
  }

  get status(): SessionStatus {
    return sessionStatus(this.actor.getSnapshot());
  }

  /** Creates the session directory for `spec` (read from `specFile`, whose folder resolves relative paths). */
  static start(spec: SessionSpec, specFile: string, dir: string, opts: RunnerOptions): SessionRunner {
    const stored = structuredClone(spec) as SessionSpec;
    // Copy a stimulus file into the session (inputs/), so that the directory alone can be resumed.
    const s = stored.stimulus;
    const fileField = s.kind === 'file' ? s : s.kind === 'dataset' && s.name === 'file' ? s : null;
    if (fileField && fileField.file) {
      const src = isAbsolute(fileField.file) ? fileField.file : resolve(dirname(specFile), fileField.file);
      if (!existsSync(src)) throw new SessionStoreError(`${specFile}: stimulus.file ${src} does not exist`);
      mkdirSync(join(dir, 'inputs'), { recursive: true });
      copyFileSync(src, join(dir, 'inputs', basename(src)));
      fileField.file = join('inputs', basename(src));
    }
    const workload = buildWorkload(stored, opts.fixtures, dir, opts.lookup);
    const hash = specHash(stored);
    const store = SessionStore.create(dir, stored, {
      specHash: hash,
      kind: workload.kind,
      totalSamples: workload.totalSamples,
      metricNames: workload.metricNames,
      waveformColumns: workload.waveformColumns,
      version: MEMFLOW_VERSION,
    });
    const runner = new SessionRunner(store, stored, workload, hash, opts);
    runner.log('start', `session '${stored.name}' (${workload.kind}) created: ${workload.totalSamples} samples`);
    return runner;
  }

  /** Opens DIR and restores the last checkpoint (or `fromCheckpoint`, a sample count in the index). */
  static resume(dir: string, opts: RunnerOptions, fromCheckpoint?: number): SessionRunner {
    const store = SessionStore.open(dir, 'write');
    try {
      const rec = store.record();
      const workload = buildWorkload(rec.spec, opts.fixtures, dir, opts.lookup);
      const hash = specHash(rec.spec);
      if (hash !== rec.specHash) throw new SessionStoreError(`${dir}: the stored spec does not match its recorded hash (the database was edited by hand?)`);
      if (workload.kind !== rec.kind || JSON.stringify(workload.metricNames) !== JSON.stringify(rec.metricNames) || JSON.stringify(workload.waveformColumns) !== JSON.stringify(rec.waveformColumns)) {
        throw new SessionStoreError(`${dir} was recorded by a memflow whose '${rec.kind}' workload had other metrics or channels; resume it with that version`);
      }
      const ckpts = store.checkpoints();
      let ck: CheckpointRow | undefined = ckpts[ckpts.length - 1];
      if (fromCheckpoint !== undefined) {
        ck = ckpts.find((c) => c.samples === fromCheckpoint);
        if (!ck) throw new SessionStoreError(`${dir} has no checkpoint at sample ${fromCheckpoint}; it has ${ckpts.map((c) => c.samples).join(', ') || 'none'}`);
      }
      if (ck) {
        const file = join(dir, CHECKPOINT_DIR, ck.file);
        let snapshot;
        try {
          snapshot = readCheckpoint(file, { specHash: hash, samples: ck.samples, sha256: ck.sha256, kind: workload.kind }).snapshot;
          workload.restore(snapshot);
        } catch (err) {
          const older = ckpts.filter((c) => c.samples < ck!.samples).map((c) => c.samples);
          const hint = older.length ? `; to go back to an older one: memflow session resume ${dir} --checkpoint ${older[older.length - 1]}` : '';
          if (err instanceof SnapshotMismatchError) throw new CheckpointError(`checkpoint ${file} does not fit the session: ${err.message}${hint}`);
          if (err instanceof CheckpointError) throw new CheckpointError(`${err.message}${hint}`);
          throw err;
        }
        if (workload.index !== ck.samples) throw new CheckpointError(`checkpoint ${file} restored to sample ${workload.index}, the index says ${ck.samples}`);
      }
      const from = ck?.samples ?? 0;
      const reached = store.metricsReached();
      truncateAfter(store, from);
      const runner = new SessionRunner(store, rec.spec, workload, hash, opts);
      const lost = reached > from ? `; samples ${from}..${reached - 1} recorded after it are recomputed` : '';
      runner.log('resume', `${ck ? `resumed from the checkpoint at sample ${from}` : 'restarted from the beginning (no checkpoint yet)'} (status was ${rec.status}${lost})`);
      return runner;
    } catch (err) {
      store.close();
      throw err;
    }
  }

  /** Runs until the session stops, pauses or faults; resolves with that status. */
  run(): Promise<SessionStatus> {
    this.finished ??= this.loop();
    return this.finished;
  }

  pause(reason = 'requested'): void {
    this.actor.send({ type: 'PAUSE', reason });
  }

  stop(reason = 'requested'): void {
    const wasPaused = this.status === 'paused';
    this.actor.send({ type: 'STOP', reason });
    // A paused session is already checkpointed and its loop has returned: record the stop here.
    if (wasPaused) {
      this.commitStatus('stopped', reason);
      this.log('stop', `stopped at sample ${this.workload.index} (${reason})`);
    }
  }

  /** Continues a paused runner in this process (`run()` must be called again). */
  resume(): void {
    this.actor.send({ type: 'RESUME' });
    this.finished = null;
    this.log('resume', `resumed at sample ${this.workload.index}`);
  }

  close(): void {
    this.insertMetric.finalize();
    this.actor.stop();
    this.store.close();
  }

  private async loop(): Promise<SessionStatus> {
    if (this.status === 'created') {
      this.actor.send({ type: 'START' });
      this.commitStatus('running', null);
    } else if (this.status === 'running') this.commitStatus('running', null);
    const slice = this.opts.sliceMs ?? 50;
    this.ckptWall = Date.now();
    try {
      for (;;) {
        const st = this.status;
        if (st === 'running') {
          const until = Date.now() + slice;
          while (this.status === 'running' && Date.now() < until) {
            if (this.workload.index >= this.workload.totalSamples) {
              this.actor.send({ type: 'FINISHED' });
              break;
            }
            this.stepOnce();
            if (this.checkpointDue()) this.actor.send({ type: 'CHECKPOINT' });
          }
          this.heartbeat(false);
          // Yield so that signals and pause/stop requests get in.
          await new Promise<void>((r) => setImmediate(r));
        } else if (st === 'checkpointing') {
          const recorded = this.checkpoint();
          this.actor.send({ type: 'SAVED' });
          const after = this.status;
          if (after !== recorded) {
            // Paused or stopped while the checkpoint was being written.
            const reason = this.actor.getSnapshot().context.reason ?? null;
            this.commitStatus(after, reason);
            this.log(after === 'paused' ? 'pause' : 'stop', `${after} at sample ${this.workload.index}${reason ? ` (${reason})` : ''}`);
          }
        } else {
          this.heartbeat(true);
          return st;
        }
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.actor.send({ type: 'FAULT', message });
      try {
        transaction(this.store.db, () => {
          this.store.setStatus('faulted', message, this.workload.index, this.workload.simTime);
          this.store.event('fault', this.workload.index, message);
        });
      } catch {
        // The store itself failed; the error below says why.
      }
      this.opts.onEvent?.({ event: 'fault', sample: this.workload.index, message });
      this.heartbeat(true);
      throw err;
    }
  }

  private stepOnce(): void {
    const n = this.workload.index;
    const rec = this.workload.step();
    const { metricsEvery, waveformsEvery } = this.spec.recorders;
    if (n % metricsEvery === 0) {
      const row = [n, this.workload.simTime];
      for (let k = 0; k < rec.metrics.length; k++) row.push(rec.metrics[k]);
      this.pending.push(row);
    }
    if (this.waveforms && n % waveformsEvery === 0) this.waveforms.add(n, rec.waveform);
    if (this.pending.length >= METRICS_BATCH || Date.now() - this.lastFlush > METRICS_FLUSH_MS) transaction(this.store.db, () => this.flushMetrics());
  }

  /** Call inside a transaction. NaN (not measured) is stored as NULL. */
  private flushMetrics(): void {
    for (const row of this.pending) this.insertMetric.run(row.map((v) => (Number.isNaN(v) ? null : v)));
    this.pending.length = 0;
    this.lastFlush = Date.now();
  }

  private checkpointDue(): boolean {
    const s = this.spec.schedule;
    const w = this.workload;
    if (s.everySamples !== undefined && w.index - this.ckptSamples >= s.everySamples) return true;
    // Relative slack: n·dt − m·dt can fall an ulp short of k·dt (0.3 − 0.2 < 0.1).
    if (s.everySimSeconds !== undefined && w.simTime - this.ckptSim >= s.everySimSeconds * (1 - 1e-9)) return true;
    return s.everyWallSeconds !== undefined && Date.now() - this.ckptWall >= s.everyWallSeconds * 1000;
  }

  /**
   * The waveform file and the checkpoint file, durably renamed into place (one directory sync each),
   * then one transaction: their index rows, the pending metrics, the session status and the
   * retention's deletions. A kill anywhere before the commit leaves the previous checkpoint in force
   * (and files the next open deletes); after it, the new one.
   */
  private checkpoint(): SessionStatus {
    const w = this.workload;
    const samples = w.index;
    const after = this.actor.getSnapshot().context;
    const nextStatus = after.after === 'running' ? 'running' : after.after === 'paused' ? 'paused' : 'stopped';
    const wave = this.waveforms?.flush(true) ?? null;
    const ckpts = this.store.checkpoints();
    const exists = ckpts.some((c) => c.samples === samples);
    let written: { name: string; bytes: number; sha256: string } | null = null;
    if (!exists) {
      const { bytes, header } = encodeCheckpoint(w.snapshot(), { specHash: this.hash, samples, simTime: w.simTime });
      const name = `ckpt-${String(samples).padStart(10, '0')}.bin`;
      writeCheckpoint(join(this.store.dir, CHECKPOINT_DIR, name), bytes);
      fsyncDir(join(this.store.dir, CHECKPOINT_DIR));
      written = { name, bytes: bytes.length, sha256: header.sha256 };
    }
    if (wave) fsyncDir(join(this.store.dir, WAVEFORM_DIR));
    const keep = this.spec.retention.keepCheckpoints;
    const old = ckpts.slice(0, Math.max(0, ckpts.length + (written ? 1 : 0) - keep));
    const message = nextStatus === 'running' ? null : `${nextStatus} at sample ${samples}${after.reason ? ` (${after.reason})` : ''}`;
    transaction(this.store.db, () => {
      if (wave) insertWaveformRow(this.store, wave);
      this.flushMetrics();
      if (written) {
        this.store.db.run('INSERT INTO checkpoints (samples, sim_time, file, bytes, sha256, at) VALUES (?, ?, ?, ?, ?, ?)', [samples, w.simTime, written.name, written.bytes, written.sha256, new Date().toISOString()]);
        this.store.event('checkpoint', samples, `checkpoint at sample ${samples} (${written.bytes} bytes)`);
      }
      for (const c of old) this.store.db.run('DELETE FROM checkpoints WHERE id = ?', [c.id]);
      this.store.setStatus(nextStatus, after.reason ?? null, samples, w.simTime);
      if (message) this.store.event(nextStatus === 'paused' ? 'pause' : 'stop', samples, message);
    });
    for (const c of old) rmSync(join(this.store.dir, CHECKPOINT_DIR, c.file), { force: true });
    if (written) this.opts.onEvent?.({ event: 'checkpoint', sample: samples, message: `checkpoint at sample ${samples}` });
    if (message) this.opts.onEvent?.({ event: nextStatus === 'paused' ? 'pause' : 'stop', sample: samples, message });
    this.applyRetention(nextStatus);
    this.ckptSamples = samples;
    this.ckptSim = w.simTime;
    // The wall-clock interval counts from the end of the checkpoint: a slow disk stretches the
    // interval instead of making checkpoints back to back.
    this.ckptWall = Date.now();
    return nextStatus;
  }

  /** Waveform decimation and the disk limit (checkpoints beyond keepCheckpoints go in `checkpoint`). */
  private applyRetention(nextStatus: string): void {
    const r = this.spec.retention;
    if (r.decimateAfterSamples !== undefined) {
      const cutoff = this.workload.index - r.decimateAfterSamples;
      if (cutoff > 0) decimateWaveforms(this.store, cutoff, r.decimateFactor);
    }
    if (r.maxDiskMB !== undefined && nextStatus === 'running') {
      const mb = this.store.diskBytes() / 1e6;
      if (mb > r.maxDiskMB) this.pause(`disk: the session directory holds ${mb.toFixed(1)} MB, over retention.maxDiskMB = ${r.maxDiskMB}`);
    }
  }

  private commitStatus(status: string, reason: string | null): void {
    transaction(this.store.db, () => this.store.setStatus(status, reason, this.workload.index, this.workload.simTime));
  }

  private log(event: string, message: string): void {
    transaction(this.store.db, () => this.store.event(event, this.workload.index, message));
    this.opts.onEvent?.({ event, sample: this.workload.index, message });
  }

  /** status.json (advisory, for watchers) and the progress callback, about once per `heartbeatMs`. */
  private heartbeat(force: boolean): void {
    const nowMs = Date.now();
    if (!force && nowMs - this.lastHeartbeat < (this.opts.heartbeatMs ?? 1000)) return;
    this.lastHeartbeat = nowMs;
    const p: SessionProgress = {
      status: this.status,
      samplesDone: this.workload.index,
      totalSamples: this.workload.totalSamples,
      simTime: this.workload.simTime,
      summary: this.workload.summary(),
    };
    writeFileAtomic(join(this.store.dir, STATUS_FILE), JSON.stringify({ ...p, pid: process.pid, ...memory(), updatedAt: new Date(nowMs).toISOString() }) + '\n', 'none');
    this.opts.onProgress?.(p);
  }
}

/** Resident set, JS heap and memory outside it (typed arrays, the SQLite WebAssembly heap), in bytes. */
function memory(): { rssBytes: number; heapUsedBytes: number; externalBytes: number } {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external + m.arrayBuffers };
}

/** Deletes everything recorded past `samples` and every file the index does not know. */
function truncateAfter(store: SessionStore, samples: number): void {
  const files = store.waveformFiles();
  // Only a resume from an older checkpoint (--checkpoint) can cut through a file (files end at every
  // checkpoint); keep its rows before `samples`.
  for (const f of files) if (f.firstSample < samples && f.lastSample >= samples) truncateWaveformFile(store, f, samples);
  transaction(store.db, () => {
    store.db.run('DELETE FROM metrics WHERE sample >= ?', [samples]);
    store.db.run('DELETE FROM checkpoints WHERE samples > ?', [samples]);
    store.db.run('DELETE FROM waveform_files WHERE first_sample >= ?', [samples]);
  });
  const known = new Set(store.waveformFiles().map((f) => f.file));
  for (const name of readdirSync(join(store.dir, WAVEFORM_DIR))) if (!known.has(name)) rmSync(join(store.dir, WAVEFORM_DIR, name), { force: true });
  const ckKnown = new Set(store.checkpoints().map((c) => c.file));
  for (const name of readdirSync(join(store.dir, CHECKPOINT_DIR))) if (!ckKnown.has(name)) rmSync(join(store.dir, CHECKPOINT_DIR, name), { force: true });
}
