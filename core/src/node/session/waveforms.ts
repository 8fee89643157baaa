/**
 * Bulk waveforms: rows (one per recorded sample) buffered in columns of fixed capacity and written as
 * Arrow IPC files (`waveforms/w-<first>-<last>.arrow`, a `sample` column then the workload's channels),
 * each atomically and then indexed in the database. Memory is bounded by the buffer's capacity.
 *
 * Retention decimates old rows: rows more than `decimateAfterSamples` behind the newest are kept only
 * when sample % factor == 0. Which rows survive depends on sample numbers only, never on how rows were
 * split into files, so a resumed run's waveforms equal an uninterrupted run's.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { writeFileAtomic } from './files.js';
import { transaction } from './sqlite.js';
import { WAVEFORM_DIR, type SessionStore, type WaveformFileRow } from './store.js';

export function waveformTable(columns: readonly string[], sample: Int32Array, data: readonly Float64Array[]): Table {
  const fields = [new Field('sample', new Int32(), false), ...columns.map((c) => new Field(c, new Float64(), false))];
  const children = [makeData({ type: new Int32(), data: sample }), ...data.map((d) => makeData({ type: new Float64(), data: d }))];
  const struct = makeData({ type: new Struct(fields), length: sample.length, nullCount: 0, children });
  return new Table([new RecordBatch(new Schema(fields), struct)]);
}

export function readWaveformFile(file: string): Table {
  return tableFromIPC(readFileSync(file));
}

export class WaveformRecorder {
  private readonly sample: Int32Array;
  private readonly data: Float64Array[];
  private rows = 0;

  constructor(
    private readonly store: SessionStore,
    readonly columns: readonly string[],
    readonly capacity: number,
  ) {
    this.sample = new Int32Array(capacity);
    this.data = columns.map(() => new Float64Array(capacity));
  }

  add(sample: number, row: Float64Array): void {
    this.sample[this.rows] = sample;
    for (let c = 0; c < row.length; c++) this.data[c][this.rows] = row[c];
    this.rows++;
    if (this.rows === this.capacity) this.flush();
  }

  /**
   * Writes the buffered rows as one file (nothing if empty) and indexes it. With `deferIndex` the file
   * is written without syncing its directory and the index row is returned for the caller to insert
   * in its own transaction, after syncing the directory (the checkpoint does this, one sync for all).
   */
  flush(deferIndex = false): WaveformFileRow | null {
    if (this.rows === 0) return null;
    const n = this.rows;
    const sample = this.sample.slice(0, n);
    const table = waveformTable(
      this.columns,
      sample,
      this.data.map((d) => d.slice(0, n)),
    );
    const name = `w-${String(sample[0]).padStart(10, '0')}-${String(sample[n - 1]).padStart(10, '0')}.arrow`;
    const bytes = tableToIPC(table, 'file');
    writeFileAtomic(join(this.store.dir, WAVEFORM_DIR, name), bytes, deferIndex ? 'file' : 'all');
    this.rows = 0;
    const row: WaveformFileRow = { file: name, firstSample: sample[0], lastSample: sample[n - 1], rows: n, bytes: bytes.length, decimatedBelow: 0 };
    if (deferIndex) return row;
    transaction(this.store.db, () => insertWaveformRow(this.store, row));
    return null;
  }
}

export function insertWaveformRow(store: SessionStore, f: WaveformFileRow): void {
  store.db.run('INSERT OR REPLACE INTO waveform_files (file, first_sample, last_sample, rows, bytes, decimated_below) VALUES (?, ?, ?, ?, ?, ?)', [f.file, f.firstSample, f.lastSample, f.rows, f.bytes, f.decimatedBelow]);
}

/** Rewrites one file keeping the rows that `keep` accepts (deletes it if none); returns the new index row's name. */
function rewriteWaveformFile(store: SessionStore, f: WaveformFileRow, name: string, keepRow: (sample: number) => boolean, decimatedBelow: number): void {
  const path = join(store.dir, WAVEFORM_DIR, f.file);
  const table = readWaveformFile(path);
  const sample = table.getChild('sample')!.toArray() as Int32Array;
  const keep: number[] = [];
  for (let r = 0; r < sample.length; r++) if (keepRow(sample[r])) keep.push(r);
  const cols = table.schema.fields.slice(1).map((fl) => fl.name);
  const data = cols.map((c) => {
    const src = table.getChild(c)!.toArray() as Float64Array;
    return Float64Array.from(keep, (r) => src[r]);
  });
  const kept = Int32Array.from(keep, (r) => sample[r]);
  const bytes = kept.length > 0 ? tableToIPC(waveformTable(cols, kept, data), 'file') : null;
  if (bytes) writeFileAtomic(join(store.dir, WAVEFORM_DIR, name), bytes);
  transaction(store.db, () => {
    store.db.run('DELETE FROM waveform_files WHERE file = ?', [f.file]);
    if (bytes) {
      store.db.run('INSERT INTO waveform_files (file, first_sample, last_sample, rows, bytes, decimated_below) VALUES (?, ?, ?, ?, ?, ?)', [name, kept[0], kept[kept.length - 1], kept.length, bytes.length, decimatedBelow]);
    }
  });
  if (name !== f.file) rmSync(path, { force: true });
}

/** Drops the rows at or after `samples` from a file that reaches past it. */
export function truncateWaveformFile(store: SessionStore, f: WaveformFileRow, samples: number): void {
  rewriteWaveformFile(store, f, f.file.replace(/\.arrow$/, `-t${samples}.arrow`), (s) => s < samples, f.decimatedBelow);
}

/** Decimates rows below `cutoff` in every file that still has undecimated rows there. */
export function decimateWaveforms(store: SessionStore, cutoff: number, factor: number): number {
  let rewritten = 0;
  for (const f of store.waveformFiles()) {
    if (f.firstSample >= cutoff || f.decimatedBelow >= Math.min(cutoff, f.lastSample + 1)) continue;
    const below = Math.min(cutoff, f.lastSample + 1);
    const name = f.file.replace(/(-d\d+)?\.arrow$/, `-d${below}.arrow`);
    rewriteWaveformFile(store, f, name, (s) => s >= below || s % factor === 0, below);
    rewritten++;
  }
  return rewritten;
}

/** Every waveform row in sample order, concatenated over the files. */
export function readAllWaveforms(store: SessionStore): { columns: string[]; sample: number[]; data: number[][] } {
  const files = store.waveformFiles();
  const columns = store.record().waveformColumns;
  const sample: number[] = [];
  const data: number[][] = columns.map(() => []);
  for (const f of files) {
    const t = readWaveformFile(join(store.dir, WAVEFORM_DIR, f.file));
    sample.push(...(t.getChild('sample')!.toArray() as Int32Array));
    columns.forEach((c, k) => data[k].push(...(t.getChild(c)!.toArray() as Float64Array)));
  }
  return { columns, sample, data };
}
