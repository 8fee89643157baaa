// Minimal numeric CSV reading/writing for the memflow CSV contract (header line, numeric rows).
import { readFileSync } from 'node:fs';

/** @returns {{header: string[], cols: Float64Array[], rows: number}} */
export function parseCsv(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return { header: [], cols: [], rows: 0 };
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const rows = lines.length - 1;
  const cols = header.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(',');
    for (let c = 0; c < header.length; c++) cols[c][r] = cells[c] === undefined ? NaN : Number(cells[c]);
  }
  return { header, cols, rows };
}

export function readCsv(path) {
  return parseCsv(readFileSync(path, 'utf8'));
}
