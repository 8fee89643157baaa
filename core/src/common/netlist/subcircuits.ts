/**
 * Subcircuit instances (`X1 n1 n2 sub [name=value ...]`) flattened into their definition's body:
 * elements become `x1.r1`, internal nets `x1.net`, ports take the instance's nets, and the body
 * reads parameters from a scope holding the definition's defaults and the instance's overrides.
 */
import { Scope, normalizeNode, type Context } from './context.js';
import { fail } from './errors.js';
import type { Card } from './lexer.js';
import type { SubcktDef } from './structure.js';
import { isAssignmentAt, paramValue, readAssignments } from './values.js';

/** Reads a body; `active` lists the definitions being expanded, outermost first. */
export type BodyReader = (cards: readonly Card[], ctx: Context, active: readonly string[]) => void;

export function expandInstance(card: Card, ctx: Context, readBody: BodyReader, active: readonly string[]): void {
  const defs = ctx.subckts;
  const t = card.tokens;
  const what = t[0].raw;
  let i = 1;
  while (i < t.length && t[i].kind === 'word' && t[i].text !== 'params:' && !isAssignmentAt(t, i)) i++;
  if (i === 1) fail(`${what} needs nodes and a subcircuit name (${what} n1 n2 ... subckt [name=value ...])`, card.loc);
  if (i < t.length && t[i].kind !== 'word') fail(`unexpected '${t[i].raw}' in ${what}: expected nodes, a subcircuit name and name=value pairs`, t[i].loc);
  const subToken = t[i - 1];
  const def = defs.get(subToken.text);
  if (def === undefined) {
    const known = [...defs.keys()];
    fail(`unknown subcircuit '${subToken.raw}' in ${what} (${known.length ? `defined: ${known.join(', ')}` : 'no .subckt is defined'})`, subToken.loc);
  }
  if (active.includes(def.name)) fail(`subcircuit '${def.name}' contains itself: ${[...active, def.name].join(' -> ')}`, subToken.loc);
  const actual = t.slice(1, i - 1).map((n) => ctx.node(n.text));
  if (actual.length !== def.ports.length) {
    fail(`${what} connects ${actual.length} nodes but subcircuit ${def.name} has ${def.ports.length} ports (${def.ports.join(' ')})`, card.loc);
  }
  if (t[i]?.text === 'params:') i++;

  const scope = new Scope(ctx.scope);
  const overrides = new Map<string, number>();
  for (const a of readAssignments(t, i, what)) {
    if (!def.params.some((p) => p.key === a.key)) {
      const declared = def.params.map((p) => p.key);
      fail(`${what} sets '${a.keyToken.raw}' but subcircuit ${def.name} has no such parameter (${declared.length ? `declared: ${declared.join(', ')}` : 'it declares none'})`, a.keyToken.loc);
    }
    // Instance values are expressions of the caller, so they are read in the caller's scope.
    overrides.set(a.key, paramValue(a.value, ctx.scope, `parameter ${a.key} of ${what}`));
  }
  for (const p of def.params) scope.set(p.key, overrides.get(p.key) ?? paramValue(p.value, scope, `parameter ${p.key} of ${def.name}`));

  readBody(def.body, instanceContext(ctx, ctx.element(t[0].text), def, actual, scope), [...active, def.name]);
}

function instanceContext(parent: Context, instance: string, def: SubcktDef, actual: readonly string[], scope: Scope): Context {
  const prefix = `${instance}.`;
  const localModels = new Set<string>();
  const localElements = new Set<string>();
  for (const c of def.body) {
    const [first, second] = c.tokens;
    if (first.text === '.model' && second) localModels.add(second.text);
    else if (first.text.startsWith('y') && second) localElements.add(second.text);
    else if (!first.text.startsWith('.')) localElements.add(first.text);
  }
  return {
    scope,
    subckt: def.name,
    element: (name) => prefix + name,
    node: (name) => {
      const n = normalizeNode(name);
      const port = def.ports.indexOf(n);
      return n === '0' ? n : port >= 0 ? actual[port] : parent.globals.has(n) ? n : prefix + n;
    },
    globals: parent.globals,
    // Definitions local to this one shadow the enclosing ones while its body is read.
    subckts: def.subckts.size === 0 ? parent.subckts : new Map([...parent.subckts, ...def.subckts]),
    // Names not defined in the body refer to the enclosing scope, as SPICE resolves them.
    model: (name) => (localModels.has(name) ? prefix + name : parent.model(name)),
    control: (name) => (localElements.has(name) ? prefix + name : parent.control(name)),
  };
}
