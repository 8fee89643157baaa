/**
 * Where things are in JSON text: syntax errors, the offset of the value or key at a path, and property
 * names that JSON.parse would accept but silently lose.
 */
import { findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { NetworkPath } from './errors.js';
import type { SourceLocation } from './types.js';

/** Offset of the value at `path`, or of its nearest enclosing value that exists. */
export function valueOffset(tree: Node, path: NetworkPath): number {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n) as (string | number)[]);
    if (node) return node.offset;
  }
  return tree.offset;
}

/** Offset of the property name at `path` (for unknown and ill-named keys), else of its value. */
export function keyOffset(tree: Node, path: NetworkPath): number {
  const node = findNodeAtLocation(tree, path as (string | number)[]);
  const prop = node?.parent;
  return prop?.type === 'property' && prop.children ? prop.children[0].offset : valueOffset(tree, path);
}

/**
 * Property names that would be lost: a repeated one (JSON.parse keeps the last, hiding a mistake) and
 * `__proto__` (assigning it to an object sets the prototype instead of adding a property).
 */
export function* lostKeys(
  node: Node,
  path: (string | number)[] = [],
): Generator<{ key: Node; path: NetworkPath; problem: string }> {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      const name = String(key.value);
      if (name === '__proto__') yield { key, path: [...path, name], problem: 'is a reserved name' };
      else if (seen.has(name)) yield { key, path: [...path, name], problem: 'is given twice' };
      seen.add(name);
      if (value) yield* lostKeys(value, [...path, name]);
    }
  } else if (node.type === 'array') {
    for (const [i, child] of (node.children ?? []).entries()) yield* lostKeys(child, [...path, i]);
  }
}

export function offsetToLocation(text: string, file: string): (offset: number) => SourceLocation {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
}

export function syntaxMessage(text: string, error: ParseError | undefined): { message: string; offset: number } {
  if (!error) return { message: 'empty input', offset: 0 };
  const { offset } = error;
  if (offset >= text.length) return { message: 'unexpected end of input', offset };
  const token = text.slice(offset, offset + Math.min(error.length, 20));
  const trailingComma = /,\s*$/.exec(text.slice(0, offset));
  if (/^[\]}]/.test(token) && trailingComma) return { message: 'trailing comma', offset: trailingComma.index };
  return { message: syntaxText(error.error, token), offset };
}

// Switches on the code's name: `ParseErrorCode` is an ambient const enum, unusable under isolatedModules.
function syntaxText(code: ParseError['error'], token: string): string {
  switch (printParseErrorCode(code)) {
    case 'InvalidSymbol':
      return `unexpected ${JSON.stringify(token)}`;
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return `invalid number ${JSON.stringify(token)}`;
    case 'ValueExpected':
      return 'expected a value';
    case 'PropertyNameExpected':
      return 'expected a property name in double quotes';
    case 'ColonExpected':
      return "expected ':' after the property name";
    case 'CommaExpected':
      return "expected ','";
    case 'CloseBraceExpected':
      return "expected '}'";
    case 'CloseBracketExpected':
      return "expected ']'";
    case 'EndOfFileExpected':
      return 'expected the end of the input';
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'InvalidUnicode':
    case 'InvalidEscapeCharacter':
      return 'invalid escape sequence in string';
    case 'InvalidCharacter':
      return 'control character in string (write it as an escape such as \\n)';
    default:
      return 'syntax error';
  }
}
