/** `memflow session export`: metrics and waveforms as CSV or Parquet files (one table each). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { SessionStore } from './store.js';
import { readAllWaveforms } from './waveforms.js';

export type ExportFormat = 'csv' | 'parquet';

interface Columns {
  readonly names: string[];
  readonly data: number[][];
}

function csv(t: Columns): string {
  const lines = [t.names.join(',')];
  const n = t.data[0]?.length ?? 0;
  // Shortest round-trip decimal (JS number → string) keeps every bit; NaN is written empty.
  for (let r = 0; r < n; r++) lines.push(t.data.map((col) => (Number.isNaN(col[r]) ? '' : String(col[r]))).join(','));
  return lines.join('\n') + '\n';
}

function parquet(t: Columns): Uint8Array {
  const columnData = t.names.map((name, k) => ({
    name,
    data: k === 0 ? Int32Array.from(t.data[k]) : Float64Array.from(t.data[k]),
    type: k === 0 ? ('INT32' as const) : ('DOUBLE' as const),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/** Writes metrics.<ext> and (if recorded) waveforms.<ext> into `outDir`; returns the files written. */
export function exportSession(store: SessionStore, format: ExportFormat, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const m = store.metrics();
  const names = Object.keys(m.columns);
  const tables: [string, Columns][] = [['metrics', { names: ['sample', 'sim_time', ...names], data: [m.sample, m.simTime, ...names.map((n) => m.columns[n])] }]];
  const w = readAllWaveforms(store);
  if (w.sample.length > 0) tables.push(['waveforms', { names: ['sample', ...w.columns], data: [w.sample, ...w.data] }]);
  const files: string[] = [];
  for (const [name, t] of tables) {
    const file = join(outDir, `${name}.${format}`);
    writeFileSync(file, format === 'csv' ? csv(t) : parquet(t));
    files.push(file);
  }
  return files;
}
