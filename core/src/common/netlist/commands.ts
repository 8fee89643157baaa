/** Dot-commands that describe things other than elements: .param .model .options .op .dc .tran .print. */
import { parseSpiceNumber } from '@memflow/plugin-sdk';
import type { AnalysisCard, ModelDef, PrintAnalysis, PrintCard } from './ast.js';
import type { Context, Scope } from './context.js';
import { fail } from './errors.js';
import type { Card, Token } from './lexer.js';
import { isValueToken, numberValue, paramValue, readAssignments } from './values.js';

export const SUPPORTED_COMMANDS = '.model, .param, .options, .op, .dc, .tran, .ac, .ic, .nodeset, .meas, .print, .plot, .subckt, .ends, .global, .include, .lib, .end';

export function parseParam(card: Card, scope: Scope): void {
  if (card.tokens.length === 1) fail('.param needs name=value pairs (.param r=1k c={2*r})', card.loc);
  for (const a of readAssignments(card.tokens, 1, '.param')) scope.set(a.key, paramValue(a.value, scope, `parameter ${a.key}`));
}

export function parseModel(card: Card, ctx: Context): ModelDef {
  const [, name, type] = card.tokens;
  const usage = '.model NAME TYPE (param=value ...)';
  if (name?.kind !== 'word' || type?.kind !== 'word') fail(`.model needs a name and a type: ${usage}`, (name ?? card.tokens[0]).loc);
  // Parentheses around the parameters are optional in SPICE; `D(IS=1)` lexes as `D ( IS = 1 )`.
  const rest = card.tokens.slice(3).filter((t) => t.kind !== '(' && t.kind !== ')');
  const params: Record<string, number | string> = {};
  for (const a of readAssignments(rest, 0, `.model ${name.raw}`)) params[a.key] = modelValue(a.value, ctx.scope, `${a.key} of model ${name.raw}`);
  return { name: ctx.model(name.text), type: type.text, params, loc: name.loc };
}

/**
 * Model parameters may be words (`window=biolek`) or quoted strings, kept as written
 * (`file="Sweep.csv"`); anything that starts like a number must be one.
 */
function modelValue(t: Token, scope: Scope, what: string): number | string {
  if (t.kind === 'string') return t.text;
  if (t.kind === 'word' && parseSpiceNumber(t.text) === undefined && !/^[-+.\d]/.test(t.text)) return t.text;
  return numberValue(t, scope, what);
}

const METHODS: Readonly<Record<string, number>> = { gear: 0, bdf2: 0, trap: 1, trapezoidal: 1, trbdf2: 1 };

export function parseOptions(card: Card, scope: Scope, into: Record<string, number>): void {
  const t = card.tokens;
  for (let i = 1; i < t.length; ) {
    const key = t[i];
    if (key.kind !== 'word' || !/^[a-z_]/.test(key.text)) {
      fail(`bad .options syntax at '${key.raw}': write name=value or a flag name (.options reltol=1e-4 abstol=1e-12)`, key.loc);
    }
    if (t[i + 1]?.kind !== '=') {
      into[key.text] = 1;
      i++;
      continue;
    }
    const v = t[i + 2];
    // SPICE decks name their integrator: Gear is BDF2 here, and the trapezoidal rule is served by
    // TR-BDF2, whose first stage is trapezoidal and whose second damps the rule's ringing.
    if (key.text === 'method' && v?.kind === 'word' && !/^[-+.\d]/.test(v.text)) {
      const method = METHODS[v.text];
      if (method === undefined) fail(`option method=${v.raw}: use gear (BDF2) or trap (TR-BDF2)`, v.loc);
      into.trbdf2 = method;
      i += 3;
      continue;
    }
    if (v === undefined || !isValueToken(v)) {
      fail(`option ${key.raw} needs a number after '=', found ${v ? `'${v.raw}'` : 'nothing'}`, (v ?? t[i + 1]).loc);
    }
    into[key.text] = numberValue(v, scope, `option ${key.raw}`);
    i += 3;
  }
}

function values(card: Card, scope: Scope, from: number, to: number, names: readonly string[]): number[] {
  const cmd = card.tokens[0].raw;
  return card.tokens.slice(from, to).map((t, k) => numberValue(t, scope, `${names[k]} of ${cmd}`));
}

export function parseOp(card: Card): AnalysisCard {
  const extra = card.tokens[1];
  if (extra) fail(`unexpected '${extra.raw}': .op takes no arguments`, extra.loc);
  return { type: 'op', loc: card.loc };
}

export function parseAc(card: Card, scope: Scope): AnalysisCard {
  const t = card.tokens;
  const usage = '.ac dec|oct|lin points fstart fstop';
  const sweep = t[1];
  if (sweep?.kind !== 'word' || !['dec', 'oct', 'lin'].includes(sweep.text)) fail(`.ac needs the sweep type first: ${usage}`, (sweep ?? t[0]).loc);
  if (t.length !== 5) fail(`.ac needs points, fstart and fstop: ${usage}`, (t[5] ?? card.tokens[0]).loc);
  const [points, fstart, fstop] = values(card, scope, 2, 5, ['points', 'fstart', 'fstop']);
  if (!Number.isInteger(points) || points < 1) fail(`.ac points must be a whole number of at least 1, got ${t[2].raw}`, t[2].loc);
  if (!(fstart > 0)) fail(`.ac fstart must be above 0 Hz, got ${t[3].raw}`, t[3].loc);
  if (!(fstop >= fstart)) fail(`.ac fstop ${t[4].raw} is below fstart ${t[3].raw}`, t[4].loc);
  return { type: 'ac', sweep: sweep.text as 'dec' | 'oct' | 'lin', points, fstart, fstop, loc: card.loc };
}

export function parseDc(card: Card, scope: Scope): { analysis: AnalysisCard; sourceToken: Token } {
  const t = card.tokens;
  const usage = '.dc SOURCE start stop step';
  if (t.length < 5) fail(`.dc needs a source and start, stop and step values: ${usage}`, card.loc);
  if (t.length > 5) fail(`nested .dc sweeps are not supported: ${usage}`, t[5].loc);
  const source = t[1];
  if (source.kind !== 'word') fail(`expected a source name after .dc, found '${source.raw}'`, source.loc);
  const [start, stop, step] = values(card, scope, 2, 5, ['start', 'stop', 'step']);
  if (step === 0 || (stop - start) / step < 0) {
    fail(`.dc step ${t[4].raw} never gets from ${t[2].raw} to ${t[3].raw}: give it the sign of stop - start`, t[4].loc);
  }
  return { analysis: { type: 'dc', source: source.text, start, stop, step, loc: card.loc }, sourceToken: source };
}

export function parseTran(card: Card, scope: Scope): AnalysisCard {
  const t = card.tokens;
  const uic = t.length > 1 && t[t.length - 1].kind === 'word' && t[t.length - 1].text === 'uic';
  const end = uic ? t.length - 1 : t.length;
  const usage = '.tran tstep tstop [tstart [tmax]] [uic]';
  if (end < 3) fail(`.tran needs a step and a stop time: ${usage}`, card.loc);
  if (end > 5) fail(`unexpected '${t[5].raw}' in .tran: ${usage}`, t[5].loc);
  const [tstep, tstop, tstart, tmax] = values(card, scope, 1, end, ['tstep', 'tstop', 'tstart', 'tmax']);
  if (!(tstep > 0)) fail(`.tran step must be positive, got ${t[1].raw}`, t[1].loc);
  if (!(tstop > (tstart ?? 0))) fail(`.tran stop time must be after the start time, got ${t[2].raw}`, t[2].loc);
  return {
    type: 'tran',
    tstep,
    tstop,
    ...(tstart === undefined ? {} : { tstart }),
    ...(tmax === undefined ? {} : { tmax }),
    ...(uic ? { uic } : {}),
    loc: card.loc,
  };
}

const PRINT_ANALYSES: readonly string[] = ['op', 'dc', 'tran', 'ac'];

/**
 * The output variable at tokens[i] (`v(out)`, `v(a,b)`, `i(v1)`, `vdb(out)` ...) as `fn(args)`, lowercase,
 * and where the tokens after it start; `cmd` names the card for messages.
 */
export function readOutput(t: readonly Token[], i: number, cmd: string): { text: string; next: number } {
  const fn = t[i];
  if (fn?.kind !== 'word' || t[i + 1]?.kind !== '(') fail(`expected an output such as v(out) or i(v1) in ${cmd}, found '${fn?.raw ?? 'nothing'}'`, (fn ?? t[i - 1]).loc);
  const args: string[] = [];
  let k = i + 2;
  for (; t[k]?.kind !== ')'; k++) {
    if (t[k]?.kind !== 'word') fail(`expected a node or element name in ${fn.raw}(...), found '${t[k]?.raw ?? 'nothing'}'`, (t[k] ?? fn).loc);
    args.push(t[k].text);
  }
  if (args.length === 0) fail(`${fn.raw}() needs a node or element name`, fn.loc);
  return { text: `${fn.text}(${args.join(',')})`, next: k + 1 };
}

export function parsePrint(card: Card): PrintCard {
  const t = card.tokens;
  const cmd = t[0].raw;
  const kind = t[1];
  if (kind?.kind !== 'word' || !PRINT_ANALYSES.includes(kind.text)) {
    fail(`${cmd} needs the analysis first: ${cmd} tran|dc|op|ac v(out) i(v1) ...`, (kind ?? t[0]).loc);
  }
  const vars: string[] = [];
  for (let i = 2; i < t.length; ) {
    const read = readOutput(t, i, cmd);
    vars.push(read.text);
    i = read.next;
  }
  if (vars.length === 0) fail(`${cmd} needs at least one output such as v(out)`, card.loc);
  return { analysis: kind.text as PrintAnalysis, vars, loc: card.loc };
}

/** A net's voltage given by `.ic` or `.nodeset`. */
export interface InitialVoltage {
  readonly net: string;
  readonly value: number;
  readonly loc: Token['loc'];
}

/** `.ic v(n1)=1 v(n2)={x/2}` and `.nodeset ...`: net voltages, in the order written. */
export function parseInitialVoltages(card: Card, ctx: Context): InitialVoltage[] {
  const t = card.tokens;
  const cmd = t[0].raw;
  const usage = `${cmd} v(net)=value ... (${cmd} v(out)=1 v(in)=0.5)`;
  const out: InitialVoltage[] = [];
  for (let i = 1; i < t.length; ) {
    const [fn, open, net, close, eq, value] = [t[i], t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5]];
    if (fn.kind !== 'word' || fn.text !== 'v' || open?.kind !== '(') fail(`expected v(net)=value in ${cmd}, found '${fn.raw}': ${usage}`, fn.loc);
    if (net?.kind !== 'word' || close?.kind !== ')') fail(`${cmd} takes one net per v(...): ${usage}`, (net ?? fn).loc);
    if (eq?.kind !== '=' || value === undefined) fail(`${cmd} needs a value after v(${net.raw}): ${usage}`, (eq ?? close).loc);
    const name = ctx.node(net.text);
    if (name === '0') fail(`${cmd} v(${net.raw}): ground is always 0 V; leave it out`, net.loc);
    out.push({ net: name, value: numberValue(value, ctx.scope, `${cmd} v(${net.raw})`), loc: net.loc });
    i += 6;
  }
  if (out.length === 0) fail(`${cmd} needs at least one v(net)=value: ${usage}`, card.loc);
  return out;
}
