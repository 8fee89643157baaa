import { NetworkError } from '../../src/common/network/errors.js';
import { parseNetworkJson } from '../../src/common/network/validate.js';

export const FILE = 'net.json';

/**
 * `line:col` (1-based) of the `nth` occurrence of `needle` in `text`; a `^` in the needle marks the
 * column within it (`'"step": ^0'` is the 0).
 */
export function pos(text: string, marked: string, nth = 0): string {
  const caret = Math.max(0, marked.indexOf('^'));
  const needle = marked.replace('^', '');
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`'${needle}' not found in test input`);
  }
  const before = text.slice(0, offset + caret).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** The error parseNetworkJson throws, formatted as `file:line:col: message`. */
export function parseError(text: string): string {
  try {
    parseNetworkJson(text, FILE);
  } catch (e) {
    if (e instanceof NetworkError) return e.format();
    throw e;
  }
  throw new Error('expected a NetworkError');
}

export const clone = <T>(x: T): T => structuredClone(x);
