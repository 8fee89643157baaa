/** Independent-source specifications: `[DC] v`, `AC mag [phase]`, SIN, PULSE, PWL, EXP. */
import { waveformValue, type SourceSpec, type Waveform } from '@memflow/plugin-sdk';
import type { Scope } from './context.js';
import { fail } from './errors.js';
import type { Token } from './lexer.js';
import { isValueToken, numberValue } from './values.js';

interface Shape {
  readonly min: number;
  readonly max: number;
  readonly usage: string;
  build(a: readonly number[]): Waveform;
}

/** Defaults that SPICE derives from the analysis (TSTEP, TSTOP) are NaN until `resolveWaveformDefaults`. */
const TBD = Number.NaN;

const SHAPES: Readonly<Record<string, Shape>> = {
  sin: {
    min: 2,
    max: 6,
    usage: 'SIN(vo va [freq [td [theta [phase]]]])',
    build: ([vo, va, freq = TBD, td = 0, theta = 0, phase = 0]) => ({ type: 'sin', vo, va, freq, td, theta, phase }),
  },
  pulse: {
    min: 2,
    max: 8,
    usage: 'PULSE(v1 v2 [td [tr [tf [pw [per [np]]]]]])',
    build: ([v1, v2, td = 0, tr = TBD, tf = TBD, pw = TBD, per = TBD, np = 0]) => ({ type: 'pulse', v1, v2, td, tr, tf, pw, per, np }),
  },
  exp: {
    min: 2,
    max: 6,
    usage: 'EXP(v1 v2 [td1 [tau1 [td2 [tau2]]]])',
    build: ([v1, v2, td1 = 0, tau1 = TBD, td2 = TBD, tau2 = TBD]) => ({ type: 'exp', v1, v2, td1, tau1, td2, tau2 }),
  },
  pwl: {
    min: 2,
    max: Infinity,
    usage: 'PWL(t1 v1 t2 v2 ...)',
    build: (a) => ({ type: 'pwl', t: a.filter((_, k) => k % 2 === 0), v: a.filter((_, k) => k % 2 === 1) }),
  },
};

const UNSUPPORTED = new Set(['sffm', 'am', 'trnoise', 'trrandom', 'distof1', 'distof2']);
const EXPECTED = 'expected [DC] value, AC, SIN(...), PULSE(...), PWL(...) or EXP(...)';

/** Reads the source specification in `tokens[start..]` of source `what`. */
export function parseSource(tokens: readonly Token[], start: number, scope: Scope, what: string): SourceSpec {
  let dc: number | undefined;
  let wave: Waveform | undefined;
  let ac: { mag: number; phase: number } | undefined;
  let i = start;
  while (i < tokens.length) {
    const t = tokens[i];
    const key = t.kind === 'word' ? t.text : '';
    if (key === 'dc') {
      const v = tokens[i + 1];
      if (v === undefined || !isValueToken(v)) fail(`missing value after DC in ${what}: write DC 1.5`, (v ?? t).loc);
      dc = numberValue(v, scope, what);
      i += 2;
    } else if (key === 'ac') {
      // Small-signal magnitude (default 1, as in ngspice) and phase in degrees, for .ac.
      if (ac !== undefined) fail(`${what} has two AC specifications: keep one`, t.loc);
      i++;
      let mag = 1;
      let phase = 0;
      if (isValueToken(tokens[i])) mag = numberValue(tokens[i++], scope, `AC magnitude of ${what}`);
      if (isValueToken(tokens[i])) phase = numberValue(tokens[i++], scope, `AC phase of ${what}`);
      ac = { mag, phase };
    } else if (Object.hasOwn(SHAPES, key)) {
      if (wave !== undefined) fail(`${what} has two waveforms: keep one`, t.loc);
      const args = collectArgs(tokens, i + 1);
      wave = buildWave(t, SHAPES[key], args.tokens, scope, what);
      i = args.next;
    } else if (UNSUPPORTED.has(key)) {
      fail(`waveform ${t.raw} is not supported in ${what}: use SIN, PULSE, PWL or EXP`, t.loc);
    } else if (dc === undefined && wave === undefined && t.kind !== '(' && t.kind !== ')' && t.kind !== '=') {
      dc = numberValue(t, scope, what);
      i++;
    } else {
      fail(`unexpected '${t.raw}' in ${what}: ${EXPECTED}`, t.loc);
    }
  }
  // SPICE: with no DC value, the operating point uses the waveform at t = 0.
  const spec: SourceSpec = wave === undefined ? { dc: dc ?? 0 } : { dc: dc ?? waveformValue(wave, 0), wave };
  return ac === undefined ? spec : { ...spec, ac };
}

/** Arguments in parentheses, or (SPICE allows it) the value tokens that follow without them. */
function collectArgs(tokens: readonly Token[], i: number): { tokens: Token[]; next: number } {
  const out: Token[] = [];
  if (tokens[i]?.kind === '(') {
    let k = i + 1;
    while (tokens[k].kind !== ')') out.push(tokens[k++]);
    return { tokens: out, next: k + 1 };
  }
  let k = i;
  while (isValueToken(tokens[k])) out.push(tokens[k++]);
  return { tokens: out, next: k };
}

function buildWave(keyword: Token, shape: Shape, args: readonly Token[], scope: Scope, what: string): Waveform {
  const name = keyword.text.toUpperCase();
  const odd = shape === SHAPES.pwl && args.length % 2 === 1;
  if (args.length < shape.min || args.length > shape.max || odd) {
    const count = shape === SHAPES.pwl ? 'an even number of values (time value pairs)' : `${shape.min} to ${shape.max} values`;
    fail(`${name} in ${what} takes ${count}: ${shape.usage}, got ${args.length}`, keyword.loc);
  }
  const values = args.map((a) => numberValue(a, scope, `${name} of ${what}`));
  if (shape === SHAPES.pwl) {
    for (let k = 2; k < values.length; k += 2) {
      if (values[k] < values[k - 2]) fail(`PWL times in ${what} must not decrease: ${args[k].raw} comes after ${args[k - 2].raw}`, args[k].loc);
    }
  }
  return shape.build(values);
}

/** Fills the analysis-dependent defaults (NaN in parsed waveforms) as SPICE does. */
export function resolveWaveformDefaults(w: Waveform, tstep: number, tstop: number): Waveform {
  const or = (v: number, d: number): number => (Number.isNaN(v) ? d : v);
  switch (w.type) {
    case 'sin':
      return { ...w, freq: or(w.freq, 1 / tstop) };
    case 'pulse':
      return { ...w, tr: or(w.tr, tstep), tf: or(w.tf, tstep), pw: or(w.pw, tstop), per: or(w.per, tstop) };
    case 'exp':
      return { ...w, tau1: or(w.tau1, tstep), td2: or(w.td2, w.td1 + tstep), tau2: or(w.tau2, tstep) };
    case 'pwl':
      return w;
  }
}
