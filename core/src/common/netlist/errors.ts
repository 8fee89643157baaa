import type { SourceLocation } from '../network/types.js';

/** A problem in a netlist, pinned to the place in the input that causes it. */
export class NetlistError extends Error {
  override readonly name = 'NetlistError';
  readonly loc: SourceLocation;

  constructor(message: string, loc: SourceLocation) {
    super(message);
    this.loc = loc;
  }

  /** `file:line:col: message`, the form editors and terminals turn into links. */
  format(): string {
    return `${formatLocation(this.loc)}: ${this.message}`;
  }
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

export function fail(message: string, loc: SourceLocation): never {
  throw new NetlistError(message, loc);
}
