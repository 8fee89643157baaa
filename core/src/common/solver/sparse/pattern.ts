/**
 * Compressed-sparse-column pattern of a square matrix. The solver never sees a matrix object: values
 * travel separately as a Float64Array aligned with `rowIdx`, so one analysed pattern serves every Newton
 * iteration and time step without re-wrapping anything.
 */
export interface CscPattern {
  readonly n: number;
  /** Length n+1; column j occupies entries colPtr[j] .. colPtr[j+1]-1. */
  readonly colPtr: Int32Array;
  /** Row index of each entry, strictly ascending within a column. */
  readonly rowIdx: Int32Array;
}

/**
 * Rejects malformed patterns up front: every later stage indexes typed arrays without bounds checks,
 * and an out-of-range row would silently read `undefined` and corrupt the ordering rather than fail.
 */
export function validatePattern(pattern: CscPattern): void {
  const { n, colPtr, rowIdx } = pattern;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`CscPattern: n must be a non-negative integer, got ${n}`);
  if (colPtr.length !== n + 1) throw new RangeError(`CscPattern: colPtr has length ${colPtr.length}, expected ${n + 1}`);
  if (colPtr[0] !== 0) throw new RangeError('CscPattern: colPtr[0] must be 0');
  const nnz = colPtr[n];
  if (rowIdx.length < nnz) throw new RangeError(`CscPattern: rowIdx has ${rowIdx.length} entries, colPtr[n] = ${nnz}`);
  for (let j = 0; j < n; j++) {
    const start = colPtr[j];
    const end = colPtr[j + 1];
    if (end < start) throw new RangeError(`CscPattern: colPtr decreases at column ${j}`);
    let prev = -1;
    for (let p = start; p < end; p++) {
      const i = rowIdx[p];
      if (i < 0 || i >= n) throw new RangeError(`CscPattern: row ${i} out of range in column ${j}`);
      if (i <= prev) throw new RangeError(`CscPattern: rows not strictly ascending in column ${j}`);
      prev = i;
    }
  }
}

/** Number of stored entries. */
export function patternNnz(pattern: CscPattern): number {
  return pattern.colPtr[pattern.n];
}
