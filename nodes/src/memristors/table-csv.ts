/**
 * The CSV reader of the data-driven memristor: a header line, then numbers. Pure (text in, columns out):
 * the file is read by the host.
 *  - `#`, `%` and `//` lines are comments; empty lines are skipped;
 *  - separators: `,`, `;`, tab or blanks, as the header uses;
 *  - header names are case-insensitive; a unit in brackets is dropped (`v (V)`, `i[A]`), and common
 *    spellings are accepted (see COLUMN_ALIASES);
 *  - numbers are plain or SPICE-style (`1.5m`, `10k`).
 */
import { parseSpiceNumber } from '@memflow/plugin-sdk';

export class TableDataError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

export interface CsvTable {
  /** Canonical column names (see COLUMN_ALIASES), in file order; unknown names kept as written. */
  readonly header: readonly string[];
  readonly columns: readonly Float64Array[];
  /** 1-based line number of each data row. */
  readonly lines: readonly number[];
}

/** Canonical name → accepted spellings (after lower-casing and dropping a bracketed unit). */
export const COLUMN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  time: ['time', 't', 'time_s', 'timestamp'],
  v: ['v', 'voltage', 'vin', 'v_applied', 'bias', 'v_bias'],
  i: ['i', 'current', 'i_meas', 'i_device'],
  pulse_amplitude: ['pulse_amplitude', 'amplitude', 'v_pulse', 'vpulse', 'pulse_v', 'pulse_voltage'],
  pulse_width: ['pulse_width', 'width', 't_pulse', 'tpulse', 'duration', 'pulse_duration'],
  g_before: ['g_before', 'conductance_before', 'gbefore', 'g0', 'g_pre'],
  g_after: ['g_after', 'conductance_after', 'gafter', 'g1', 'g_post'],
  r_before: ['r_before', 'resistance_before', 'rbefore', 'r_pre'],
  r_after: ['r_after', 'resistance_after', 'rafter', 'r_post'],
};

function canonical(raw: string): string {
  const name = raw
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/\s*[([{].*[)\]}]\s*$/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  for (const [canon, spellings] of Object.entries(COLUMN_ALIASES)) if (spellings.includes(name)) return canon;
  return name;
}

function splitter(line: string): (s: string) => string[] {
  if (line.includes(',')) return (s) => s.split(',');
  if (line.includes(';')) return (s) => s.split(';');
  if (line.includes('\t')) return (s) => s.split('\t');
  return (s) => s.trim().split(/\s+/);
}

export function parseCsv(text: string): CsvTable {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  let split: (s: string) => string[] = (s) => s.split(',');
  const rows: number[][] = [];
  const lineNos: number[] = [];
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('%') || line.startsWith('//')) return;
    if (!header) {
      split = splitter(line);
      const fields = split(line).map((f) => f.trim());
      if (fields.every((f) => parseSpiceNumber(f) !== undefined)) {
        throw new TableDataError(`the first line must be a header naming the columns (e.g. 'time,v,i'), got numbers`, k + 1);
      }
      header = fields.map(canonical);
      const seen = new Set<string>();
      for (const h of header) {
        if (seen.has(h)) throw new TableDataError(`column '${h}' appears twice in the header`, k + 1);
        seen.add(h);
      }
      return;
    }
    const fields = split(line).map((f) => f.trim());
    if (fields.length !== header.length) throw new TableDataError(`expected ${header.length} values (${header.join(', ')}), got ${fields.length}`, k + 1);
    rows.push(
      fields.map((f, c) => {
        const value = parseSpiceNumber(f);
        if (value === undefined || !Number.isFinite(value)) throw new TableDataError(`'${f}' in column '${header![c]}' is not a number`, k + 1);
        return value;
      }),
    );
    lineNos.push(k + 1);
  });
  if (!header) throw new TableDataError('the file has no header and no data');
  if (rows.length === 0) throw new TableDataError('the file has a header but no data rows');
  const columns = header.map((_, c) => Float64Array.from(rows, (r) => r[c]));
  return { header, columns, lines: lineNos };
}

/** The named column, or an error listing what the file has. */
export function column(table: CsvTable, name: string): Float64Array {
  const k = table.header.indexOf(name);
  if (k < 0) throw new TableDataError(`the data have no '${name}' column (columns: ${table.header.join(', ')}); accepted spellings: ${COLUMN_ALIASES[name]?.join(', ') ?? name}`);
  return table.columns[k];
}
