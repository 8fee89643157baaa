/**
 * Maps thrown errors to a one-line message and an exit code, the same text for the CLI and the desktop
 * app (which runs in browsers and workers, hence here in src/common). Only internal faults keep a stack.
 */
import { NetlistError } from './netlist/index.js';
import { NetworkError } from './network/errors.js';
import type { SourceLocation } from './network/types.js';
import { CircuitError, ConvergenceError } from './solver/errors.js';
import { OptionError } from './solver/options.js';

export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;
export const EXIT_CONVERGENCE = 3;

function where(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}: ` : '';
}

export function describeError(err: unknown, ...inputErrors: (new (...a: never[]) => Error)[]): { message: string; code: number } {
  if (err instanceof ConvergenceError) return { message: `error: ${err.message}`, code: EXIT_CONVERGENCE };
  if (err instanceof NetlistError || err instanceof NetworkError || err instanceof CircuitError) {
    return { message: `${where(err.loc)}error: ${err.message}`, code: EXIT_INPUT };
  }
  if (err instanceof OptionError || inputErrors.some((cls) => err instanceof cls) || (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    return { message: `error: ${(err as Error).message}`, code: EXIT_INPUT };
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { message: `internal error (please report it): ${stack}`, code: EXIT_INTERNAL };
}
