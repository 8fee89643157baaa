/**
 * SPICE `.measure` (`.meas`): a number computed from a finished analysis, as ngspice defines it —
 * the extremes, peak-to-peak, average, RMS and integral of an output over a window, an output's value at
 * a time, the time at which an output crosses a level, and another output's value then. Values between
 * points are linear interpolations, integrals are trapezoidal, as in ngspice.
 */
import { outputKey } from './outputs.js';
import type { SourceLocation } from './types.js';

export type MeasureStat = 'max' | 'min' | 'pp' | 'avg' | 'rms' | 'integ';

/** Which crossing of a level: the n-th rising, falling or any, or the last one. */
export interface Crossing {
  readonly output: string;
  readonly level: number;
  readonly edge: 'rise' | 'fall' | 'cross';
  /** 1-based, or 'last'. */
  readonly count: number | 'last';
}

export type MeasureSpec = { readonly name: string; readonly analysis: 'tran' | 'dc' | 'ac'; readonly loc?: SourceLocation } & (
  | { readonly kind: MeasureStat; readonly output: string; readonly from?: number; readonly to?: number }
  | { readonly kind: 'find-at'; readonly output: string; readonly at: number }
  | { readonly kind: 'when'; readonly when: Crossing }
  | { readonly kind: 'find-when'; readonly output: string; readonly when: Crossing }
  | { readonly kind: 'trig-targ'; readonly trig: Crossing; readonly targ: Crossing }
);

/** The outputs a measure reads. */
export function measuredOutputs(m: MeasureSpec): string[] {
  if (m.kind === 'when') return [m.when.output];
  if (m.kind === 'find-when') return [m.output, m.when.output];
  if (m.kind === 'trig-targ') return [m.trig.output, m.targ.output];
  return [m.output];
}

/** A measured value, or why there is none (a level never crossed, a window outside the run). */
export type MeasureResult = { readonly name: string; readonly value: number } | { readonly name: string; readonly failed: string };

/** Evaluates `m` on x (time or the swept value, increasing) and the outputs' columns. */
export function evaluateMeasure(m: MeasureSpec, x: Float64Array, column: (output: string) => Float64Array): MeasureResult {
  const n = x.length;
  if (n === 0) return { name: m.name, failed: 'the analysis produced no points' };
  switch (m.kind) {
    case 'find-at': {
      if (m.at < x[0] || m.at > x[n - 1]) return { name: m.name, failed: `at=${m.at} is outside the run [${x[0]}, ${x[n - 1]}]` };
      return { name: m.name, value: interpolate(x, column(m.output), m.at) };
    }
    case 'when': {
      const t = crossing(x, column(m.when.output), m.when);
      return t === undefined ? { name: m.name, failed: notCrossed(m.when) } : { name: m.name, value: t };
    }
    case 'find-when': {
      const t = crossing(x, column(m.when.output), m.when);
      return t === undefined ? { name: m.name, failed: notCrossed(m.when) } : { name: m.name, value: interpolate(x, column(m.output), t) };
    }
    case 'trig-targ': {
      const a = crossing(x, column(m.trig.output), m.trig);
      if (a === undefined) return { name: m.name, failed: notCrossed(m.trig) };
      const b = crossing(x, column(m.targ.output), m.targ);
      return b === undefined ? { name: m.name, failed: notCrossed(m.targ) } : { name: m.name, value: b - a };
    }
    default: {
      const from = m.from ?? x[0];
      const to = m.to ?? x[n - 1];
      if (!(from < to) || to < x[0] || from > x[n - 1]) return { name: m.name, failed: `the window [${from}, ${to}] does not overlap the run [${x[0]}, ${x[n - 1]}]` };
      return { name: m.name, value: statistic(m.kind, x, column(m.output), Math.max(from, x[0]), Math.min(to, x[n - 1])) };
    }
  }
}

function notCrossed(c: Crossing): string {
  const edge = c.edge === 'cross' ? 'crossing' : `${c.edge === 'rise' ? 'rising' : 'falling'} crossing`;
  return c.count === 'last' ? `${c.output} has no ${edge} of ${c.level}` : `${c.output} has no ${ordinal(c.count)} ${edge} of ${c.level}`;
}

function ordinal(k: number): string {
  const suffix = k % 100 >= 11 && k % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][k % 10] ?? 'th';
  return `${k}${suffix}`;
}

/** y at x = at, linear between points (x increasing). */
function interpolate(x: Float64Array, y: Float64Array, at: number): number {
  let lo = 0;
  let hi = x.length - 1;
  if (at <= x[0]) return y[0];
  if (at >= x[hi]) return y[hi];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= at) lo = mid;
    else hi = mid;
  }
  const dx = x[hi] - x[lo];
  return dx === 0 ? y[hi] : y[lo] + ((y[hi] - y[lo]) * (at - x[lo])) / dx;
}

/** The x at which y − level changes sign the requested time (linear between points). */
function crossing(x: Float64Array, y: Float64Array, c: Crossing): number | undefined {
  let seen = 0;
  let last: number | undefined;
  for (let k = 1; k < x.length; k++) {
    const a = y[k - 1] - c.level;
    const b = y[k] - c.level;
    const rising = a < 0 && b >= 0;
    const falling = a > 0 && b <= 0;
    if (!(c.edge === 'rise' ? rising : c.edge === 'fall' ? falling : rising || falling)) continue;
    const at = x[k - 1] + ((x[k] - x[k - 1]) * a) / (a - b);
    seen++;
    if (c.count === seen) return at;
    last = at;
  }
  return c.count === 'last' ? last : undefined;
}

/** A statistic of y over [from, to] (inside the run), with y interpolated at the window's ends. */
function statistic(kind: MeasureStat, x: Float64Array, y: Float64Array, from: number, to: number): number {
  // The window's points: interpolated ends, and every point strictly inside.
  const xs = [from];
  const ys = [interpolate(x, y, from)];
  for (let k = 0; k < x.length; k++) {
    if (x[k] > from && x[k] < to) {
      xs.push(x[k]);
      ys.push(y[k]);
    }
  }
  xs.push(to);
  ys.push(interpolate(x, y, to));
  if (kind === 'max' || kind === 'min' || kind === 'pp') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ys) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return kind === 'max' ? hi : kind === 'min' ? lo : hi - lo;
  }
  let integral = 0;
  for (let k = 1; k < xs.length; k++) {
    const h = xs[k] - xs[k - 1];
    // RMS: ∫y² of the linear interpolant, exactly (not the trapezoid of y²).
    integral += kind === 'rms' ? (h * (ys[k - 1] * ys[k - 1] + ys[k - 1] * ys[k] + ys[k] * ys[k])) / 3 : (h * (ys[k - 1] + ys[k])) / 2;
  }
  if (kind === 'integ') return integral;
  const avg = integral / (to - from);
  return kind === 'rms' ? Math.sqrt(avg) : avg;
}

/** Every measure of `analysis` evaluated on its result (columns named as simulate names them). */
export function measureAll(measures: readonly MeasureSpec[], analysis: 'op' | 'dc' | 'tran' | 'ac', columns: readonly string[], data: readonly Float64Array[]): MeasureResult[] {
  const index = new Map(columns.map((c, k) => [outputKey(c), k]));
  const column = (output: string): Float64Array => {
    let key = outputKey(output);
    // In .ac a plain v(out) stands for its magnitude, vm(out), as in ngspice.
    if (analysis === 'ac' && /^[vix]\(/.test(key)) key = `${key[0]}m${key.slice(1)}`;
    const k = index.get(key);
    if (k === undefined) throw new Error(`internal: output ${output} was not recorded`);
    return data[k];
  };
  return measures.filter((m) => m.analysis === analysis).map((m) => evaluateMeasure(m, data[0], column));
}
