import type { SourceLocation } from '../network/types.js';

/** Input that cannot be simulated as written (exit code 2 in the CLI). */
export class CircuitError extends Error {
  constructor(
    message: string,
    readonly loc?: SourceLocation,
    readonly element?: string,
  ) {
    super(message);
    this.name = 'CircuitError';
  }
}

/** A solve that failed to converge (exit code 3 in the CLI). */
export class ConvergenceError extends Error {
  constructor(
    message: string,
    readonly time?: number,
    readonly element?: string,
  ) {
    super(message);
    this.name = 'ConvergenceError';
  }
}
