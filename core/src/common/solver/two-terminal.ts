/**
 * Fused loops for the device shape that fills memristive networks: two terminals (p, n), one state s
 * and no charges. For it the general code makes about fifteen passes over the instances to stamp the
 * Jacobian and condense the state out (condense.ts); here each instance is done in one pass, computing
 * the same quantities (to rounding: a sum may be formed in another order):
 *
 *   A = 1 − (1/α)·∂f_s/∂s,  W_b = −(1/α)·∂f_s/∂b / A,  C_a = ∂f_a/∂s,
 *   J_ab += ∂f_a/∂b − C_a·W_b        for a, b ∈ {p, n}
 *
 * (a clamped state's row is y = bound: W = 0 and A = 1). Likewise one pass forms the residual (both
 * currents, the state's projected-update residual, and as asked the residual test's scale and the
 * condensed right-hand side), and one recovers, applies and measures the state updates.
 * core/test/solver/two-terminal.test.ts holds each against the general code.
 */
import type { CondenseInputs } from './condense.js';
import type { ModelGroup } from './system.js';
import { updateRatio } from './passes.js';

export interface TwoTerminalPlan {
  /** ∂f entries (index into df, -1 when the device declares none) by local (row, column). */
  readonly pp: number;
  readonly pn: number;
  readonly ps: number;
  readonly np: number;
  readonly nn: number;
  readonly ns: number;
  readonly sp: number;
  readonly sn: number;
  readonly ss: number;
  /** Jacobian slots of (p, p), (p, n), (n, p), (n, n) per instance (the scratch slot for ground). */
  readonly slotPP: Int32Array;
  readonly slotPN: Int32Array;
  readonly slotNP: Int32Array;
  readonly slotNN: Int32Array;
  /** Zeros, standing in for entries a device does not declare. */
  readonly zeros: Float64Array;
}

/**
 * The plan when `g` has the two-terminal one-state shape, else undefined (the general code applies).
 * `scratchSlot` is the Jacobian's slot for entries in a ground row or column.
 */
export function planTwoTerminal(g: ModelGroup, scratchSlot: number): TwoTerminalPlan | undefined {
  const c = g.condensation;
  if (g.L !== 3 || g.firstState !== 2 || c.nS !== 1 || g.jqRow.length > 0 || g.chargeRows.length > 0) return undefined;
  const find = (r: number, col: number): number => {
    let found = -1;
    for (let e = 0; e < g.jfRow.length; e++) {
      if (g.jfRow[e] !== r || g.jfCol[e] !== col) continue;
      if (found >= 0) return -2;
      found = e;
    }
    return found;
  };
  const e = [0, 1, 2].map((r) => [0, 1, 2].map((col) => find(r, col)));
  if (e.some((row) => row.includes(-2))) return undefined;
  // condenseRhs / recoverStates read C and W by Schur row and column; keep their layout (p, n).
  const same = (a: Int32Array, b: number[]) => a.length === b.length && b.every((v, k) => a[k] === v);
  const rowsOk = c.schurRows.length === 0 || same(c.schurRows, [0, 1]);
  const colsOk = c.schurCols.length === 0 || same(c.schurCols, [0, 1]);
  if (!rowsOk || !colsOk) return undefined;
  const n = g.n;
  const slotOf = (r: number, col: number): Int32Array => {
    const entry = e[r][col];
    if (entry >= 0) return g.jfSlot.slice(entry * n, entry * n + n);
    const nc = c.schurCols.length;
    if (c.schurRows.length > 0 && nc > 0) return c.schurSlot.slice((r * nc + col) * n, (r * nc + col) * n + n);
    return new Int32Array(n).fill(scratchSlot);
  };
  return {
    pp: e[0][0],
    pn: e[0][1],
    ps: e[0][2],
    np: e[1][0],
    nn: e[1][1],
    ns: e[1][2],
    sp: e[2][0],
    sn: e[2][1],
    ss: e[2][2],
    slotPP: slotOf(0, 0),
    slotPN: slotOf(0, 1),
    slotNP: slotOf(1, 0),
    slotNN: slotOf(1, 1),
    zeros: new Float64Array(n),
  };
}

/**
 * Stamps the group's condensed Jacobian and keeps A⁻¹, C and W for the right-hand side and the state
 * recovery. Returns the index of an instance whose A is singular, or -1.
 */
export function stampTwoTerminal(g: ModelGroup, plan: TwoTerminalPlan, inp: CondenseInputs, jac: Float64Array): number {
  const { n, df, slot } = g;
  const cond = g.condensation;
  const { aInv, c, w } = cond;
  const hasC = cond.schurRows.length > 0;
  const hasW = cond.schurCols.length > 0;
  const z = plan.zeros;
  const at = (e: number): Float64Array => (e >= 0 ? df[e] : z);
  const dpp = at(plan.pp);
  const dpn = at(plan.pn);
  const dps = at(plan.ps);
  const dnp = at(plan.np);
  const dnn = at(plan.nn);
  const dns = at(plan.ns);
  const dsp = at(plan.sp);
  const dsn = at(plan.sn);
  const dss = at(plan.ss);
  const { slotPP, slotPN, slotNP, slotNN } = plan;
  const ia = inp.stateInvAlpha;
  const clamped = inp.clamped;
  const tran = inp.tran;
  const stateBase = 2 * n;
  for (let i = 0; i < n; i++) {
    const r = slot[stateBase + i];
    const free = tran && clamped[r] === 0;
    const k = free ? ia[r] : 0;
    const a = free ? 1 - dss[i] * k : 1;
    if (a === 0 || !Number.isFinite(a)) return i;
    const inv = 1 / a;
    aInv[i] = inv;
    const ws = k * inv;
    const cp = dps[i];
    const cn = dns[i];
    // Without W (no state depends on the terminals) C still enters the right-hand side.
    const wp = hasW ? -dsp[i] * ws : 0;
    const wn = hasW ? -dsn[i] * ws : 0;
    if (hasC) {
      c[i] = cp;
      c[n + i] = cn;
    }
    if (hasW) {
      w[i] = wp;
      w[n + i] = wn;
    }
    jac[slotPP[i]] += dpp[i] - cp * wp;
    jac[slotPN[i]] += dpn[i] - cp * wn;
    jac[slotNP[i]] += dnp[i] - cn * wp;
    jac[slotNN[i]] += dnn[i] - cn * wn;
  }
  return -1;
}

/** Everything the transient residual pass of a group reads and writes besides the devices' outputs. */
export interface ResidualPass {
  readonly y: Float64Array;
  readonly residual: Float64Array;
  /** The residual test's scale: |currents| summed per row, or null when no test will read it. */
  readonly scale: Float64Array | null;
  readonly hist: Float64Array;
  readonly stateInvAlpha: Float64Array;
  readonly stateLo: Float64Array;
  readonly stateHi: Float64Array;
  readonly clamped: Uint8Array;
  /** Per-row tolerances and reltol, for the states' part of the residual test (with `scale` only). */
  readonly tol: Float64Array;
  readonly reltol: number;
  /**
   * When the solve that follows reuses the current condensation: the right-hand side's correction
   * C·u per row (u = A⁻¹·(−r_s), kept in the group's wRes for the state recovery), else null.
   */
  readonly correction: Float64Array | null;
  /** Out: states outside their residual tolerance (counted only with `scale`). */
  stateMisses: number;
}

/**
 * Transient residual of the group: both currents added into their rows (their magnitudes into the
 * scale when asked), the state's row y − clamp(H + f_s/α, lo, hi) with its clamping flag updated, and
 * when asked the condensed right-hand side's correction and the states' residual test. Returns the
 * number of states whose clamping changed, or NaN when a current or residual is not finite.
 */
export function residualTwoTerminal(g: ModelGroup, pass: ResidualPass): number {
  const { n, slot, f } = g;
  const { y, residual, scale, hist, stateInvAlpha, stateLo, stateHi, clamped, tol, reltol, correction } = pass;
  const { aInv, c: cm, wRes } = g.condensation;
  const hasC = g.condensation.schurRows.length > 0;
  const f0 = f[0];
  const f1 = f[1];
  const f2 = f[2];
  let probe = 0;
  let changes = 0;
  for (let i = 0; i < n; i++) {
    const a = f0[i];
    const b = f1[i];
    const sp = slot[i];
    const sn = slot[n + i];
    residual[sp] += a;
    residual[sn] += b;
    const r = slot[2 * n + i];
    const z = hist[r] + f2[i] * stateInvAlpha[r];
    const lo = stateLo[r];
    const hi = stateHi[r];
    const c = z < lo ? lo : z > hi ? hi : z;
    const flag = c !== z ? 1 : 0;
    // Unconditional store: no branch that is first taken late (see updateTwoTerminalStates).
    changes += clamped[r] ^ flag;
    clamped[r] = flag;
    const res = y[r] - c;
    residual[r] = res;
    probe += (a + b + res) * 0;
    if (scale !== null) {
      scale[sp] += Math.abs(a);
      scale[sn] += Math.abs(b);
      if (!(Math.abs(res) <= reltol * Math.abs(y[r]) + tol[r])) pass.stateMisses++;
    }
    if (correction !== null) {
      const u = -aInv[i] * res;
      wRes[i] = u;
      if (hasC) {
        correction[sp] += cm[i] * u;
        correction[sn] += cm[n + i] * u;
      }
    }
  }
  return changes + probe;
}

/** The unknown with the largest normalised update so far, written when one is found. */
export interface UpdateExtreme {
  worst: number;
}

/**
 * Recovers each state's Newton update from the solved terminal updates, Δs = u − W_p·Δp − W_n·Δn
 * (condense.ts), applies it clamped to the state's bounds, and returns the largest
 * |Δ| / (reltol·max(|old|, |new|) + tol) above `worstRatio` (else `worstRatio`), its unknown going to
 * `out.worst` — the kernel's update loop for these rows, fused. (Written inside the loop, not after
 * it: a store after a long loop that V8 compiled on the stack before reaching it deoptimises on every
 * call.)
 */
export function updateTwoTerminalStates(
  g: ModelGroup,
  delta: Float64Array,
  y: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  tol: Float64Array,
  reltol: number,
  worstRatio: number,
  out: UpdateExtreme,
): number {
  const { n, slot } = g;
  const { w, wRes } = g.condensation;
  const hasW = g.condensation.schurCols.length > 0;
  const stateBase = 2 * n;
  for (let i = 0; i < n; i++) {
    const r = slot[stateBase + i];
    const d = hasW ? wRes[i] - w[i] * delta[slot[i]] - w[n + i] * delta[slot[n + i]] : wRes[i];
    const old = y[r];
    let next = old + d;
    const l = lo[r];
    const u = hi[r];
    next = next < l ? l : next > u ? u : next;
    y[r] = next;
    delta[r] = d;
    const ratio = updateRatio(old, next, reltol, tol[r]);
    // A NaN ratio (a non-finite update) becomes the worst and stays so.
    if (!(ratio <= worstRatio) && worstRatio === worstRatio) {
      worstRatio = ratio;
      out.worst = r;
    }
  }
  return worstRatio;
}

/**
 * The two residual passes a transient Newton iteration makes, as closures over one group's and one
 * kernel's arrays (the same arithmetic as residualTwoTerminal):
 *  - `step`: before a solve through the condensation in place — residual and the right-hand side's
 *    correction (`pass.correction`);
 *  - `check`: before a residual test — residual, the test's scale (`pass.scale`) and the states' test.
 * Each returns `probe + clamp + 2·misses`: NaN when a value is not finite, else an integer whose bit 0
 * says that a state's clamping changed and whose rest counts the states outside their tolerance
 * (`check` only). (One closure per kernel: V8 then compiles each against that kernel's very arrays,
 * which it cannot do for a function shared by several; the result goes out in the return value
 * because a store after a long loop compiled on the stack deoptimises, see updateTwoTerminalStates.)
 */
export interface TwoTerminalResidualPasses {
  step(): number;
  check(): number;
}

export function makeTwoTerminalResidualPasses(g: ModelGroup, pass: ResidualPass, scale: Float64Array, correction: Float64Array): TwoTerminalResidualPasses {
  const n = g.n;
  const slot = g.slot;
  const f0 = g.f[0];
  const f1 = g.f[1];
  const f2 = g.f[2];
  const { aInv, c: cm, wRes } = g.condensation;
  const hasC = g.condensation.schurRows.length > 0;
  const { y, residual, hist, stateInvAlpha, stateLo, stateHi, clamped, tol, reltol } = pass;
  return {
    step(): number {
      let probe = 0;
      let changes = 0;
      for (let i = 0; i < n; i++) {
        const a = f0[i];
        const b = f1[i];
        const sp = slot[i];
        const sn = slot[n + i];
        residual[sp] += a;
        residual[sn] += b;
        const r = slot[2 * n + i];
        const z = hist[r] + f2[i] * stateInvAlpha[r];
        const lo = stateLo[r];
        const hi = stateHi[r];
        const c = z < lo ? lo : z > hi ? hi : z;
        const flag = c !== z ? 1 : 0;
        changes |= clamped[r] ^ flag;
        clamped[r] = flag;
        const res = y[r] - c;
        residual[r] = res;
        probe += (a + b + res) * 0;
        const u = -aInv[i] * res;
        wRes[i] = u;
        if (hasC) {
          correction[sp] += cm[i] * u;
          correction[sn] += cm[n + i] * u;
        }
      }
      return probe + changes;
    },
    check(): number {
      let probe = 0;
      let changes = 0;
      let misses = 0;
      for (let i = 0; i < n; i++) {
        const a = f0[i];
        const b = f1[i];
        const sp = slot[i];
        const sn = slot[n + i];
        residual[sp] += a;
        residual[sn] += b;
        scale[sp] += Math.abs(a);
        scale[sn] += Math.abs(b);
        const r = slot[2 * n + i];
        const z = hist[r] + f2[i] * stateInvAlpha[r];
        const lo = stateLo[r];
        const hi = stateHi[r];
        const c = z < lo ? lo : z > hi ? hi : z;
        const flag = c !== z ? 1 : 0;
        changes |= clamped[r] ^ flag;
        clamped[r] = flag;
        const yr = y[r];
        const res = yr - c;
        residual[r] = res;
        probe += (a + b + res) * 0;
        misses += Math.abs(res) <= reltol * Math.abs(yr) + tol[r] ? 0 : 1;
      }
      return probe + changes + 2 * misses;
    },
  };
}
