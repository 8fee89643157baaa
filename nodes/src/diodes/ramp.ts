/** Smooth ramps shared by the threshold diodes. */

const { exp, log1p } = Math;

/** vs·ln(1 + e^(x/vs)), the softplus of width vs (max(0, x) when vs = 0), evaluated without overflow. */
export function ramp(x: number, vs: number): number {
  if (!(vs > 0)) return x > 0 ? x : 0;
  const z = x / vs;
  return z > 0 ? x + vs * log1p(exp(-z)) : vs * log1p(exp(z));
}

/** d ramp / dx = 1 / (1 + e^(−x/vs)) (the step when vs = 0). */
export function rampSlope(x: number, vs: number): number {
  if (!(vs > 0)) return x > 0 ? 1 : 0;
  const z = x / vs;
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

