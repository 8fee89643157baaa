/** Maps thrown errors to a one-line message and an exit code (shared with the desktop app: src/common/describe-error.ts). */
export { EXIT_CONVERGENCE, EXIT_INPUT, EXIT_INTERNAL, describeError } from '../common/describe-error.js';

/** A bad command line (unknown model, bad option value): exit 2 with its message. */
export class InputError extends Error {}
