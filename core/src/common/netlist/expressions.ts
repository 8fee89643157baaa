/**
 * Evaluator for SPICE parameter expressions (`{a*2}`, `'1k/3'`): numbers with SPICE suffixes,
 * + - * / ^ ** (right-associative, binding tighter than unary minus), comparisons (1 or 0),
 * && || !, the ternary `c ? a : b`, and the usual math functions. Evaluated directly while parsing:
 * expressions are short and evaluated once, so there is no tree to keep.
 */
import { parseSpiceNumber } from '@memflow/plugin-sdk';
import type { SourceLocation } from '../network/types.js';
import { fail } from './errors.js';

export type Lookup = (name: string) => number | undefined;
export type Locate = (offset: number) => SourceLocation;

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

const FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  exp: Math.exp,
  // ngspice's `log` is the natural logarithm.
  log: Math.log,
  ln: Math.log,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  min: (a, b) => Math.min(a, b),
  max: (a, b) => Math.max(a, b),
  pow: (a, b) => Math.pow(a, b),
};

interface Lexeme {
  readonly kind: 'num' | 'id' | 'op' | 'end';
  readonly text: string;
  readonly value: number;
  readonly offset: number;
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?[a-zµ]*/iy;
const IDENT = /[a-z_][a-z0-9_]*/iy;
const OPERATORS = ['**', '<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '^', '(', ')', ',', '?', ':', '<', '>', '!'];

function scan(src: string, locate: Locate): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < src.length) {
    if (/\s/.test(src[i])) {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    IDENT.lastIndex = i;
    const num = NUMBER.exec(src);
    const id = num ? null : IDENT.exec(src);
    const op = num || id ? undefined : OPERATORS.find((o) => src.startsWith(o, i));
    if (num) {
      const value = parseSpiceNumber(num[0]);
      if (value === undefined) fail(`bad number '${num[0]}' in expression`, locate(i));
      out.push({ kind: 'num', text: num[0], value, offset: i });
    } else if (id) {
      out.push({ kind: 'id', text: id[0].toLowerCase(), value: 0, offset: i });
    } else if (op !== undefined) {
      out.push({ kind: 'op', text: op, value: 0, offset: i });
    } else {
      fail(`unexpected '${src[i]}' in expression`, locate(i));
    }
    i = out[out.length - 1].offset + out[out.length - 1].text.length;
  }
  out.push({ kind: 'end', text: '', value: 0, offset: src.length });
  return out;
}

export function evaluateExpression(src: string, lookup: Lookup, locate: Locate): number {
  const lx = scan(src, locate);
  let pos = 0;
  const peek = (): Lexeme => lx[pos];
  const isOp = (text: string): boolean => lx[pos].kind === 'op' && lx[pos].text === text;
  const unexpected = (what: string): never => {
    const t = lx[pos];
    fail(t.kind === 'end' ? `expression ends early: expected ${what}` : `unexpected '${t.text}' in expression: expected ${what}`, locate(t.offset));
  };
  const expect = (text: string, what: string): void => {
    if (!isOp(text)) unexpected(what);
    pos++;
  };

  const closeParen = (open: Lexeme): void => {
    if (peek().kind === 'end') fail("unbalanced '(' in expression: add the matching ')'", locate(open.offset));
    expect(')', "')'");
  };
  const ternary = (): number => {
    const cond = or();
    if (!isOp('?')) return cond;
    pos++;
    const a = ternary();
    expect(':', "':' of the conditional c ? a : b");
    const b = ternary();
    return cond !== 0 ? a : b;
  };
  const or = (): number => {
    let v = and();
    while (isOp('||')) {
      pos++;
      const r = and();
      v = v !== 0 || r !== 0 ? 1 : 0;
    }
    return v;
  };
  const and = (): number => {
    let v = compare();
    while (isOp('&&')) {
      pos++;
      const r = compare();
      v = v !== 0 && r !== 0 ? 1 : 0;
    }
    return v;
  };
  const compare = (): number => {
    let v = additive();
    for (;;) {
      const op = peek().text;
      if (peek().kind !== 'op' || !['==', '!=', '<', '>', '<=', '>='].includes(op)) return v;
      pos++;
      const r = additive();
      const holds = op === '==' ? v === r : op === '!=' ? v !== r : op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : v >= r;
      v = holds ? 1 : 0;
    }
  };
  const additive = (): number => {
    let v = multiplicative();
    while (isOp('+') || isOp('-')) {
      const minus = isOp('-');
      pos++;
      const r = multiplicative();
      v = minus ? v - r : v + r;
    }
    return v;
  };
  const multiplicative = (): number => {
    let v = unary();
    while (isOp('*') || isOp('/')) {
      const divide = isOp('/');
      pos++;
      const r = unary();
      v = divide ? v / r : v * r;
    }
    return v;
  };
  const unary = (): number => {
    if (isOp('-')) {
      pos++;
      return -unary();
    }
    if (isOp('+')) {
      pos++;
      return unary();
    }
    if (isOp('!')) {
      pos++;
      return unary() === 0 ? 1 : 0;
    }
    return power();
  };
  const power = (): number => {
    const base = primary();
    if (!isOp('^') && !isOp('**')) return base;
    pos++;
    return Math.pow(base, unary());
  };
  const primary = (): number => {
    const t = peek();
    if (t.kind === 'num') {
      pos++;
      return t.value;
    }
    if (isOp('(')) {
      pos++;
      const v = ternary();
      closeParen(t);
      return v;
    }
    if (t.kind !== 'id') return unexpected('a number, a parameter or (');
    pos++;
    if (isOp('(')) return call(t);
    const v = lookup(t.text) ?? CONSTANTS[t.text];
    if (v === undefined) fail(`unknown parameter '${t.text}': define it with .param ${t.text}=value`, locate(t.offset));
    return v;
  };
  const call = (name: Lexeme): number => {
    const fn = FUNCTIONS[name.text];
    if (fn === undefined) {
      fail(`unknown function '${name.text}': supported are ${Object.keys(FUNCTIONS).join(', ')}`, locate(name.offset));
    }
    const open = peek();
    pos++;
    const args: number[] = [];
    if (!isOp(')')) {
      args.push(ternary());
      while (isOp(',')) {
        pos++;
        args.push(ternary());
      }
    }
    closeParen(open);
    if (args.length !== fn.length) {
      fail(`${name.text}() takes ${fn.length} argument${fn.length === 1 ? '' : 's'}, got ${args.length}`, locate(name.offset));
    }
    return fn(...args);
  };

  if (peek().kind === 'end') fail('empty expression: write a value such as {2*r}', locate(0));
  const value = ternary();
  if (peek().kind !== 'end') unexpected('an operator or the end of the expression');
  if (!Number.isFinite(value)) fail(`expression '${src.trim()}' is not a finite number (${value})`, locate(0));
  return value;
}
