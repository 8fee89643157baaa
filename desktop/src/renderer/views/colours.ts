/** A perceptually ordered colour ramp (ColorBrewer RdYlBu, reversed: blue = low, red = high). */
const STOPS = ['#313695', '#4575b4', '#74add1', '#abd9e9', '#fee090', '#fdae61', '#f46d43', '#d73027', '#a50026'].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

/** Colour of f in [0, 1] (clamped). */
export function colourOf(f: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(f) ? f : 0)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(x));
  const t = x - k;
  const c = STOPS[k].map((v, i) => Math.round(v + t * (STOPS[k + 1][i] - v)));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
