// The reference README's error metric: interpolate ours onto the reference's first column; the error
// of a column is max |ours - reference| divided by the reference column's range.
import { readCsv } from './csv.mjs';

/** Linear interpolation of (xs, ys) at x; xs ascending; held constant outside [xs[0], xs[n-1]]. */
export function interp(xs, ys, x) {
  const n = xs.length;
  if (n === 0) return NaN;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const dx = xs[hi] - xs[lo];
  if (dx === 0) return ys[hi];
  return ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo])) / dx;
}

/** Sorts a table's rows by its first column (a .dc sweep may run downwards); stable for ties. */
function ascending(table) {
  const x = table.cols[0];
  let sorted = true;
  for (let k = 1; k < x.length; k++) if (x[k] < x[k - 1]) sorted = false;
  if (sorted) return table;
  const idx = Array.from(x.keys()).sort((a, b) => x[a] - x[b] || a - b);
  return { ...table, cols: table.cols.map((c) => Float64Array.from(idx, (i) => c[i])) };
}

/**
 * Per-column error of `ours` against `ref` (tables from readCsv), matched by lowercase column name.
 * `span` gives both first-column extents, so a caller can see a reference that covers only part of the run
 * (the error is then measured only where the reference has points).
 * @returns {{columns: {name: string, error: number, range: number, scale: string}[], max: {name: string, error: number}|undefined,
 *            missing: string[], span: {ours: [number, number], ref: [number, number]}, partial: boolean}}
 */
export function compareTables(ours, ref) {
  const o = ascending(ours);
  const r = ascending(ref);
  const columns = [];
  const missing = [];
  for (let c = 1; c < r.header.length; c++) {
    const name = r.header[c];
    const oc = o.header.indexOf(name);
    if (oc < 0) {
      missing.push(name);
      continue;
    }
    const ry = r.cols[c];
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ry) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    let range = hi - lo;
    let scale = 'range';
    if (!(range > 0)) {
      // A constant reference column: fall back to its magnitude, or to absolute error if it is all zero.
      range = Math.max(Math.abs(lo), Math.abs(hi));
      scale = range > 0 ? 'magnitude' : 'absolute';
      if (!(range > 0)) range = 1;
    }
    let worst = 0;
    for (let k = 0; k < ry.length; k++) {
      const d = Math.abs(interp(o.cols[0], o.cols[oc], r.cols[0][k]) - ry[k]);
      if (!(d <= worst)) worst = d; // NaN propagates as the worst
    }
    columns.push({ name, error: worst / range, range, scale });
  }
  let max;
  for (const col of columns) if (!max || !(col.error <= max.error)) max = { name: col.name, error: col.error };
  const ends = (t) => [t.cols[0][0], t.cols[0][t.cols[0].length - 1]];
  const span = { ours: ends(o), ref: ends(r) };
  const tol = 1e-6 * Math.abs(span.ours[1] - span.ours[0]);
  const partial = span.ref[0] > span.ours[0] + tol || span.ref[1] < span.ours[1] - tol;
  return { columns, max, missing, span, partial };
}

export function compareFiles(oursCsv, refCsv) {
  return compareTables(readCsv(oursCsv), readCsv(refCsv));
}
