/**
 * `.meas[ure] tran|dc NAME ...` cards (ngspice's forms):
 *   MAX|MIN|PP|AVG|RMS|INTEG out [FROM=x] [TO=x]
 *   FIND out AT=x
 *   WHEN out=level [RISE=n|FALL=n|CROSS=n|CROSS=LAST]
 *   FIND out WHEN out2=level [RISE=n|...]
 *   TRIG out VAL=level [RISE=n|...] TARG out VAL=level [RISE=n|...]
 */
import type { Crossing, MeasureSpec, MeasureStat } from '../network/measure.js';
import type { Context } from './context.js';
import { fail } from './errors.js';
import type { Card, Token } from './lexer.js';
import { numberValue } from './values.js';
import { readOutput } from './commands.js';
import { OUTPUT_SYNTAX, parseOutput } from '../network/outputs.js';

const STATS: readonly string[] = ['max', 'min', 'pp', 'avg', 'rms', 'integ'];
const USAGE =
  '.meas tran|dc|ac NAME MAX|MIN|PP|AVG|RMS|INTEG v(out) [FROM=x TO=x] | FIND v(out) AT=x | WHEN v(out)=level [RISE|FALL|CROSS=n] | FIND v(out) WHEN v(in)=level | TRIG v(a) VAL=level TARG v(b) VAL=level';

class Reader {
  private i = 0;
  constructor(
    private readonly t: readonly Token[],
    private readonly ctx: Context,
    private readonly card: Card,
  ) {}
  peek(): Token | undefined {
    return this.t[this.i];
  }
  next(what: string): Token {
    const tok = this.t[this.i++];
    if (!tok) fail(`.meas needs ${what}: ${USAGE}`, this.card.loc);
    return tok;
  }
  word(what: string): string {
    const tok = this.next(what);
    if (tok.kind !== 'word') fail(`.meas: expected ${what}, found '${tok.raw}': ${USAGE}`, tok.loc);
    return tok.text;
  }
  /** An output variable: v(a), v(a,b), i(v1), and in .ac the parts vdb(a), vp(a), im(v1) ... */
  output(): string {
    const at = this.t[this.i] ?? this.card.tokens[0];
    const { text, next } = readOutput(this.t, this.i, '.meas');
    this.i = next;
    if (!parseOutput(text)) fail(`.meas: ${text} is not an output; write ${OUTPUT_SYNTAX}`, at.loc);
    return text;
  }
  equalsValue(what: string): number {
    const eq = this.next(`'=' after ${what}`);
    if (eq.kind !== '=') fail(`.meas: expected '=' after ${what}, found '${eq.raw}'`, eq.loc);
    return numberValue(this.next(`a value for ${what}`), this.ctx.scope, `.meas ${what}`);
  }
  /** Optional `key=value` pairs among `keys`. */
  options(keys: readonly string[]): Map<string, Token> {
    const out = new Map<string, Token>();
    for (let tok = this.peek(); tok?.kind === 'word' && keys.includes(tok.text) && this.t[this.i + 1]?.kind === '='; tok = this.peek()) {
      if (out.has(tok.text)) fail(`.meas: ${tok.raw} given twice`, tok.loc);
      this.i += 2;
      out.set(tok.text, this.next(`a value for ${tok.raw}`));
    }
    return out;
  }
  number(tok: Token, what: string): number {
    return numberValue(tok, this.ctx.scope, `.meas ${what}`);
  }
  /** RISE=n / FALL=n / CROSS=n|LAST after a level; the first crossing of either direction by default. */
  crossing(output: string, level: number): Crossing {
    const opts = this.options(['rise', 'fall', 'cross']);
    if (opts.size > 1) fail('.meas: give one of RISE=, FALL= or CROSS=', [...opts.values()][1].loc);
    const [key, tok] = [...opts.entries()][0] ?? ['cross', undefined];
    let count: number | 'last' = 1;
    if (tok) {
      if (tok.kind === 'word' && tok.text === 'last') count = 'last';
      else {
        count = this.number(tok, key.toUpperCase());
        if (!Number.isInteger(count) || count < 1) fail(`.meas: ${key.toUpperCase()}= must be a positive whole number or LAST`, tok.loc);
      }
    }
    return { output, level, edge: key as Crossing['edge'], count };
  }
  /** `VAL=level` of a TRIG or TARG. */
  val(): number {
    if (this.word('VAL=level') !== 'val') fail(`.meas: TRIG and TARG take VAL=level: ${USAGE}`, this.card.loc);
    return this.equalsValue('VAL');
  }
  done(): void {
    const tok = this.peek();
    if (tok) fail(`.meas: unexpected '${tok.raw}': ${USAGE}`, tok.loc);
  }
}

export function parseMeasure(card: Card, ctx: Context): MeasureSpec {
  const r = new Reader(card.tokens.slice(1), ctx, card);
  const analysisToken = r.next('the analysis (tran or dc)');
  if (analysisToken.kind !== 'word' || !['tran', 'dc', 'ac'].includes(analysisToken.text)) {
    fail(`.meas measures a tran, dc or ac analysis, found '${analysisToken.raw}': ${USAGE}`, analysisToken.loc);
  }
  const analysis = analysisToken.text as 'tran' | 'dc' | 'ac';
  const name = r.word('a name for the measurement');
  const kindToken = r.next('what to measure (MAX, AVG, FIND, WHEN, TRIG ...)');
  const kind = kindToken.kind === 'word' ? kindToken.text : '';
  const base = { name, analysis, loc: card.loc };
  let spec: MeasureSpec;
  if (STATS.includes(kind)) {
    const output = r.output();
    const opts = r.options(['from', 'to']);
    const from = opts.get('from');
    const to = opts.get('to');
    spec = { ...base, kind: kind as MeasureStat, output, ...(from ? { from: r.number(from, 'FROM') } : {}), ...(to ? { to: r.number(to, 'TO') } : {}) };
  } else if (kind === 'find') {
    const output = r.output();
    const how = r.word('AT= or WHEN after FIND');
    if (how === 'at') {
      spec = { ...base, kind: 'find-at', output, at: r.equalsValue('AT') };
    } else if (how === 'when') {
      const other = r.output();
      spec = { ...base, kind: 'find-when', output, when: r.crossing(other, r.equalsValue(other)) };
    } else fail(`.meas: FIND takes AT=x or WHEN v(...)=level, found '${how}'`, card.loc);
  } else if (kind === 'when') {
    const output = r.output();
    spec = { ...base, kind: 'when', when: r.crossing(output, r.equalsValue(output)) };
  } else if (kind === 'trig') {
    const trigOut = r.output();
    const trig = r.crossing(trigOut, r.val());
    if (r.word('TARG') !== 'targ') fail(`.meas: TRIG needs a TARG: ${USAGE}`, card.loc);
    const targOut = r.output();
    spec = { ...base, kind: 'trig-targ', trig, targ: r.crossing(targOut, r.val()) };
  } else {
    fail(`.meas: unknown measurement '${kindToken.raw}': ${USAGE}`, kindToken.loc);
  }
  r.done();
  return spec;
}
