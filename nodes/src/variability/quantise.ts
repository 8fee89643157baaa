/**
 * A smoothed staircase: u ∈ [0, 1] mapped onto `levels` equally spaced plateaus 0, 1/(N−1), …, 1.
 *
 * Exact rounding to the nearest level would make the conductance a step function of the state, whose
 * derivative is zero almost everywhere and undefined at the steps — Newton then sees no coupling between
 * state and current and cannot cross a step. Here each step is replaced, over a band of `width` level
 * spacings centred on the mid-point between two levels, by the C¹ smoothstep 3z² − 2z³. Outside these
 * bands the value sits exactly on a level (flat plateaus, zero slope); inside, the slope is at most
 * 1.5/width per unit u. width ∈ (0, 1]; width → 0 tends to exact rounding, width = 1 leaves no plateau.
 */
export function staircase(u: number, levels: number, width: number, out: Float64Array): void {
  const n1 = Math.floor(levels) - 1;
  if (!(n1 >= 1)) {
    out[0] = u;
    out[1] = 1;
    return;
  }
  if (u <= 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  if (u >= 1) {
    out[0] = 1;
    out[1] = 0;
    return;
  }
  const w = Math.min(Math.max(width, 1e-6), 1);
  const t = u * n1;
  let k = Math.floor(t);
  if (k > n1 - 1) k = n1 - 1;
  const z = (t - k - 0.5) / w + 0.5;
  if (z <= 0) {
    out[0] = k / n1;
    out[1] = 0;
  } else if (z >= 1) {
    out[0] = (k + 1) / n1;
    out[1] = 0;
  } else {
    out[0] = (k + z * z * (3 - 2 * z)) / n1;
    // d/du of (k + S(z))/n1 with dz/du = n1/w.
    out[1] = (6 * z * (1 - z)) / w;
  }
}
