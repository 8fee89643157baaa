/**
 * Small-signal AC analysis (SPICE `.ac`): the circuit linearised at its DC operating point and driven
 * by the sources' `AC mag phase` phasors, solved at each frequency.
 *
 * Every unknown is kept, device states included: a state with rate f_s obeys jω·S = ∂f_s/∂x·X, so a
 * memristor's small-signal impedance depends on frequency (its state follows slow signals and not fast
 * ones), while in .op/.dc its state is held. Node and branch rows are (∂f/∂x + jω·∂q/∂x)·X = −b, b
 * being the sources' phasors times ∂f/∂(source value). The complex system is solved as the real one
 * [[A, −B], [B, A]]·[Xr; Xi] = [br; bi], with A = ∂f/∂x and B = ω·∂q/∂x (state rows: A = −∂f_s/∂x, B = ω),
 * through the same sparse LU as the kernel's.
 */
import type { Kernel } from './kernel.js';
import { operatingPoint } from './operating-point.js';
import { SparseLU } from './sparse/index.js';
import { UnknownKind } from './system.js';
import { CircuitError } from './errors.js';
import { outputKey, parseOutput, type AcPart } from '../network/outputs.js';
import { resolveOutput } from './probes.js';

export interface AcSpec {
  readonly sweep: 'dec' | 'oct' | 'lin';
  /** Points per decade / octave, or in all for `lin`. */
  readonly points: number;
  readonly fstart: number;
  readonly fstop: number;
}

/** The frequencies SPICE visits: `points` per decade or octave from fstart up to fstop, or `points` spread evenly. */
export function acFrequencies(spec: AcSpec): number[] {
  const { sweep, points, fstart, fstop } = spec;
  if (sweep === 'lin') {
    if (points === 1) return [fstart];
    return Array.from({ length: points }, (_, k) => fstart + ((fstop - fstart) * k) / (points - 1));
  }
  const ratio = sweep === 'dec' ? 10 : 2;
  const count = Math.floor(points * (Math.log(fstop / fstart) / Math.log(ratio)) + 1e-9);
  return Array.from({ length: count + 1 }, (_, k) => fstart * ratio ** (k / points));
}

/** A phasor's real and imaginary parts at every frequency, one pair per unknown. */
export interface AcSolution {
  readonly frequencies: number[];
  /** re[k][u], im[k][u]: unknown u at frequency k. */
  readonly re: Float64Array[];
  readonly im: Float64Array[];
}

export function acAnalysis(kernel: Kernel, spec: AcSpec, onProgress?: (fraction: number) => void): AcSolution {
  const { sys } = kernel;
  operatingPoint(kernel, { dcSources: true, time: 0, nodeset: true });
  // One evaluation at the operating point with derivatives (the last Newton one may have had none).
  kernel.mode = 'dc';
  kernel.dcSources = true;
  kernel.sourceScale = 1;
  const bad = kernel.assemble(false, true, false);
  if (bad) throw new CircuitError(`.ac: element '${bad.element}' (${bad.model}) gives a non-finite current or derivative at the operating point`);

  const N = sys.size;
  // Entries of A and B (may repeat: summed when the matrix is filled).
  const rows: number[] = [];
  const cols: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const add = (r: number, c: number, av: number, bv: number) => {
    rows.push(r);
    cols.push(c);
    a.push(av);
    b.push(bv);
  };
  const rhs = new Float64Array(2 * N);
  // A state at one of its bounds is held there (S = 0): the kernel keeps it from moving past the bound,
  // and a small signal cannot move it half-way.
  const held = (u: number) => sys.kind[u] === UnknownKind.State && (kernel.y[u] <= sys.stateLo[u] || kernel.y[u] >= sys.stateHi[u]);
  for (const g of sys.groups) {
    const n = g.n;
    for (let e = 0; e < g.jfRow.length; e++) {
      const lr = g.jfRow[e];
      const lc = g.jfCol[e];
      for (let i = 0; i < n; i++) {
        const r = g.idx[lr * n + i];
        const c = g.idx[lc * n + i];
        if (r < 0 || c < 0 || held(r)) continue;
        const d = g.df[e][i];
        add(r, c, sys.kind[r] === UnknownKind.State ? -d : d, 0);
      }
    }
    for (let e = 0; e < g.jqRow.length; e++) {
      const lr = g.jqRow[e];
      const lc = g.jqCol[e];
      for (let i = 0; i < n; i++) {
        const r = g.idx[lr * n + i];
        const c = g.idx[lc * n + i];
        if (r >= 0 && c >= 0) add(r, c, 0, g.dq[e][i]);
      }
    }
    excite(g, rhs, N);
  }
  for (let u = 0; u < N; u++) if (sys.kind[u] === UnknownKind.State) add(u, u, held(u) ? 1 : 0, held(u) ? 0 : 1);

  // The 2N×2N pattern: each entry (r, c) appears in all four blocks.
  const perColumn: Map<number, number[]>[] = Array.from({ length: 2 * N }, () => new Map());
  const place = (r: number, c: number, k: number, block: number) => {
    const list = perColumn[c].get(r);
    if (list) list.push(k * 4 + block);
    else perColumn[c].set(r, [k * 4 + block]);
  };
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const c = cols[k];
    place(r, c, k, 0); // A
    place(r, c + N, k, 1); // −B
    place(r + N, c, k, 2); // B
    place(r + N, c + N, k, 3); // A
  }
  // Every row needs a diagonal entry for the LU's pivoting to start from: add explicit zeros.
  for (let u = 0; u < 2 * N; u++) if (!perColumn[u].has(u)) perColumn[u].set(u, []);
  const colPtr = new Int32Array(2 * N + 1);
  const rowIdx: number[] = [];
  const sources: number[][] = [];
  for (let c = 0; c < 2 * N; c++) {
    const entries = [...perColumn[c].entries()].sort((x, y) => x[0] - y[0]);
    for (const [r, list] of entries) {
      rowIdx.push(r);
      sources.push(list);
    }
    colPtr[c + 1] = rowIdx.length;
  }
  const lu = new SparseLU({ n: 2 * N, colPtr, rowIdx: Int32Array.from(rowIdx) });
  const values = new Float64Array(rowIdx.length);

  const frequencies = acFrequencies(spec);
  const re: Float64Array[] = [];
  const im: Float64Array[] = [];
  frequencies.forEach((f, fk) => {
    const w = 2 * Math.PI * f;
    values.fill(0);
    for (let p = 0; p < sources.length; p++) {
      let v = 0;
      for (const code of sources[p]) {
        const k = code >> 2;
        const block = code & 3;
        v += block === 0 || block === 3 ? a[k] : block === 1 ? -w * b[k] : w * b[k];
      }
      values[p] = v;
    }
    // Same pattern at every frequency: later ones reuse the pivot order (re-pivoting if it fails).
    if (fk === 0) lu.factor(values);
    else lu.refactor(values);
    const x = Float64Array.from(rhs);
    lu.solve(x);
    re.push(x.slice(0, N));
    im.push(x.slice(N));
    onProgress?.((fk + 1) / frequencies.length);
  });
  return { frequencies, re, im };
}

/**
 * The excitation of the AC sources in group `g`: −(f(value = 1) − f(value = 0))·phasor per row, the
 * device's own derivative with respect to its value (exact: sources are linear in it).
 */
function excite(g: Kernel['sys']['groups'][number], rhs: Float64Array, N: number): void {
  const specs = g.data as ({ ac?: { mag: number; phase: number } } | undefined)[];
  const value = g.p.dc;
  if (!value || !specs.some((s) => s?.ac)) return;
  const n = g.n;
  for (let i = 0; i < n; i++) {
    const ac = specs[i]?.ac;
    if (!ac) continue;
    const saved = value[i];
    const rowsAt = (v: number): Float64Array => {
      value[i] = v;
      g.model.evaluate(g.ctx);
      return Float64Array.from({ length: g.L }, (_, r) => g.f[r][i]);
    };
    const f0 = rowsAt(0);
    const f1 = rowsAt(1);
    value[i] = saved;
    g.model.evaluate(g.ctx);
    const phase = (ac.phase * Math.PI) / 180;
    for (let r = 0; r < g.L; r++) {
      const u = g.idx[r * n + i];
      const d = f1[r] - f0[r];
      if (u < 0 || d === 0) continue;
      rhs[u] -= d * ac.mag * Math.cos(phase);
      rhs[u + N] -= d * ac.mag * Math.sin(phase);
    }
  }
}

/** Reads one output's phasor (re, im) at frequency k of a solution. */
export type AcProbe = (sol: AcSolution, k: number) => [number, number];

/**
 * `v(a)`, `v(a,b)`, `x(el.state)` read their unknowns; `i(el)` is the small-signal current into the
 * element's first terminal, Σ (∂f/∂x + jω·∂q/∂x)·X over that terminal's row, which is the branch
 * current for a voltage source and works for resistors, capacitors and memristors alike.
 */
export function acProbe(kernel: Kernel, text: string): AcProbe {
  const target = resolveOutput(kernel.sys, text);
  if (target.kind === 'v') {
    const { pos: a, neg: b } = target;
    return (sol, k) => [(a >= 0 ? sol.re[k][a] : 0) - (b >= 0 ? sol.re[k][b] : 0), (a >= 0 ? sol.im[k][a] : 0) - (b >= 0 ? sol.im[k][b] : 0)];
  }
  if (target.kind === 'x') {
    const row = target.row;
    return (sol, k) => [sol.re[k][row], sol.im[k][row]];
  }
  const { group: g, i } = target;
  const n = g.n;
  // The first terminal's row of the device's own linearisation (taken at the operating point).
  const terms: { col: number; g: number; c: number }[] = [];
  for (let e = 0; e < g.jfRow.length; e++) if (g.jfRow[e] === 0 && g.idx[g.jfCol[e] * n + i] >= 0) terms.push({ col: g.idx[g.jfCol[e] * n + i], g: g.df[e][i], c: 0 });
  for (let e = 0; e < g.jqRow.length; e++) if (g.jqRow[e] === 0 && g.idx[g.jqCol[e] * n + i] >= 0) terms.push({ col: g.idx[g.jqCol[e] * n + i], g: 0, c: g.dq[e][i] });
  return (sol, k) => {
    const w = 2 * Math.PI * sol.frequencies[k];
    let re = 0;
    let im = 0;
    for (const t of terms) {
      const xr = sol.re[k][t.col];
      const xi = sol.im[k][t.col];
      // (g + jωc)(xr + j·xi)
      re += t.g * xr - w * t.c * xi;
      im += t.g * xi + w * t.c * xr;
    }
    return [re, im];
  };
}

/**
 * The result columns of `outputs`: a plain output (`v(out)`) gives its magnitude and phase in degrees
 * (`vm(out)`, `vp(out)`), one with a part (`vdb(out)`, `vr(out)` ...) that part alone.
 */
export function acOutputs(kernel: Kernel, sol: AcSolution, outputs: readonly string[]): { columns: string[]; data: Float64Array[] } {
  const columns: string[] = [];
  const data: Float64Array[] = [];
  const F = sol.frequencies.length;
  for (const text of outputs) {
    const read = acProbe(kernel, text);
    const out = parseOutput(outputKey(text))!;
    const name = (part: AcPart) => `${out.kind}${part}(${out.kind === 'v' ? [out.pos, ...(out.neg === undefined ? [] : [out.neg])].join(',') : out.kind === 'i' ? out.element : out.target})`;
    const parts: AcPart[] = out.part ? [out.part] : ['m', 'p'];
    const cols = parts.map(() => new Float64Array(F));
    for (let k = 0; k < F; k++) {
      const [re, im] = read(sol, k);
      parts.forEach((part, c) => (cols[c][k] = phasorPart(part, re, im)));
    }
    parts.forEach((part, c) => {
      columns.push(name(part));
      data.push(cols[c]);
    });
  }
  return { columns, data };
}

function phasorPart(part: AcPart, re: number, im: number): number {
  switch (part) {
    case 'm':
      return Math.hypot(re, im);
    case 'p':
      return (Math.atan2(im, re) * 180) / Math.PI;
    case 'db':
      return 20 * Math.log10(Math.hypot(re, im));
    case 'r':
      return re;
    case 'i':
      return im;
  }
}
