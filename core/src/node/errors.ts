/** Maps thrown errors to a one-line message and an exit code; only internal faults keep their stack. */
import { NetlistError } from '../common/netlist/index.js';
import { NetworkError } from '../common/network/index.js';
import { CircuitError, ConvergenceError } from '../common/solver/errors.js';
import { OptionError } from '../common/solver/options.js';
import type { SourceLocation } from '../common/network/types.js';

export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;
export const EXIT_CONVERGENCE = 3;

/** A bad command line (unknown model, bad option value): exit 2 with its message. */
export class InputError extends Error {}

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
