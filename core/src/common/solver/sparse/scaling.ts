import type { CscPattern } from './pattern.js';

// One shared 8-byte view to read and write IEEE-754 exponent bits: Math.log2 per row cost as much as
// the rest of a crossbar refactorisation.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0; // index of the word holding sign and exponent

/**
 * Row equilibration: scale[r] = 2^-e where 2^e <= max_j |a_rj| < 2^(e+1). MNA mixes rows in siemens,
 * volts and state units that differ by many orders of magnitude; without scaling, the threshold test
 * compares numbers in unrelated units and picks poor pivots. Powers of two make the scaling exact, so it
 * changes pivot choices only, never the rounding of the arithmetic. Rows that are all zero or hold
 * non-finite values keep scale 1 and are left for the pivot checks to report.
 */
export function computeRowScale(pattern: CscPattern, values: Float64Array, scale: Float64Array): void {
  const { n, colPtr, rowIdx } = pattern;
  scale.fill(0, 0, n);
  const nnz = colPtr[n];
  for (let p = 0; p < nnz; p++) {
    const a = Math.abs(values[p]);
    const r = rowIdx[p];
    if (a > scale[r]) scale[r] = a;
  }
  for (let r = 0; r < n; r++) {
    const m = scale[r];
    if (!(m > 0 && m < Infinity)) {
      scale[r] = 1;
      continue;
    }
    F64[0] = m;
    const biased = (U32[HI] >>> 20) & 0x7ff; // 0 for subnormals: their reciprocal power is capped below
    // 2^-(biased-1023) has biased exponent 2046-biased; clamp to the normal range [1, 2046].
    let inv = 2046 - biased;
    if (inv > 2046) inv = 2046;
    else if (inv < 1) inv = 1;
    U32[HI] = inv << 20;
    U32[1 - HI] = 0;
    scale[r] = F64[0];
  }
}
