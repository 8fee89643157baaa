/**
 * SPICE number syntax: a number with an optional scale suffix and trailing unit letters,
 * e.g. `10k`, `1.5meg`, `100u`, `3nF`, `1e-3`, `2.2kOhm`. Case-insensitive, as in SPICE.
 */
const SCALE: ReadonlyArray<readonly [string, number]> = [
  ['meg', 1e6],
  ['mil', 25.4e-6],
  ['t', 1e12],
  ['g', 1e9],
  ['k', 1e3],
  ['m', 1e-3],
  ['u', 1e-6],
  ['µ', 1e-6],
  ['n', 1e-9],
  ['p', 1e-12],
  ['f', 1e-15],
  ['a', 1e-18],
];

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/i;

/** Parses a SPICE number; returns undefined when the text is not one. */
export function parseSpiceNumber(text: string): number | undefined {
  const s = text.trim();
  const m = NUMBER_RE.exec(s);
  if (!m) return undefined;
  const base = Number(m[0]);
  const rest = s.slice(m[0].length).toLowerCase();
  if (rest === '') return base;
  if (!/^[a-zµ]+$/i.test(rest)) return undefined;
  for (const [suffix, scale] of SCALE) {
    if (rest.startsWith(suffix)) return base * scale;
  }
  // Trailing unit letters without a scale (e.g. `5V`, `10Ohm`) are ignored, as SPICE does.
  return base;
}
