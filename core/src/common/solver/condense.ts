/**
 * Static condensation of device states. A state's equation involves only its own device's unknowns, so
 * each instance eliminates its states before the global solve and recovers them after it:
 *
 *   [J_TT J_TS] [Δ_T]   [d_T]        (J_TT − C·A⁻¹·B) Δ_T = d_T − C·A⁻¹·d_S
 *   [J_ST J_SS] [Δ_S] = [d_S]   ⇒    Δ_S = A⁻¹·d_S − A⁻¹·B·Δ_T
 *
 * with A = J_SS, B = J_ST, C = J_TS and d = −residual. The sparse LU then works on nets and branch
 * currents only — for a memristor crossbar 4,288 unknowns become 192 — while the answer is exactly that
 * of the full Newton system. A, C and W = A⁻¹B are kept from the factorisation they were stamped into, so
 * an iteration that reuses an old factorisation also uses the matching condensation (modified Newton).
 */
import type { ModelGroup } from './system.js';

export interface CondenseInputs {
  readonly tran: boolean;
  readonly alpha: number;
  /** 1 where a state sits on its bound: its row is then y = bound and depends on nothing else. */
  readonly clamped: Uint8Array;
  /** 1/α of each state row (per row, as first-order states have their own). */
  readonly stateInvAlpha: Float64Array;
}

/** Index of each entry's local row / column within a list of local indices. */
function positions(list: Int32Array, locals: Int32Array, entries: Int32Array): Int32Array {
  return Int32Array.from(entries, (e) => list.indexOf(locals[e]));
}

const plans = new WeakMap<ModelGroup, { cRowPos: Int32Array; cRowPosQ: Int32Array; bColPos: Int32Array; scratch: Float64Array; wScale: Float64Array }>();

function plan(g: ModelGroup) {
  let p = plans.get(g);
  if (!p) {
    const c = g.condensation;
    p = {
      cRowPos: positions(c.schurRows, g.jfRow, c.cF),
      cRowPosQ: positions(c.schurRows, g.jqRow, c.cQ),
      bColPos: positions(c.schurCols, g.jfCol, c.bF),
      scratch: new Float64Array(2 * c.nS * c.nS),
      wScale: new Float64Array(g.n),
    };
    plans.set(g, p);
  }
  return p;
}

/** Inverts the nS×nS matrix in `a` (row-major) into `inv` by Gauss–Jordan with partial pivoting. */
function invertSmall(a: Float64Array, inv: Float64Array, nS: number): boolean {
  for (let r = 0; r < nS; r++) for (let c = 0; c < nS; c++) inv[r * nS + c] = r === c ? 1 : 0;
  for (let k = 0; k < nS; k++) {
    let p = k;
    for (let r = k + 1; r < nS; r++) if (Math.abs(a[r * nS + k]) > Math.abs(a[p * nS + k])) p = r;
    const piv = a[p * nS + k];
    if (piv === 0 || !Number.isFinite(piv)) return false;
    if (p !== k) {
      for (let c = 0; c < nS; c++) {
        let t = a[k * nS + c];
        a[k * nS + c] = a[p * nS + c];
        a[p * nS + c] = t;
        t = inv[k * nS + c];
        inv[k * nS + c] = inv[p * nS + c];
        inv[p * nS + c] = t;
      }
    }
    for (let c = 0; c < nS; c++) {
      a[k * nS + c] /= piv;
      inv[k * nS + c] /= piv;
    }
    for (let r = 0; r < nS; r++) {
      if (r === k) continue;
      const f = a[r * nS + k];
      if (f === 0) continue;
      for (let c = 0; c < nS; c++) {
        a[r * nS + c] -= f * a[k * nS + c];
        inv[r * nS + c] -= f * inv[k * nS + c];
      }
    }
  }
  return true;
}

/**
 * Computes A⁻¹, C and W = A⁻¹B of every instance from the last evaluation's derivatives and stamps
 * −C·W into the reduced Jacobian. Returns the index of an instance whose A is singular, or -1.
 */
export function condenseJacobian(g: ModelGroup, inp: CondenseInputs, jac: Float64Array): number {
  const c = g.condensation;
  const { nS, cF, cQ, bF, aF, schurSlot, aInv, w } = c;
  if (nS === 0) return -1;
  const { n, jfRow, jfCol, df, dq, slot, firstState } = g;
  const nr = c.schurRows.length;
  const nc = c.schurCols.length;
  const { cRowPos, cRowPosQ, bColPos, scratch, wScale } = plan(g);
  const ia = inp.stateInvAlpha;
  const cm = c.c;
  cm.fill(0);
  w.fill(0);
  for (let e = 0; e < cF.length; e++) {
    const a = cRowPos[e];
    const s = jfCol[cF[e]] - firstState;
    const de = df[cF[e]];
    for (let i = 0; i < n; i++) cm[(a * nS + s) * n + i] += de[i];
  }
  if (inp.tran) {
    for (let e = 0; e < cQ.length; e++) {
      const a = cRowPosQ[e];
      const s = g.jqCol[cQ[e]] - firstState;
      const de = dq[cQ[e]];
      for (let i = 0; i < n; i++) cm[(a * nS + s) * n + i] += inp.alpha * de[i];
    }
  }
  if (nS === 1) {
    // The common case, one state per device, without the small dense solve: W = −B·(1/α)/A per free
    // state (a clamped state's row is y = bound and depends on nothing), and −C·W straight into the Jacobian.
    const stateBase = firstState * n;
    for (let i = 0; i < n; i++) {
      const r = slot[stateBase + i];
      const free = inp.tran && inp.clamped[r] === 0;
      let a = 1;
      if (free) for (let e = 0; e < aF.length; e++) a -= df[aF[e]][i] * ia[r];
      if (a === 0 || !Number.isFinite(a)) return i;
      const inv = 1 / a;
      aInv[i] = inv;
      wScale[i] = free ? ia[r] * inv : 0;
    }
    if (inp.tran) {
      for (let e = 0; e < bF.length; e++) {
        const b = bColPos[e];
        const de = df[bF[e]];
        const wb = b * n;
        for (let i = 0; i < n; i++) w[wb + i] -= de[i] * wScale[i];
      }
    }
    for (let a = 0; a < nr; a++) {
      const ca = a * n;
      for (let b = 0; b < nc; b++) {
        const wb = b * n;
        const base = (a * nc + b) * n;
        for (let i = 0; i < n; i++) jac[schurSlot[base + i]] -= cm[ca + i] * w[wb + i];
      }
    }
    return -1;
  } else {
    const A = scratch.subarray(0, nS * nS);
    const Ainv = scratch.subarray(nS * nS);
    for (let i = 0; i < n; i++) {
      A.fill(0);
      for (let s = 0; s < nS; s++) A[s * nS + s] = 1;
      if (inp.tran) {
        for (let e = 0; e < aF.length; e++) {
          const s1 = jfRow[aF[e]] - firstState;
          if (inp.clamped[slot[(firstState + s1) * n + i]] !== 0) continue;
          A[s1 * nS + (jfCol[aF[e]] - firstState)] -= df[aF[e]][i] * ia[slot[(firstState + s1) * n + i]];
        }
      }
      if (!invertSmall(A, Ainv, nS)) return i;
      for (let k = 0; k < nS * nS; k++) aInv[k * n + i] = Ainv[k];
      if (!inp.tran) continue;
      for (let e = 0; e < bF.length; e++) {
        const s2 = jfRow[bF[e]] - firstState;
        if (inp.clamped[slot[(firstState + s2) * n + i]] !== 0) continue;
        const bv = -df[bF[e]][i] * ia[slot[(firstState + s2) * n + i]];
        const b = bColPos[e];
        for (let s1 = 0; s1 < nS; s1++) w[(s1 * nc + b) * n + i] += Ainv[s1 * nS + s2] * bv;
      }
    }
  }
  for (let a = 0; a < nr; a++) {
    for (let b = 0; b < nc; b++) {
      const base = (a * nc + b) * n;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let s = 0; s < nS; s++) sum += cm[(a * nS + s) * n + i] * w[(s * nc + b) * n + i];
        jac[schurSlot[base + i]] -= sum;
      }
    }
  }
  return -1;
}

/**
 * Right-hand side of the reduced system: d_T −= C·u with u = A⁻¹·d_S, d_S = −residual_S (u is kept for
 * `recoverStates`).
 */
export function condenseRhs(g: ModelGroup, residual: Float64Array, d: Float64Array): void {
  const c = g.condensation;
  const { nS, aInv, wRes } = c;
  if (nS === 0) return;
  const { n, slot, firstState } = g;
  const nr = c.schurRows.length;
  if (nS === 1) {
    const stateBase = firstState * n;
    const cm = c.c;
    for (let i = 0; i < n; i++) wRes[i] = -aInv[i] * residual[slot[stateBase + i]];
    for (let a = 0; a < nr; a++) {
      const rowBase = c.schurRows[a] * n;
      const cBase = a * n;
      for (let i = 0; i < n; i++) d[slot[rowBase + i]] -= cm[cBase + i] * wRes[i];
    }
    return;
  }
  for (let s1 = 0; s1 < nS; s1++) {
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let s2 = 0; s2 < nS; s2++) u -= aInv[(s1 * nS + s2) * n + i] * residual[slot[(firstState + s2) * n + i]];
      wRes[s1 * n + i] = u;
    }
  }
  for (let a = 0; a < nr; a++) {
    const rowBase = c.schurRows[a] * n;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let s = 0; s < nS; s++) sum += c.c[(a * nS + s) * n + i] * wRes[s * n + i];
      d[slot[rowBase + i]] -= sum;
    }
  }
}

/** Δ_S = u − W·Δ_T, written into the state slots of `delta` (which holds Δ_T everywhere else). */
export function recoverStates(g: ModelGroup, delta: Float64Array): void {
  const c = g.condensation;
  const { nS, w, wRes } = c;
  if (nS === 0) return;
  const { n, slot, firstState } = g;
  const nc = c.schurCols.length;
  if (nS === 1) {
    const stateBase = firstState * n;
    for (let i = 0; i < n; i++) delta[slot[stateBase + i]] = wRes[i];
    for (let b = 0; b < nc; b++) {
      const colBase = c.schurCols[b] * n;
      const wBase = b * n;
      for (let i = 0; i < n; i++) delta[slot[stateBase + i]] -= w[wBase + i] * delta[slot[colBase + i]];
    }
    return;
  }
  for (let s = 0; s < nS; s++) {
    const stateBase = (firstState + s) * n;
    for (let i = 0; i < n; i++) {
      let v = wRes[s * n + i];
      for (let b = 0; b < nc; b++) v -= w[(s * nc + b) * n + i] * delta[slot[c.schurCols[b] * n + i]];
      delta[slot[stateBase + i]] = v;
    }
  }
}
