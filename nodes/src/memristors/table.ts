/**
 * Data-driven memristor: a state model fitted to a device's own measurements instead of a preset.
 *
 * `buildTableModel(csvText, options)` is pure — CSV text in, `DeviceModel` out (id `memristor.table:<name>`);
 * the host reads the file. Two kinds of data are understood:
 *  - a quasi-static I–V sweep, columns `time,v,i` (a few cycles of a triangular or sine sweep);
 *  - pulse-response data, columns `pulse_amplitude,pulse_width,g_before,g_after` (or r_before, r_after),
 *    the conductance read before and after each pulse.
 *
 * The model (the same for both):
 *   i = G(x)·φ(v),   G(x) = gmin + (gmax − gmin)·x,   φ(v) = sinh(b·v)/b  (φ = v when b = 0)
 *   dx/dt = kr·F(v, x),  x ∈ [0, 1]
 * with F tabulated on a (v, x) grid and interpolated bilinearly (table-grid.ts).
 */
import { twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';
import { column, parseCsv, TableDataError, type CsvTable } from './table-csv.js';
import { fitGrid, gridRate, type RateGrid, type RateSample } from './table-grid.js';

export { TableDataError } from './table-csv.js';
export type { RateGrid } from './table-grid.js';

export interface TableOptions {
  /** Model name: the id is `memristor.table:<name>` (letters, digits, `_ . -`). Default `device`. */
  readonly name?: string;
  readonly title?: string;
  /** I–V shape φ: `linear`, `auto` (fit b, sweeps only) or a given b (1/V). Default: `auto` for sweeps, `linear` for pulses. */
  readonly nonlinearity?: 'auto' | 'linear' | number;
  /** Sweeps: |v| below which i/φ(v) is too noisy to give the state. Default 15 % of max |v|. */
  readonly vFloor?: number;
  /** Sweeps: half-width (samples) of the local linear regression that smooths x and gives dx/dt. Default 4. */
  readonly smoothing?: number;
  /** Number of state knots on [0, 1]. Default 11. */
  readonly xKnots?: number;
  /** Largest voltage-knot spacing (V). Default (max v − min v)/40. */
  readonly vKnotSpacing?: number;
  /** Dead band (positive numbers, V): rates are zero for −reset < v < set. Default: found in the data. */
  readonly threshold?: { readonly set?: number; readonly reset?: number };
  /** Change of x that counts as switching when finding the thresholds. Default 0.01 (sweeps), 0.005 (pulses). */
  readonly thresholdTolerance?: number;
  /** Weight λ of the grid's second differences (dimensionless). Default 1e-3. */
  readonly smoothness?: number;
  /** Pulses: voltage at which the conductances were read (0 = small-signal). Default 0. */
  readonly readVoltage?: number;
  /** Pulses: passes of trajectory correction of the fitted rates. Default 6. */
  readonly refine?: number;
}

/** Everything the fit produced: serialisable, and enough to rebuild the model (`tableModelFromFit`). */
export interface TableFit {
  readonly name: string;
  readonly kind: 'sweep' | 'pulse';
  readonly gmin: number;
  readonly gmax: number;
  readonly b: number;
  readonly x0: number;
  /** Dead band found (or given): no rate for −reset < v < set. */
  readonly threshold: { readonly set: number; readonly reset: number };
  /** +1 when positive voltage raises the conductance (SET at v > 0), −1 otherwise. */
  readonly polarity: number;
  readonly grid: RateGrid;
  readonly stats: TableFitStats;
}

export interface TableFitStats {
  readonly rows: number;
  /** Rate samples used by the least-squares fit. */
  readonly samples: number;
  /**
   * Replay of the data by the fitted model (own RK4 integration, not the circuit kernel):
   * sweeps: max and rms |i_model − i_data| / (max i − min i);
   * pulses: max and rms |g_after,model − g_after,data| / (gmax − gmin), each pulse started from its g_before.
   */
  readonly replayMax: number;
  readonly replayRms: number;
}

const NAME_RE = /^[A-Za-z0-9_.-]+$/;

/** φ(v) = sinh(b·v)/b and φ'(v), continued linearly beyond |b·v| = 40 (no overflow in Newton). */
function phi(b: number, v: number, out: Float64Array): void {
  if (!(b > 1e-12)) {
    out[0] = v;
    out[1] = 1;
    return;
  }
  const z = b * v;
  const a = Math.abs(z);
  if (a <= 40) {
    out[0] = Math.sinh(z) / b;
    out[1] = Math.cosh(z);
  } else {
    const c = Math.cosh(40);
    out[0] = (Math.sign(z) * (Math.sinh(40) + c * (a - 40))) / b;
    out[1] = c;
  }
}

const scratch = new Float64Array(3);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** x after `dt` at constant voltage v (RK4, `steps` steps, clamped to [0, 1]). */
function advanceAt(grid: RateGrid, v: number, x: number, dt: number, steps: number): number {
  const h = dt / steps;
  const F = (xx: number) => {
    gridRate(grid, v, clamp01(xx), scratch);
    return scratch[0];
  };
  for (let s = 0; s < steps; s++) {
    const k1 = F(x);
    const k2 = F(x + 0.5 * h * k1);
    const k3 = F(x + 0.5 * h * k2);
    const k4 = F(x + h * k3);
    x = clamp01(x + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4));
  }
  return x;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Voltage knots: [lo … −reset] and [set … hi] at spacing ≤ dv; knots at −reset, 0 (if both are 0) and set. */
function voltageKnots(lo: number, hi: number, set: number, reset: number, dv: number): number[] {
  const knots: number[] = [];
  if (lo < -reset) {
    const n = Math.max(1, Math.ceil((-reset - lo) / dv));
    for (let k = 0; k < n; k++) knots.push(lo + ((-reset - lo) * k) / n);
  }
  knots.push(-reset);
  if (set > -reset) knots.push(set);
  if (hi > set) {
    const n = Math.max(1, Math.ceil((hi - set) / dv));
    for (let k = 1; k <= n; k++) knots.push(set + ((hi - set) * k) / n);
  }
  return knots;
}

interface GridPlan {
  readonly vk: number[];
  readonly xk: number[];
  readonly fixedZero: Uint8Array;
  readonly sign: Int8Array;
}

function planGrid(vk: number[], nx: number, set: number, reset: number, polarity: number): GridPlan {
  const xk = Array.from({ length: nx }, (_, c) => c / (nx - 1));
  const N = vk.length * nx;
  const fixedZero = new Uint8Array(N);
  const sign = new Int8Array(N);
  vk.forEach((v, a) => {
    for (let c = 0; c < nx; c++) {
      const j = a * nx + c;
      if (v >= -reset && v <= set) fixedZero[j] = 1;
      else sign[j] = v > 0 ? polarity : -polarity;
    }
  });
  return { vk, xk, fixedZero, sign };
}

function fitPlain(vk: number[], nx: number, setV: number, resetV: number, polarity: number, samples: readonly RateSample[], options: TableOptions): RateGrid {
  const plan = planGrid(vk, nx, setV, resetV, polarity);
  const kept = samples.filter((s) => s.v > setV || s.v < -resetV);
  return { v: plan.vk, x: plan.xk, f: fitGrid(plan.vk, plan.xk, kept, { smoothness: options.smoothness ?? 1e-3, fixedZero: plan.fixedZero, sign: plan.sign }) };
}

/** Within-run variance of log(i/φ_b(v)) over runs of consecutive `quiet` samples (the state is constant there). */
function quietSpread(b: number, v: Float64Array, i: Float64Array, quiet: Uint8Array): number {
  const p = new Float64Array(2);
  let total = 0;
  let k = 0;
  while (k < v.length) {
    if (!quiet[k]) {
      k++;
      continue;
    }
    const logs: number[] = [];
    for (; k < v.length && quiet[k]; k++) {
      phi(b, v[k], p);
      logs.push(Math.log(Math.abs(i[k] / p[0])));
    }
    if (logs.length < 5) continue;
    const mean = logs.reduce((a, x) => a + x, 0) / logs.length;
    for (const x of logs) total += (x - mean) * (x - mean);
  }
  return total;
}

/** The b in [0, bmax] minimising `cost` (grid of 60, then golden section around the best point). */
function minimiseB(cost: (b: number) => number, bmax: number): number {
  let best = 0;
  let bestVal = cost(0);
  const steps = 60;
  for (let k = 1; k <= steps; k++) {
    const b = (bmax * k) / steps;
    const val = cost(b);
    if (val < bestVal) {
      bestVal = val;
      best = b;
    }
  }
  let lo = Math.max(0, best - bmax / steps);
  let hi = Math.min(bmax, best + bmax / steps);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = hi - g * (hi - lo);
  let d = lo + g * (hi - lo);
  let fc = cost(c);
  let fd = cost(d);
  for (let it = 0; it < 40; it++) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = cost(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = cost(d);
    }
  }
  const b = 0.5 * (lo + hi);
  return cost(b) <= bestVal ? b : best;
}

/** Total variation of log(i/φ_b(v)) over consecutive usable samples: smallest near the device's b. */
function roughness(b: number, v: Float64Array, i: Float64Array, use: Uint8Array): number {
  const p = new Float64Array(2);
  let prev = NaN;
  let tv = 0;
  for (let k = 0; k < v.length; k++) {
    if (!use[k]) {
      prev = NaN;
      continue;
    }
    phi(b, v[k], p);
    const g = Math.log(Math.abs(i[k] / p[0]));
    if (!Number.isNaN(prev)) tv += Math.abs(g - prev);
    prev = g;
  }
  return tv;
}

function fitNonlinearity(v: Float64Array, i: Float64Array, use: Uint8Array, vmax: number): number {
  return minimiseB((b) => roughness(b, v, i, use), 6 / vmax);
}

/**
 * Largest threshold θ on one side (sgn = +1: v > 0) such that no run of consecutive samples with
 * sgn·v in [vFloor, θ] changes the smoothed state by more than `tol`.
 */
function findThreshold(v: Float64Array, xs: Float64Array, ok: Uint8Array, sgn: number, vFloor: number, tol: number): number {
  const levels: number[] = [];
  for (let k = 0; k < v.length; k++) if (ok[k] && sgn * v[k] >= vFloor) levels.push(sgn * v[k]);
  if (levels.length === 0) return vFloor;
  levels.sort((a, b) => a - b);
  const candidates = Array.from(new Set(Array.from({ length: 200 }, (_, k) => levels[Math.floor((k * (levels.length - 1)) / 199)])));
  let theta = vFloor;
  for (const c of candidates) {
    let worst = 0;
    let start = -1;
    let last = -1;
    for (let k = 0; k <= v.length; k++) {
      const inside = k < v.length && ok[k] && sgn * v[k] >= vFloor && sgn * v[k] <= c;
      if (inside) {
        if (start < 0) start = k;
        last = k;
      } else if (start >= 0) {
        worst = Math.max(worst, Math.abs(xs[last] - xs[start]));
        start = -1;
      }
    }
    if (worst > tol) break;
    theta = c;
  }
  return theta;
}

interface SweepState {
  readonly gmin: number;
  readonly gmax: number;
  /** Smoothed state and its rate (NaN where not available); ok = available. */
  readonly xs: Float64Array;
  readonly rate: Float64Array;
  readonly ok: Uint8Array;
  readonly polarity: number;
  readonly setV: number;
  readonly resetV: number;
}

/** The state along a sweep for a given b: conductance range, smoothed x and dx/dt, polarity, dead band. */
function stateOf(t: Float64Array, v: Float64Array, i: Float64Array, use: Uint8Array, b: number, m: number, vFloor: number, tol: number, options: TableOptions): SweepState {
  const n = t.length;
  // Conductance where it is measurable, its robust range, and the state.
  const p = new Float64Array(2);
  const G = new Float64Array(n).fill(NaN);
  for (let k = 0; k < n; k++) {
    if (!use[k]) continue;
    phi(b, v[k], p);
    G[k] = i[k] / p[0];
  }
  let gmin = Infinity;
  let gmax = -Infinity;
  for (let k = 0; k < n; k++) {
    if (!use[k]) continue;
    const win: number[] = [];
    for (let j = Math.max(0, k - 2); j <= Math.min(n - 1, k + 2); j++) if (use[j]) win.push(G[j]);
    if (win.length < 3) continue;
    const g = median(win);
    gmin = Math.min(gmin, g);
    gmax = Math.max(gmax, g);
  }
  if (!(gmax > gmin && gmin >= 0)) throw new TableDataError('the data show no change of conductance; is this a hysteresis sweep?');
  const x = Float64Array.from(G, (g) => (g - gmin) / (gmax - gmin));

  // Local linear regression in time over ±m usable neighbours of the same run: smoothed x and dx/dt.
  const xs = new Float64Array(n).fill(NaN);
  const rate = new Float64Array(n).fill(NaN);
  const ok = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    if (!use[k]) continue;
    let lo = k;
    let hi = k;
    while (lo > 0 && k - lo < m && use[lo - 1]) lo--;
    while (hi < n - 1 && hi - k < m && use[hi + 1]) hi++;
    if (hi - lo < 2) continue;
    let sumT = 0;
    let sx = 0;
    for (let j = lo; j <= hi; j++) {
      sumT += t[j];
      sx += x[j];
    }
    const cnt = hi - lo + 1;
    const tm = sumT / cnt;
    const xm = sx / cnt;
    let stt = 0;
    let stx = 0;
    for (let j = lo; j <= hi; j++) {
      stt += (t[j] - tm) * (t[j] - tm);
      stx += (t[j] - tm) * (x[j] - xm);
    }
    rate[k] = stx / stt;
    xs[k] = xm + rate[k] * (t[k] - tm);
    ok[k] = 1;
  }

  let drift = 0;
  for (let k = 0; k < n; k++) if (ok[k]) drift += Math.sign(v[k]) * rate[k];
  const polarity = drift >= 0 ? 1 : -1;
  const set = options.threshold?.set ?? findThreshold(v, xs, ok, polarity, vFloor, tol);
  const reset = options.threshold?.reset ?? findThreshold(v, xs, ok, -polarity, vFloor, tol);
  const setV = polarity > 0 ? set : reset;
  const resetV = polarity > 0 ? reset : set;

  return { gmin, gmax, xs, rate, ok, polarity, setV, resetV };
}

function fitSweep(table: CsvTable, options: TableOptions, name: string): TableFit {
  const t = column(table, 'time');
  const v = column(table, 'v');
  const i = column(table, 'i');
  const n = t.length;
  if (n < 20) throw new TableDataError(`an I–V sweep needs at least 20 rows, got ${n}`);
  for (let k = 1; k < n; k++) {
    if (!(t[k] > t[k - 1])) throw new TableDataError(`time must increase strictly (${t[k - 1]} then ${t[k]})`, table.lines[k]);
  }
  let vmax = 0;
  let vlo = Infinity;
  let vhi = -Infinity;
  for (let k = 0; k < n; k++) {
    vmax = Math.max(vmax, Math.abs(v[k]));
    vlo = Math.min(vlo, v[k]);
    vhi = Math.max(vhi, v[k]);
  }
  if (!(vhi > 0 && vlo < 0)) throw new TableDataError('an I–V sweep must visit both polarities (a bipolar device)');
  const vFloor = options.vFloor ?? 0.15 * vmax;
  const use = new Uint8Array(n);
  for (let k = 0; k < n; k++) use[k] = Math.abs(v[k]) >= vFloor && i[k] * v[k] > 0 ? 1 : 0;

  const nl = options.nonlinearity ?? 'auto';
  if (typeof nl === 'number' && !(nl >= 0)) throw new TableDataError(`nonlinearity b must be ≥ 0, got ${nl}`);
  const m = options.smoothing ?? 4;
  const tol = options.thresholdTolerance ?? 0.01;
  // b: first from the whole sweep (total variation of log G), then, alternating with the dead band it
  // implies, from the spread of log G within runs inside the dead band, where the state does not move
  // (switching segments bias the first estimate: a larger b flattens their rise).
  let b = nl === 'linear' ? 0 : nl === 'auto' ? fitNonlinearity(v, i, use, vmax) : nl;
  let st = stateOf(t, v, i, use, b, m, vFloor, tol, options);
  if (nl === 'auto') {
    for (let it = 0; it < 8; it++) {
      // Only a band reaching well above vFloor constrains b (the curvature of sinh must show).
      if (Math.min(st.setV, st.resetV) < 1.5 * vFloor) break;
      const quiet = Uint8Array.from(use, (u, k) => (u && v[k] < st.setV && v[k] > -st.resetV ? 1 : 0));
      const next = minimiseB((bb) => quietSpread(bb, v, i, quiet), 6 / vmax);
      if (Math.abs(next - b) < 1e-3 * Math.max(1, b)) break;
      b = next;
      st = stateOf(t, v, i, use, b, m, vFloor, tol, options);
    }
  }
  const { gmin, gmax, xs, rate, ok, polarity } = st;
  const p = new Float64Array(2);

  const dv = options.vKnotSpacing ?? (vhi - vlo) / 40;
  const samples: RateSample[] = [];
  for (let k = 0; k < n; k++) {
    if (!ok[k]) continue;
    samples.push({ v: v[k], x: clamp01(xs[k]), rate: rate[k] });
  }
  // The dead band ends one knot spacing below the detected thresholds: the tolerance of the detection
  // misses the slow onset of switching, which the fitted ramp between the two knots then covers.
  const setV = options.threshold?.set ?? Math.max(vFloor, st.setV - dv);
  const resetV = options.threshold?.reset ?? Math.max(vFloor, st.resetV - dv);
  const vk = voltageKnots(vlo, vhi, setV, resetV, dv);
  const grid = fitPlain(vk, options.xKnots ?? 11, setV, resetV, polarity, samples, options);

  const first = ok.indexOf(1);
  const x0 = clamp01(xs[first]);

  // Replay: the fitted model driven by the data's voltage (linear between samples).
  let iLo = Infinity;
  let iHi = -Infinity;
  for (let k = 0; k < n; k++) {
    iLo = Math.min(iLo, i[k]);
    iHi = Math.max(iHi, i[k]);
  }
  let state = x0;
  let worst = 0;
  let sq = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) {
      const steps = 20;
      const h = (t[k] - t[k - 1]) / steps;
      for (let s = 0; s < steps; s++) {
        const va = v[k - 1] + ((v[k] - v[k - 1]) * (s + 0.5)) / steps;
        state = advanceAt(grid, va, state, h, 1);
      }
    }
    phi(b, v[k], p);
    const e = Math.abs((gmin + (gmax - gmin) * state) * p[0] - i[k]) / (iHi - iLo);
    worst = Math.max(worst, e);
    sq += e * e;
  }
  return {
    name,
    kind: 'sweep',
    gmin,
    gmax,
    b,
    x0,
    threshold: { set: setV, reset: resetV },
    polarity,
    grid,
    stats: { rows: n, samples: samples.length, replayMax: worst, replayRms: Math.sqrt(sq / n) },
  };
}

function fitPulses(table: CsvTable, options: TableOptions, name: string): TableFit {
  const amp = column(table, 'pulse_amplitude');
  const width = column(table, 'pulse_width');
  const has = (c: string) => table.header.includes(c);
  const inv = (a: Float64Array) => Float64Array.from(a, (r) => 1 / r);
  const gb = has('g_before') || !has('r_before') ? column(table, 'g_before') : inv(column(table, 'r_before'));
  const ga = has('g_after') || !has('r_after') ? column(table, 'g_after') : inv(column(table, 'r_after'));
  const n = amp.length;
  if (n < 4) throw new TableDataError(`pulse data need at least 4 rows, got ${n}`);
  for (let k = 0; k < n; k++) {
    if (!(width[k] > 0)) throw new TableDataError(`pulse_width must be positive, got ${width[k]}`, table.lines[k]);
    if (!(gb[k] > 0 && ga[k] > 0)) throw new TableDataError('conductances must be positive', table.lines[k]);
  }
  const nl = options.nonlinearity ?? 'linear';
  if (nl === 'auto') throw new TableDataError("pulse data carry no I–V shape: give nonlinearity 'linear' or a number b");
  const b = nl === 'linear' ? 0 : nl;
  const p = new Float64Array(2);
  const vr = options.readVoltage ?? 0;
  let kappa = 1;
  if (vr !== 0) {
    phi(b, vr, p);
    kappa = p[0] / vr;
  }
  let gmin = Infinity;
  let gmax = -Infinity;
  for (let k = 0; k < n; k++) {
    gmin = Math.min(gmin, gb[k] / kappa, ga[k] / kappa);
    gmax = Math.max(gmax, gb[k] / kappa, ga[k] / kappa);
  }
  if (!(gmax > gmin)) throw new TableDataError('the pulses never change the conductance');
  const xb = Float64Array.from(gb, (g) => (g / kappa - gmin) / (gmax - gmin));
  const xa = Float64Array.from(ga, (g) => (g / kappa - gmin) / (gmax - gmin));

  // Polarity and dead band from the amplitude levels.
  let drift = 0;
  for (let k = 0; k < n; k++) drift += Math.sign(amp[k]) * (xa[k] - xb[k]);
  const polarity = drift >= 0 ? 1 : -1;
  const tol = options.thresholdTolerance ?? 0.005;
  const byLevel = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const a = Number(amp[k].toPrecision(9));
    if (!byLevel.has(a)) byLevel.set(a, []);
    byLevel.get(a)!.push(Math.abs(xa[k] - xb[k]));
  }
  const levels = [...byLevel.keys()].sort((a, b) => a - b);
  const active = new Map(levels.map((a) => [a, median(byLevel.get(a)!) > tol]));
  const bandEdge = (sgn: number): number => {
    const side = levels.filter((a) => sgn * a > 0).sort((a, b) => sgn * a - sgn * b);
    let edge = 0;
    for (const a of side) {
      if (active.get(a)) break;
      edge = Math.abs(a);
    }
    return edge;
  };
  const setV = options.threshold?.set ?? bandEdge(1);
  const resetV = options.threshold?.reset ?? bandEdge(-1);

  const vk = Array.from(new Set([...levels.filter((a) => a < -resetV || a > setV), -resetV, setV])).sort((a, b) => a - b);
  const plan = planGrid(vk, options.xKnots ?? 11, setV, resetV, polarity);
  const rows: number[] = [];
  for (let k = 0; k < n; k++) if (amp[k] > setV || amp[k] < -resetV) rows.push(k);
  const target = new Map(rows.map((k) => [k, (xa[k] - xb[k]) / width[k]]));
  const fitOpts = { smoothness: options.smoothness ?? 1e-3, fixedZero: plan.fixedZero, sign: plan.sign };
  const sampleSet = () => rows.map((k) => ({ v: amp[k], x: clamp01(0.5 * (xb[k] + xa[k])), rate: target.get(k)! }));
  let grid: RateGrid = { v: plan.vk, x: plan.xk, f: fitGrid(plan.vk, plan.xk, sampleSet(), fitOpts) };
  // Trajectory correction: the mid-point rate is exact only for small steps; nudge each sample's target by
  // the miss of the integrated pulse and fit again.
  for (let pass = 0; pass < (options.refine ?? 6); pass++) {
    for (const k of rows) target.set(k, target.get(k)! + (xa[k] - advanceAt(grid, amp[k], clamp01(xb[k]), width[k], 40)) / width[k]);
    grid = { v: plan.vk, x: plan.xk, f: fitGrid(plan.vk, plan.xk, sampleSet(), fitOpts) };
  }

  let worst = 0;
  let sq = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.abs(advanceAt(grid, amp[k], clamp01(xb[k]), width[k], 40) - xa[k]);
    worst = Math.max(worst, e);
    sq += e * e;
  }
  return {
    name,
    kind: 'pulse',
    gmin,
    gmax,
    b,
    x0: clamp01(xb[0]),
    threshold: { set: setV, reset: resetV },
    polarity,
    grid,
    stats: { rows: n, samples: rows.length, replayMax: worst, replayRms: Math.sqrt(sq / n) },
  };
}

/** Fits the state model to CSV text (sweep or pulse data, told apart by their columns). */
export function fitTable(csvText: string, options: TableOptions = {}): TableFit {
  const name = options.name ?? 'device';
  if (!NAME_RE.test(name)) throw new TableDataError(`model name '${name}' may hold only letters, digits, '_', '.' and '-'`);
  const table = parseCsv(csvText);
  const h = new Set(table.header);
  if (h.has('time') && h.has('v') && h.has('i')) return fitSweep(table, options, name);
  if (h.has('pulse_amplitude') && h.has('pulse_width')) return fitPulses(table, options, name);
  throw new TableDataError(
    `cannot tell the kind of data from the columns ${table.header.join(', ')}: an I–V sweep needs time,v,i; pulse data need pulse_amplitude,pulse_width,g_before,g_after`,
  );
}

const fmt = (x: number, d = 4) => Number(x.toPrecision(d)).toString();

/** The device model of a fit (the fit's numbers become parameter defaults; the rate table is closed over). */
export function tableModelFromFit(fit: TableFit, title?: string): DeviceModel {
  const grid: RateGrid = { v: [...fit.grid.v], x: [...fit.grid.x], f: [...fit.grid.f] };
  const nv = grid.v.length;
  const nx = grid.x.length;
  const source =
    fit.kind === 'sweep'
      ? 'a quasi-static I–V sweep (time, v, i). Usable samples have |v| ≥ vFloor (15 % of max |v|). b: first the minimiser of the total variation of log(i/φ_b(v)) over the sweep, then, alternating with the dead band it implies, the minimiser of the spread of log(i/φ_b(v)) within runs inside the dead band (there the state is constant, so G = i/φ(v) must not follow v). Gmin, Gmax: extremes of the 5-point median of i/φ(v); x = (G − Gmin)/(Gmax − Gmin); x and dx/dt from a local linear regression in time (Savitzky–Golay, order 1, ±4 samples) within runs of usable samples. Dead band: the largest |v| up to which no run of consecutive samples (e.g. one up- or down-sweep) moves x by more than the tolerance (0.01), lowered by one knot spacing so that the fitted ramp covers the slow onset the tolerance misses. F is fitted to the (v, x, dx/dt) samples outside the band.'
      : 'pulse-response data (amplitude, width, G before, G after): x before and after each pulse from G; each pulse gives a rate sample (Δx/width at its amplitude and mid-point state), refined by integrating the fitted rate over each pulse and correcting the samples by the miss, then fitting again.';
  return {
    id: `memristor.table:${fit.name}`,
    version: '1.0.0',
    title: title ?? `Data-driven memristor '${fit.name}'`,
    kind: 'memristor',
    description: [
      'State model fitted to measured data: i = G(x)·φ(v), G(x) = gmin + (gmax − gmin)·x, φ(v) = sinh(b·v)/b (φ = v for b = 0); dx/dt = kr·F(v, x), x ∈ [0, 1].',
      `F is tabulated on ${nv} voltage knots × ${nx} state knots and interpolated bilinearly (C⁰, exact derivatives of the interpolant), continued beyond the outer voltage knots linearly while that moves F away from zero, else flat.`,
      `Fitted from ${source}`,
      `Thresholds emerge from the data (above): F is exactly 0 for ${fmt(-fit.threshold.reset)} V < v < ${fmt(fit.threshold.set)} V, so the device retains its state at rest. F is fitted by least squares with a small second-difference penalty, signs constrained (${fit.polarity > 0 ? 'positive' : 'negative'} voltage raises the conductance).`,
      `Fit: ${fit.stats.rows} rows, ${fit.stats.samples} rate samples; replay of the data by the model: max error ${fmt(100 * fit.stats.replayMax, 3)} %, rms ${fmt(100 * fit.stats.replayRms, 3)} % of the ${fit.kind === 'sweep' ? 'current range' : 'conductance range'}.`,
    ].join('\n'),
    terminals: ['p', 'n'],
    params: {
      gmin: { default: fit.gmin, unit: 'S', min: 0, doc: 'Conductance at x = 0 (fitted)' },
      gmax: { default: fit.gmax, unit: 'S', min: 0, doc: 'Conductance at x = 1 (fitted)' },
      b: { default: fit.b, unit: '1/V', min: 0, doc: 'I–V nonlinearity: i = G(x)·sinh(b·v)/b (fitted; 0 = ohmic)' },
      x0: { default: fit.x0, min: 0, max: 1, doc: 'Initial state (fitted: the state at the start of the data)' },
      kr: { default: 1, min: 0, doc: 'Scale of the state rate (1 = as measured; e.g. 2 = twice as fast)' },
    },
    states: { x: { init: 'x0', min: 0, max: 1, doc: 'Normalised conductance state (G − gmin)/(gmax − gmin)', abstol: 1e-9 } },
    jacobian: twoTerminalStateJacobian('x'),
    spice: { letter: 'Y', modelType: 'memristor', level: ['table'] },
    evaluate(ctx) {
      const [vp, vn, xs] = ctx.x;
      const [fp, fn, fx] = ctx.f;
      const [jpp, jpn, jpx, jnp, jnn, jnx, jxp, jxn, jxx] = ctx.df;
      const { gmin, gmax, b, kr } = ctx.p;
      const ph = new Float64Array(2);
      const fr = new Float64Array(3);
      for (let i = 0; i < ctx.n; i++) {
        const v = vp[i] - vn[i];
        const x = xs[i];
        const dg = gmax[i] - gmin[i];
        const g = gmin[i] + dg * x;
        phi(b[i], v, ph);
        const cur = g * ph[0];
        const gd = g * ph[1];
        const dIdx = dg * ph[0];
        fp[i] = cur;
        fn[i] = -cur;
        jpp[i] = gd;
        jpn[i] = -gd;
        jpx[i] = dIdx;
        jnp[i] = -gd;
        jnn[i] = gd;
        jnx[i] = -dIdx;
        gridRate(grid, v, x, fr);
        const k = kr[i];
        fx[i] = k * fr[0];
        jxp[i] = k * fr[1];
        jxn[i] = -k * fr[1];
        jxx[i] = k * fr[2];
      }
    },
  };
}

/** Fits the data and returns the device model (see `fitTable` for the fit itself and its figures). */
export function buildTableModel(csvText: string, options: TableOptions = {}): DeviceModel {
  return tableModelFromFit(fitTable(csvText, options), options.title);
}
