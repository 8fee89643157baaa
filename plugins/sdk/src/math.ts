/**
 * Overflow-safe elementary functions for device models: beyond |z| = cap they continue along their
 * tangent (C¹), so a Newton iterate far from the solution meets large but finite values and slopes,
 * never Inf. `out` receives [value, slope].
 */

/** e^z and its slope, continued linearly beyond z = cap. */
export function cappedExp(z: number, cap: number, out: Float64Array): void {
  if (z <= cap) {
    out[0] = out[1] = Math.exp(z);
  } else {
    const e = Math.exp(cap);
    out[0] = e * (1 + z - cap);
    out[1] = e;
  }
}

/** sinh(z) and its slope cosh(z), continued linearly beyond |z| = cap (odd in z). */
export function cappedSinh(z: number, cap: number, out: Float64Array): void {
  const a = Math.abs(z);
  if (a <= cap) {
    out[0] = Math.sinh(z);
    out[1] = Math.cosh(z);
  } else {
    const c = Math.cosh(cap);
    out[0] = Math.sign(z) * (Math.sinh(cap) + c * (a - cap));
    out[1] = c;
  }
}
