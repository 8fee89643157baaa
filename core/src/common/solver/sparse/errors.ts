/**
 * The matrix has no usable pivot in `column` (an index of the caller's original numbering), either
 * because no perfect matching of rows to columns exists (structural) or because elimination left every
 * candidate at exactly zero or non-finite (numerical). The column names the unknown to blame — in MNA
 * typically a floating node or a loop of voltage sources — so callers can report it by name.
 */
export class SingularMatrixError extends Error {
  override readonly name = 'SingularMatrixError';

  constructor(
    readonly column: number,
    message?: string,
  ) {
    super(message ?? `matrix is singular: no usable pivot in column ${column}`);
  }
}
