/**
 * A small, dependency-free line-plot writer: one SVG with axes, ticks, labels and a legend, good
 * enough to look at a waveform or an I–V loop without opening a notebook.
 */
export interface Series {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

export interface PlotSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
  /** A logarithmic x axis (x > 0), ticked at decades: frequency responses. */
  readonly logX?: boolean;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function range(values: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) for (let k = 0; k < v.length; k++) if (Number.isFinite(v[k])) { lo = Math.min(lo, v[k]); hi = Math.max(hi, v[k]); }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

export function linePlotSvg(spec: PlotSpec): string {
  const W = spec.width ?? 720;
  const H = spec.height ?? 440;
  const m = { l: 78, r: 20, t: 36, b: 52 };
  const lx = spec.logX ? Math.log10 : (x: number) => x;
  const [x0, x1] = range(spec.series.map((s) => Array.from(s.x, lx)));
  const [y0, y1] = range(spec.series.map((s) => s.y));
  const px = (x: number) => m.l + ((lx(x) - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${escape(spec.title)}</text>`,
  ];
  const xTicks = spec.logX ? Array.from({ length: Math.floor(x1) - Math.ceil(x0) + 1 }, (_, k) => 10 ** (Math.ceil(x0) + k)) : niceTicks(x0, x1, 6);
  for (const t of xTicks) {
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${m.t}" y2="${H - m.b}" stroke="#eee"/>`);
    parts.push(`<text x="${px(t)}" y="${H - m.b + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1, 6)) {
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 6}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${(W + m.l - m.r) / 2}" y="${H - 12}" text-anchor="middle">${escape(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(H + m.t - m.b) / 2}) rotate(-90)" text-anchor="middle">${escape(spec.yLabel)}</text>`);
  spec.series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i])) pts.push(`${px(s.x[i]).toFixed(1)},${py(s.y[i]).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
    parts.push(`<rect x="${W - m.r - 150}" y="${m.t + 8 + k * 18}" width="12" height="3" fill="${color}"/>`);
    parts.push(`<text x="${W - m.r - 132}" y="${m.t + 13 + k * 18}">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
