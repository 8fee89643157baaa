/** Reading values and `name=value` lists out of tokens, with messages that say what was expected. */
import { parseSpiceNumber } from '@memflow/plugin-sdk';
import type { Scope } from './context.js';
import { fail } from './errors.js';
import { evaluateExpression } from './expressions.js';
import type { Token } from './lexer.js';

/** A number or an expression: what SPICE accepts wherever a value goes. */
export function isValueToken(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'expr' || (t.kind === 'word' && parseSpiceNumber(t.text) !== undefined));
}

/** A value token read as a number: SPICE number, or `{expr}` / `'expr'`. `what` names the owner, e.g. `R1`. */
export function numberValue(t: Token, scope: Scope, what: string): number {
  if (t.kind === 'expr') return evaluateExpression(t.text, (n) => scope.get(n), t.locAt);
  if (t.kind === 'word') {
    const v = parseSpiceNumber(t.text);
    if (v !== undefined) return v;
    const hint = scope.get(t.text) !== undefined ? ` (to use parameter ${t.text}, write {${t.text}})` : '';
    fail(`bad value '${t.raw}' for ${what}: expected a number such as 1k or 2.2e-3${hint}`, t.loc);
  }
  return fail(`expected a value for ${what}, found '${t.raw}'`, t.loc);
}

/** `.param` right-hand sides may be bare expressions (`a=2*b`) as in ngspice. */
export function paramValue(t: Token, scope: Scope, what: string): number {
  if (t.kind === 'word') return evaluateExpression(t.text, (n) => scope.get(n), t.locAt);
  return numberValue(t, scope, what);
}

export interface Assignment {
  readonly key: string;
  readonly keyToken: Token;
  readonly value: Token;
}

export function isAssignmentAt(tokens: readonly Token[], i: number): boolean {
  return tokens[i]?.kind === 'word' && tokens[i + 1]?.kind === '=';
}

/** Reads `name=value ...` from `tokens[start]` to the end. */
export function readAssignments(tokens: readonly Token[], start: number, what: string): Assignment[] {
  const out: Assignment[] = [];
  for (let i = start; i < tokens.length; i += 3) {
    const key = tokens[i];
    if (key.kind !== 'word' || !/^[a-z_]/.test(key.text)) {
      fail(`unexpected '${key.raw}' in ${what}: expected name=value`, key.loc);
    }
    if (tokens[i + 1]?.kind !== '=') {
      fail(`expected '=' after '${key.raw}' in ${what}: write ${key.text}=value`, (tokens[i + 1] ?? key).loc);
    }
    const value = tokens[i + 2];
    if (value === undefined || value.kind === '=' || value.kind === '(' || value.kind === ')') {
      fail(`missing value after '${key.raw}=' in ${what}`, (value ?? tokens[i + 1]).loc);
    }
    out.push({ key: key.text, keyToken: key, value });
  }
  return out;
}

/** A token that must be a word (node, model or source name). */
export function word(t: Token | undefined, expected: string, missing: () => never): Token {
  if (t === undefined) return missing();
  if (t.kind !== 'word') fail(`expected ${expected}, found '${t.raw}'`, t.loc);
  return t;
}
