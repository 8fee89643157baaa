/** Element cards (every letter but X, which subcircuits.ts expands) to `ElementCard`s. */
import type { ElementCard, ElementType } from './ast.js';
import type { Context } from './context.js';
import { fail } from './errors.js';
import type { Card, Token } from './lexer.js';
import { parseSource } from './sources.js';
import { isAssignmentAt, isValueToken, numberValue, readAssignments, word } from './values.js';

export const SUPPORTED_LETTERS = 'R, C, L, V, I, D, A, YMEMRISTOR (and other Y<type> devices), E, G, F, H, X';

/** An element, plus the token naming its model so that a missing `.model` can be reported there. */
export interface ParsedElement {
  readonly element: ElementCard;
  readonly modelToken?: Token;
}

interface Reader {
  readonly card: Card;
  readonly ctx: Context;
  /** The name as written, for messages. */
  readonly what: string;
  /** Fails saying what the card needs, e.g. `2 nodes and a value (R1 n+ n- value)`. */
  readonly missing: () => never;
}

export function parseElement(card: Card, ctx: Context): ParsedElement {
  const first = card.tokens[0];
  const letter = first.text[0];
  const usage = (needs: string, form: string): Reader => ({
    card,
    ctx,
    what: first.raw,
    missing: () => fail(`${first.raw} needs ${needs} (${form})`, first.loc),
  });
  switch (letter) {
    case 'r':
    case 'c':
    case 'l':
      return passive(usage('2 nodes and a value', `${first.raw} n+ n- value [name=value ...]`), letter);
    case 'v':
    case 'i':
      return source(usage('2 nodes', `${first.raw} n+ n- [DC] value | SIN(...) | PULSE(...) | PWL(...) | EXP(...)`), letter);
    case 'd':
      return diode(usage('2 nodes and a model', `${first.raw} anode cathode model [area]`));
    case 'a':
      return xspice(usage('nodes and a model', `${first.raw} n1 n2 model`));
    case 'y':
      if (first.text !== 'ymemristor') return ydevice(usage('a name, nodes and a model', `${first.raw} name node... model [name=value ...]`), first.text.slice(1));
      return memristor(usage('a name, 2 nodes and a model', 'YMEMRISTOR name n+ n- model [name=value ...]'));
    case 'e':
    case 'g':
      return controlled(usage('4 nodes and a gain', `${first.raw} out+ out- in+ in- gain`), letter, 4);
    case 'f':
    case 'h':
      return controlled(
        usage('2 nodes, a controlling voltage source and a gain', `${first.raw} out+ out- vcontrol gain`),
        letter,
        2,
      );
    default:
      return fail(
        /^[a-z]/.test(letter)
          ? `unsupported element '${first.raw}': letter ${letter.toUpperCase()} is not supported (supported: ${SUPPORTED_LETTERS})`
          : `expected an element or a dot-command, found '${first.raw}'`,
        first.loc,
      );
  }
}

function nodes(r: Reader, from: number, count: number): string[] {
  const out: string[] = [];
  for (let k = from; k < from + count; k++) out.push(r.ctx.node(word(r.card.tokens[k], `a node name in ${r.what}`, r.missing).text));
  return out;
}

function params(r: Reader, from: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of readAssignments(r.card.tokens, from, r.what)) out[a.key] = numberValue(a.value, r.ctx.scope, `${a.key} of ${r.what}`);
  return out;
}

function value(r: Reader, at: number): number {
  const t = r.card.tokens[at];
  // `R1 a b tc=1` has no value: say so rather than call `tc` a bad number.
  if (t === undefined || isAssignmentAt(r.card.tokens, at)) return r.missing();
  return numberValue(t, r.ctx.scope, r.what);
}

function element(r: Reader, type: ElementType, fields: Omit<ElementCard, 'name' | 'type' | 'loc'>, name = r.card.tokens[0]): ElementCard {
  return { name: r.ctx.element(name.text), type, ...fields, loc: r.card.loc };
}

function passive(r: Reader, type: 'r' | 'c' | 'l'): ParsedElement {
  const n = nodes(r, 1, 2);
  return { element: element(r, type, { nodes: n, value: value(r, 3), params: params(r, 4) }) };
}

function source(r: Reader, type: 'v' | 'i'): ParsedElement {
  const n = nodes(r, 1, 2);
  const spec = parseSource(r.card.tokens, 3, r.ctx.scope, r.what);
  return { element: element(r, type, { nodes: n, value: spec.dc, params: {}, source: spec }) };
}

function diode(r: Reader): ParsedElement {
  const t = r.card.tokens;
  const n = nodes(r, 1, 2);
  const modelToken = word(t[3], `a model name in ${r.what}`, r.missing);
  let next = 4;
  const area: Record<string, number> = {};
  if (isValueToken(t[next]) && !isAssignmentAt(t, next)) area.area = numberValue(t[next++], r.ctx.scope, `area of ${r.what}`);
  const p = { ...area, ...params(r, next) };
  return { element: element(r, 'd', { nodes: n, model: r.ctx.model(modelToken.text), params: p }), modelToken };
}

/** XSPICE port-type annotations (`%gd(a b)`, `%v(a)`) only say how a port is sensed: drop them. */
function xspice(r: Reader): ParsedElement {
  // One pass, no intermediate arrays: a crossbar netlist is thousands of these cards.
  const tokens = r.card.tokens;
  const rest: Token[] = [];
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === '(' || t.kind === ')' || (t.kind === 'word' && t.text.startsWith('%'))) continue;
    if (t.kind !== 'word') fail(`unexpected '${t.raw}' in ${r.what}: XSPICE elements take nodes and a model`, t.loc);
    rest.push(t);
  }
  if (rest.length < 2) r.missing();
  const modelToken = rest[rest.length - 1];
  const n: string[] = [];
  for (let k = 0; k < rest.length - 1; k++) n.push(r.ctx.node(rest[k].text));
  return { element: element(r, 'a', { nodes: n, model: r.ctx.model(modelToken.text), params: {} }), modelToken };
}

/** Xyce's generic form `Y<type> name node... model [k=v ...]`; the device decides the node count. */
function ydevice(r: Reader, device: string): ParsedElement {
  const t = r.card.tokens;
  const name = word(t[1], `a name after ${r.what}`, r.missing);
  let end = 2;
  while (end < t.length && !isAssignmentAt(t, end)) end++;
  if (end - 2 < 2) r.missing();
  const modelToken = word(t[end - 1], `a model name in ${r.what} ${name.raw}`, r.missing);
  const n = nodes(r, 2, end - 3);
  const p = params(r, end);
  return { element: element(r, 'y', { nodes: n, model: r.ctx.model(modelToken.text), params: p, ydevice: device }, name), modelToken };
}

function memristor(r: Reader): ParsedElement {
  const t = r.card.tokens;
  const name = word(t[1], 'a name after YMEMRISTOR', r.missing);
  const n = nodes(r, 2, 2);
  const modelToken = word(t[4], `a model name in YMEMRISTOR ${name.raw}`, r.missing);
  const p = params(r, 5);
  return { element: element(r, 'ymemristor', { nodes: n, model: r.ctx.model(modelToken.text), params: p }, name), modelToken };
}

function controlled(r: Reader, type: 'e' | 'g' | 'f' | 'h', nodeCount: number): ParsedElement {
  const t = r.card.tokens;
  const n = nodes(r, 1, nodeCount);
  let next = 1 + nodeCount;
  const control = nodeCount === 2 ? r.ctx.control(word(t[next++], `a controlling voltage source in ${r.what}`, r.missing).text) : undefined;
  const gain = value(r, next);
  const extra = t[next + 1];
  if (extra !== undefined) fail(`unexpected '${extra.raw}' in ${r.what}: nothing follows the gain`, extra.loc);
  return { element: element(r, type, { nodes: n, value: gain, params: {}, ...(control === undefined ? {} : { control }) }) };
}
