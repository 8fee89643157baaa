/**
 * Fused loops for the device shape that fills memristive networks: two terminals (p, n), one state s
 * and no charges. For it the general code makes about fifteen passes over the instances to stamp the
 * Jacobian and condense the state out (condense.ts); here each instance is done in one pass, computing
 * the same quantities (to rounding: a sum may be formed in another order):
 *
 *   A = 1 − (1/α)·∂f_s/∂s,  W_b = −(1/α)·∂f_s/∂b / A,  C_a = ∂f_a/∂s,
 *   J_ab += ∂f_a/∂b − C_a·W_b        for a, b ∈ {p, n}
 *
 * (a clamped state's row is y = bound: W = 0 and A = 1). Likewise one pass gathers the device's inputs,
 * one forms the residual (both currents, the state's projected-update residual, and either the condensed
 * right-hand side or the residual test's scale and the states' test), and one recovers, applies and
 * measures the state updates. core/test/solver/two-terminal.test.ts holds each against the general code.
 *
 * The passes are closures bound to one group and one kernel's arrays (bindTwoTerminal). Measured, not
 * derived: binding the residual passes this way took crossbar_64's cold CLI analysis from 651 to 557 ms,
 * and binding the others to 487 ms (medians of 8 alternating runs). The likely reason is that V8 can
 * compile a function that has only ever had one closure against that closure's very arrays. With several
 * kernels in one process (tests, a rewired runtime) the gain is smaller: the bare in-process run in
 * bench/runtime.mjs takes 0.64 s against the CLI's 0.44 s.
 */
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

/** The kernel's arrays the passes read and write (rows indexed by unknown; one slot past the end for ground). */
export interface TwoTerminalArrays {
  readonly y: Float64Array;
  readonly residual: Float64Array;
  /** The residual test's scale: |currents| summed per row. */
  readonly scale: Float64Array;
  /** The condensed right-hand side's correction C·u per row. */
  readonly correction: Float64Array;
  /** Newton updates; the state updates are written here. */
  readonly delta: Float64Array;
  readonly jac: Float64Array;
  readonly hist: Float64Array;
  readonly stateInvAlpha: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly clamped: Uint8Array;
  readonly tol: Float64Array;
  readonly reltol: number;
}

/** The unknown with the largest normalised update so far, written when one is found. */
export interface UpdateExtreme {
  worst: number;
}

export interface TwoTerminalPasses {
  /**
   * Whether the group still holds the device arrays these passes were bound to. A confined plugin's
   * host swaps them for shared-memory views on its first call; the passes must then be bound again.
   */
  holds(g: ModelGroup): boolean;
  /** x[k][i] = y[slot of local k of instance i] for p, n and s. */
  gather(): void;
  /**
   * Transient residual: both currents, the state's row y − clamp(H + f_s/α, lo, hi) with its clamping
   * flag, and then either (`test`) the residual test's scale and the states' own test
   * |r_s| ≤ reltol·|y| + tol, or the condensed right-hand side's correction C·u for a solve through the
   * condensation in place (u = A⁻¹·(−r_s) kept for the state recovery). Returns
   * `probe + clamp + 2·misses`: NaN when a value is not finite, else an integer whose bit 0 says that a
   * state's clamping changed and whose rest counts the states outside their tolerance. (The result goes
   * out in the return value: a store after a long loop that V8 compiled on the stack before reaching it
   * deoptimises on every call.)
   */
  residual(test: boolean): number;
  /**
   * Stamps the condensed Jacobian (`tran`: with the states' dynamics; DC: states held) and keeps A⁻¹, C
   * and W for the right-hand side and the state recovery. Returns an instance whose A is singular, or -1.
   */
  stamp(tran: boolean): number;
  /**
   * Recovers each state's update Δs = u − W_p·Δp − W_n·Δn from the solved terminal updates, applies it
   * clamped to the state's bounds, and returns the largest |Δ| / (reltol·max(|old|, |new|) + tol) above
   * `worstRatio` (else `worstRatio`), its unknown going to `out.worst` (written inside the loop).
   */
  update(worstRatio: number, out: UpdateExtreme): number;
}

/** The fused passes of a two-terminal group `g` (planned by planTwoTerminal) over one kernel's arrays. */
export function bindTwoTerminal(g: ModelGroup, plan: TwoTerminalPlan, arrays: TwoTerminalArrays): TwoTerminalPasses {
  const n = g.n;
  const slot = g.slot;
  const [x0, x1, x2] = g.x;
  const [f0, f1, f2] = g.f;
  const { aInv, c: cm, w, wRes } = g.condensation;
  const hasC = g.condensation.schurRows.length > 0;
  const hasW = g.condensation.schurCols.length > 0;
  const { y, residual, scale, correction, delta, jac, hist, stateInvAlpha, lo, hi, clamped, tol, reltol } = arrays;
  const { slotPP, slotPN, slotNP, slotNN } = plan;
  const derivative = (e: number): Float64Array => (e >= 0 ? g.df[e] : plan.zeros);
  const dpp = derivative(plan.pp);
  const dpn = derivative(plan.pn);
  const dps = derivative(plan.ps);
  const dnp = derivative(plan.np);
  const dnn = derivative(plan.nn);
  const dns = derivative(plan.ns);
  const dsp = derivative(plan.sp);
  const dsn = derivative(plan.sn);
  const dss = derivative(plan.ss);
  const held = [...g.x, ...g.f, ...g.df];
  return {
    holds(group: ModelGroup): boolean {
      const now = [group.x, group.f, group.df];
      let k = 0;
      for (const list of now) for (let e = 0; e < list.length; e++) if (list[e] !== held[k++]) return false;
      return k === held.length;
    },
    gather(): void {
      for (let i = 0; i < n; i++) {
        x0[i] = y[slot[i]];
        x1[i] = y[slot[n + i]];
        x2[i] = y[slot[2 * n + i]];
      }
    },
    residual(test: boolean): number {
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
        const r = slot[2 * n + i];
        const z = hist[r] + f2[i] * stateInvAlpha[r];
        const l = lo[r];
        const h = hi[r];
        const c = z < l ? l : z > h ? h : z;
        const flag = c !== z ? 1 : 0;
        // Unconditional store: no branch that is first taken late.
        changes |= clamped[r] ^ flag;
        clamped[r] = flag;
        const yr = y[r];
        const res = yr - c;
        residual[r] = res;
        probe += (a + b + res) * 0;
        if (test) {
          scale[sp] += Math.abs(a);
          scale[sn] += Math.abs(b);
          misses += Math.abs(res) <= reltol * Math.abs(yr) + tol[r] ? 0 : 1;
        } else {
          const u = -aInv[i] * res;
          wRes[i] = u;
          if (hasC) {
            correction[sp] += cm[i] * u;
            correction[sn] += cm[n + i] * u;
          }
        }
      }
      return probe + changes + 2 * misses;
    },
    stamp(tran: boolean): number {
      for (let i = 0; i < n; i++) {
        const r = slot[2 * n + i];
        const free = tran && clamped[r] === 0;
        const k = free ? stateInvAlpha[r] : 0;
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
          cm[i] = cp;
          cm[n + i] = cn;
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
    },
    update(worstRatio: number, out: UpdateExtreme): number {
      for (let i = 0; i < n; i++) {
        const r = slot[2 * n + i];
        const d = hasW ? wRes[i] - w[i] * delta[slot[i]] - w[n + i] * delta[slot[n + i]] : wRes[i];
        const old = y[r];
        let next = old + d;
        const l = lo[r];
        const h = hi[r];
        next = next < l ? l : next > h ? h : next;
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
    },
  };
}
