/**
 * Grid figures for learning reports: a labelled heat map (confusion matrices, accuracy over model ×
 * range) and histograms drawn as step lines with the line-plot writer.
 */
import { linePlotSvg, type Series } from './svg.js';

export interface HeatMapSpec {
  readonly title: string;
  readonly rowLabel: string;
  readonly colLabel: string;
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** values[r][c]; null draws an empty (grey) cell. */
  readonly values: readonly (readonly (number | null)[])[];
  /** Colour scale bounds (default the values' range). */
  readonly min?: number;
  readonly max?: number;
  /** Cell text (default 3 significant digits). */
  readonly format?: (v: number) => string;
  /** Optional mark drawn after the cell text (e.g. '✗' for a run that did not converge). */
  readonly marks?: readonly (readonly string[])[];
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** White → blue colour of t ∈ [0, 1]. */
function shade(t: number): string {
  const u = Math.min(1, Math.max(0, t));
  const r = Math.round(255 - 200 * u);
  const g = Math.round(255 - 140 * u);
  const b = Math.round(255 - 40 * u);
  return `rgb(${r},${g},${b})`;
}

export function heatMapSvg(spec: HeatMapSpec): string {
  const cell = 56;
  const m = { l: 110, t: 60, r: 20, b: 50 };
  // wide enough for the title (about 8 px per character at 15 px)
  const W = Math.max(m.l + cell * spec.cols.length + m.r, 8 * spec.title.length + 40);
  const H = m.t + cell * spec.rows.length + m.b;
  const flat = spec.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = spec.min ?? Math.min(...flat, 0);
  const hi = spec.max ?? Math.max(...flat, 1);
  const fmt = spec.format ?? ((v: number) => String(Number(v.toPrecision(3))));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="15">${escape(spec.title)}</text>`,
    `<text x="${m.l + (cell * spec.cols.length) / 2}" y="${m.t - 28}" text-anchor="middle">${escape(spec.colLabel)}</text>`,
    `<text transform="translate(14 ${m.t + (cell * spec.rows.length) / 2}) rotate(-90)" text-anchor="middle">${escape(spec.rowLabel)}</text>`,
  ];
  spec.cols.forEach((c, j) => parts.push(`<text x="${m.l + cell * (j + 0.5)}" y="${m.t - 8}" text-anchor="middle">${escape(c)}</text>`));
  spec.rows.forEach((r, i) => {
    parts.push(`<text x="${m.l - 8}" y="${m.t + cell * (i + 0.5) + 4}" text-anchor="end">${escape(r)}</text>`);
    spec.cols.forEach((_, j) => {
      const v = spec.values[i]?.[j] ?? null;
      const x = m.l + cell * j;
      const y = m.t + cell * i;
      const fill = v === null ? '#ddd' : shade((v - lo) / (hi - lo || 1));
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>`);
      const text = v === null ? '–' : fmt(v) + (spec.marks?.[i]?.[j] ?? '');
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle">${escape(text)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface HistogramSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly series: readonly { readonly name: string; readonly values: ArrayLike<number> }[];
  readonly bins?: number;
  /** Bin edges on a log scale (x axis in log10 of the value). */
  readonly log?: boolean;
}

/** Histogram counts of every series over shared bins, drawn as step lines. */
export function histogramSvg(spec: HistogramSpec): string {
  const bins = spec.bins ?? 40;
  const tr = (v: number) => (spec.log ? Math.log10(v) : v);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series)
    for (let k = 0; k < s.values.length; k++) {
      const v = tr(s.values[k]);
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  if (!(hi > lo)) hi = lo + 1;
  const w = (hi - lo) / bins;
  const series: Series[] = spec.series.map((s) => {
    const counts = new Array<number>(bins).fill(0);
    for (let k = 0; k < s.values.length; k++) {
      const v = tr(s.values[k]);
      if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
    }
    const x: number[] = [];
    const y: number[] = [];
    counts.forEach((c, b) => {
      x.push(lo + b * w, lo + (b + 1) * w);
      y.push(c, c);
    });
    return { name: s.name, x, y };
  });
  return linePlotSvg({ title: spec.title, xLabel: spec.log ? `log10 ${spec.xLabel}` : spec.xLabel, yLabel: 'count', series });
}
