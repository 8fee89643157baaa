/**
 * The device-state rows of a variable-step BDF2 step (transient.ts), which are most rows of a memristive
 * network: kept as separate monomorphic functions whose every operation runs from the first step on, so
 * that the JIT compiles them once (a path first taken after compilation costs a deoptimisation).
 */

/**
 * H = Qn + b·(Qn − Qp), and the predictor Qn + ω·(Qn − Qp) clamped to the state's bounds: a state's Q is
 * its value, so this is yn + h·ẏ with ẏ the last step's slope (ω = h/hPrev, 0 after a restart).
 */
export function predictStates(
  rows: Int32Array,
  hist: Float64Array,
  qn: Float64Array,
  qp: Float64Array,
  b: number,
  y: Float64Array,
  w: number,
  lo: Float64Array,
  hi: Float64Array,
): void {
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s];
    const a = qn[r];
    const slope = a - qp[r];
    hist[r] = a + b * slope;
    const v = a + w * slope;
    const l = lo[r];
    const u = hi[r];
    y[r] = v < l ? l : v > u ? u : v;
  }
}

/** What the LTE of the state rows needs besides the rows' arrays. */
export interface StateLteInputs {
  readonly rows: Int32Array;
  readonly y: Float64Array;
  readonly hist: Float64Array;
  readonly invAlpha: Float64Array;
  readonly firstOrder: Uint8Array;
  readonly tol: Float64Array;
  readonly reltol: number;
}

/**
 * Sets Q = y and Q̇ = (y − H)·α of every state at the new point and returns the largest LTE / tolerance:
 * BDF2's c3·(Q̇[t(n), t(n+1)] − Q̇[t(n-1), t(n)]) with c3 = 2c·h³/(h + hPrev), or backward Euler's
 * h/2·(Q̇1 − Q̇n) for first-order states and when `c3` is 0 (the step after a restart). The tolerance
 * has no trtol head-room: a state's error accumulates instead of being damped by the circuit.
 */
export function stateLteRatio(
  inp: StateLteInputs,
  q1: Float64Array,
  qd1: Float64Array,
  qn: Float64Array,
  qdn: Float64Array,
  qdp: Float64Array,
  h: number,
  c3: number,
  invHp: number,
): number {
  const { rows, y, hist, invAlpha, firstOrder, tol, reltol } = inp;
  const euler = c3 === 0 ? 1 : 0;
  const invH = 1 / h;
  let ratio = 0;
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s];
    const v = y[r];
    q1[r] = v;
    const d1 = (v - hist[r]) / invAlpha[r];
    qd1[r] = d1;
    const dn = qdn[r];
    const be = 0.5 * h * (d1 - dn);
    const bdf = c3 * ((d1 - dn) * invH - (dn - qdp[r]) * invHp);
    const e = (euler | firstOrder[r]) === 1 ? be : bdf;
    const a = Math.abs(qn[r]);
    const av = Math.abs(v);
    const q = Math.abs(e) / (reltol * (a > av ? a : av) + tol[r]);
    if (q > ratio) ratio = q;
  }
  return ratio;
}
