/**
 * SPICE number syntax: a number with an optional scale suffix and trailing unit letters,
 * e.g. `10k`, `1.5meg`, `100u`, `3nF`, `1e-3`, `2.2kOhm`. Case-insensitive, as in SPICE.
 */
/** Suffix → decimal exponent; applied by editing the exponent, so `50u` is exactly the double 5e-5. */
const SCALE: ReadonlyArray<readonly [string, number]> = [
  ['meg', 6],
  ['t', 12],
  ['g', 9],
  ['k', 3],
  ['m', -3],
  ['u', -6],
  ['µ', -6],
  ['n', -9],
  ['p', -12],
  ['f', -15],
  ['a', -18],
];
const MIL = 25.4e-6;

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
  if (rest.startsWith('mil')) return base * MIL;
  for (const [suffix, exp] of SCALE) {
    if (!rest.startsWith(suffix)) continue;
    const mantissa = m[0];
    const e = mantissa.search(/e/i);
    return e < 0 ? Number(`${mantissa}e${exp}`) : Number(`${mantissa.slice(0, e)}e${Number(mantissa.slice(e + 1)) + exp}`);
  }
  // Trailing unit letters without a scale (e.g. `5V`, `10Ohm`) are ignored, as SPICE does.
  return base;
}
