import { expect } from 'vitest';
import { NetlistError, parseNetlist, type ParseOptions } from '../../src/common/netlist/index.js';

export const parse = (text: string, options: Partial<ParseOptions> = {}) => parseNetlist(text, { file: 'test.cir', ...options });

/** Parses `text`, expects a NetlistError, and returns it as `file:line:col: message`. */
export function errorOf(text: string, options: Partial<ParseOptions> = {}): string {
  try {
    parse(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(NetlistError);
    const err = e as NetlistError;
    expect(err.message).not.toContain('\n');
    return err.format();
  }
  throw new Error('expected a NetlistError');
}

/** A fake file system for `.include`: names resolve against nothing but this table. */
export function reader(files: Record<string, string>): ParseOptions['readFile'] {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`no such file: ${path}`);
    return { file: path, text };
  };
}
