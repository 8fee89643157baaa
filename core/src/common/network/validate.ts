/**
 * Reading `memflow.network/v1` JSON: syntax, schema and consistency errors, each reported at the line
 * and column of the offending text. jsonc-parser gives the syntax tree that maps a path to an offset;
 * the values themselves come from JSON.parse, which is the stricter parser.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type * as z from 'zod';
import { didYouMean } from './closest.js';
import { NetworkError, type Locator, type NetworkPath } from './errors.js';
import { scopedMessage } from './paths.js';
import { allowedKeys, networkSchema } from './schema.js';
import { keyOffset, lostKeys, offsetToLocation, syntaxMessage, valueOffset } from './json-text.js';
import { checkNetwork } from './semantic.js';
import type { Network, SourceLocation } from './types.js';

export interface NetworkJsonResult {
  /** The network, when it passed the schema (it may still have consistency errors). */
  readonly network?: Network;
  /** All problems found, in the order they appear in the text. */
  readonly errors: readonly NetworkError[];
  /** Where a path of the network was written; pass it on to `checkAgainstDevices`. */
  readonly locate: Locator;
}

/** Parses and validates a network file; throws the first problem as a `NetworkError`. */
export function parseNetworkJson(text: string, file: string): Network {
  const { network, errors } = validateNetworkJson(text, file);
  if (errors.length > 0) throw errors[0];
  return network!;
}

/** Parses and validates a network file, collecting every problem instead of throwing. */
export function validateNetworkJson(text: string, file: string): NetworkJsonResult {
  const at = offsetToLocation(text, file);
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const locate: Locator = (path) => (tree ? at(valueOffset(tree, path)) : undefined);
  if (syntax.length > 0 || !tree) {
    const { message, offset } = syntaxMessage(text, syntax[0]);
    return { errors: [new NetworkError(`invalid JSON: ${message}`, at(offset))], locate };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // jsonc-parser accepted what JSON.parse rejects; no known case, but never report success on it.
    return { errors: [new NetworkError(`invalid JSON: ${(e as Error).message}`, at(0))], locate };
  }

  const found: { offset: number; error: NetworkError }[] = [];
  const add = (offset: number, path: NetworkPath, text: (subject: string) => string): void => {
    found.push({ offset, error: new NetworkError(scopedMessage(data, path, text), at(offset), path) });
  };
  for (const lost of lostKeys(tree)) add(lost.key.offset, lost.path, (s) => `${s} ${lost.problem}`);
  const parsed = networkSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const d = describeIssue(issue, path, data, tree);
      add(d.offset, d.path ?? path, d.text);
    }
  }
  const network: Network | undefined = parsed.success ? parsed.data : undefined;
  if (network && found.length === 0) {
    const errors = checkNetwork(network, locate).sort((a, b) => compareLoc(a.loc, b.loc));
    return { network, errors, locate };
  }
  found.sort((a, b) => a.offset - b.offset);
  return { network, errors: found.map((f) => f.error), locate };
}

interface Described {
  readonly offset: number;
  /** The path the message speaks of, when it differs from the issue's (an unknown key's own path). */
  readonly path?: NetworkPath;
  readonly text: (subject: string) => string;
}

/** Our wording of a zod issue, and the offset it points at. */
function describeIssue(issue: z.core.$ZodIssue, path: NetworkPath, data: unknown, tree: Node): Described {
  const value = valueAt(data, path);
  const here = (text: (s: string) => string): Described => ({ offset: valueOffset(tree, path), text });
  const missing = here((s) => `missing required property '${s}'`);
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? missing : here((s) => `${s} must be ${expected(issue.expected)}`);
    case 'invalid_value':
      return here((s) => `${s} must be ${oneOf(issue.values)}`);
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && value === undefined) return missing;
      if (issue.discriminator !== undefined && options) return here((s) => `${s} must be ${oneOf(options)}`);
      break;
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const hint = didYouMean(key, allowedKeys(data, path));
      const keyPath = [...path, key];
      return { offset: keyOffset(tree, keyPath), path: keyPath, text: (s) => `unknown property '${s}'${hint}` };
    }
    case 'invalid_key': {
      const problem = issue.issues[0]?.message ?? 'is not a valid name';
      return { offset: keyOffset(tree, path), text: () => `property name '${String(path.at(-1))}' ${problem}` };
    }
    case 'too_small':
      return issue.origin === 'array'
        ? here((s) => `${s} must have at least ${issue.minimum} items`)
        : here((s) => `${s} must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`);
    case 'too_big':
      return issue.origin === 'array'
        ? here((s) => `${s} must have at most ${issue.maximum} items`)
        : here((s) => `${s} must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`);
    default:
      break;
  }
  // Remaining codes carry the schema's own wording (e.g. the name pattern's message).
  return here((s) => `${s} ${issue.message}`);
}

function expected(type: string): string {
  switch (type) {
    case 'number':
      return 'a finite number';
    case 'int':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'record':
    case 'object':
      return 'an object';
    case 'tuple':
    case 'array':
      return 'an array';
    default:
      return `a ${type}`;
  }
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return shown.length === 1 ? shown[0] : `one of ${shown.join(', ')}`;
}

function valueAt(data: unknown, path: NetworkPath): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function compareLoc(a: SourceLocation | undefined, b: SourceLocation | undefined): number {
  return (a?.line ?? 0) - (b?.line ?? 0) || (a?.column ?? 0) - (b?.column ?? 0);
}
