import type { SourceLocation } from './types.js';

/** A path into a network value, as zod and jsonc-parser spell it: `['elements', 3, 'params', 'r']`. */
export type NetworkPath = readonly (string | number)[];

/** Maps a path in a network to where its value was written, when known. */
export type Locator = (path: NetworkPath) => SourceLocation | undefined;

/** A problem in a network description: one line of text, plus where it is when that is known. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';

  constructor(
    message: string,
    readonly loc?: SourceLocation,
    /** Where in the network value the problem is, for tools that highlight it. */
    readonly path?: NetworkPath,
  ) {
    super(message);
  }

  /** `file:line:col: message`, the form editors and terminals turn into links. */
  format(): string {
    const { loc } = this;
    return loc ? `${loc.file}:${loc.line}:${loc.column}: ${this.message}` : this.message;
  }
}
