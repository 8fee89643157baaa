import { readFileSync } from 'node:fs';

export interface Table {
  readonly columns: string[];
  readonly data: number[][];
}

export function readCsv(path: string): Table {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const columns = lines[0].split(',').map((c) => c.trim().toLowerCase());
  const data = columns.map(() => [] as number[]);
  for (const line of lines.slice(1)) line.split(',').forEach((cell, k) => data[k].push(Number(cell)));
  return { columns, data };
}

/** Linear interpolation of (xs, ys) at x; xs ascending. Duplicate xs (breakpoints) take the later value. */
export function interpolate(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[hi]) return ys[hi];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const span = xs[hi] - xs[lo];
  return span > 0 ? ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo])) / span : ys[hi];
}

/**
 * The reference README's metric: ours interpolated onto the reference's first column, max absolute
 * difference divided by the reference column's range; one figure per reference column.
 */
export function compareToReference(ours: Table, ref: Table): Record<string, number> {
  const out: Record<string, number> = {};
  const xo = ours.data[0];
  const xr = ref.data[0];
  for (let k = 1; k < ref.columns.length; k++) {
    const name = ref.columns[k];
    const j = ours.columns.indexOf(name);
    if (j < 0) throw new Error(`our output lacks column ${name} (have ${ours.columns.join(', ')})`);
    const yr = ref.data[k];
    const range = Math.max(...yr) - Math.min(...yr);
    let worst = 0;
    for (let r = 0; r < xr.length; r++) worst = Math.max(worst, Math.abs(interpolate(xo, ours.data[j], xr[r]) - yr[r]));
    out[name] = worst / range;
  }
  return out;
}
