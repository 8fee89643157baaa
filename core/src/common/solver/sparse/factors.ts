import type { Ordering } from './ordering.js';
import type { CscPattern } from './pattern.js';

/** A factorisation's numeric state (plain typed arrays: structured-clone-able). */
export interface LUFactorsState {
  readonly rowPerm: Int32Array;
  readonly rowPos: Int32Array;
  readonly rowScale: Float64Array;
  readonly entryPos: Int32Array;
  readonly lp: Int32Array;
  readonly li: Int32Array;
  readonly lx: Float64Array;
  readonly up: Int32Array;
  readonly ui: Int32Array;
  readonly ux: Float64Array;
  readonly uDiag: Float64Array;
  readonly fp: Int32Array;
  readonly fi: Int32Array;
  readonly fx: Float64Array;
  readonly offDiagonalPivots: number;
}

/**
 * Storage of P·R·A·Q = blockdiag(L_b·U_b) + F, where R scales rows, L_b and U_b factor the diagonal
 * blocks and F holds the strictly-upper off-diagonal blocks untouched. All indices below are
 * *positions* 0..n-1 of the permuted matrix, except where noted.
 *
 * Columns of L, U and F are stored contiguously (CSC). L excludes its unit diagonal and U its diagonal
 * (kept in uDiag). U's row indices are in the topological order in which factor() applied them, which
 * refactor() must replay exactly.
 */
export class LUFactors {
  readonly n: number;
  readonly colPerm: Int32Array;
  readonly blockStart: Int32Array;
  readonly blockCount: number;
  /** Position → original row, after pivoting. */
  readonly rowPerm: Int32Array;
  /** Original row → position. */
  readonly rowPos: Int32Array;
  /** Per original row; exact powers of two so scaling adds no rounding. */
  readonly rowScale: Float64Array;
  /** Position of the row of each pattern entry, so refactor() scatters with a single lookup. */
  readonly entryPos: Int32Array;

  readonly lp: Int32Array;
  li: Int32Array;
  lx: Float64Array;
  readonly up: Int32Array;
  ui: Int32Array;
  ux: Float64Array;
  readonly uDiag: Float64Array;
  readonly fp: Int32Array;
  readonly fi: Int32Array;
  readonly fx: Float64Array;

  offDiagonalPivots = 0;

  constructor(pattern: CscPattern, ordering: Ordering) {
    const n = pattern.n;
    this.n = n;
    this.colPerm = ordering.colPerm;
    this.blockStart = ordering.blockStart;
    this.blockCount = ordering.blockCount;
    this.rowPerm = new Int32Array(n);
    this.rowPos = new Int32Array(n);
    this.rowScale = new Float64Array(n).fill(1);
    this.entryPos = new Int32Array(pattern.colPtr[n]);

    // Entries outside the diagonal blocks depend only on the ordering, so F is sized exactly now;
    // entries inside them seed the L/U capacity, which grows geometrically if fill exceeds it.
    const blockOfPos = new Int32Array(n);
    for (let b = 0; b < ordering.blockCount; b++) {
      blockOfPos.fill(b, ordering.blockStart[b], ordering.blockStart[b + 1]);
    }
    const rowBlock = new Int32Array(n);
    for (let k = 0; k < n; k++) rowBlock[ordering.rowPerm[k]] = blockOfPos[k];
    let offCount = 0;
    let inBlock = 0;
    for (let k = 0; k < n; k++) {
      const col = ordering.colPerm[k];
      const b = blockOfPos[k];
      for (let p = pattern.colPtr[col]; p < pattern.colPtr[col + 1]; p++) {
        if (rowBlock[pattern.rowIdx[p]] === b) inBlock++;
        else offCount++;
      }
    }
    const guess = Math.max(inBlock, 1);
    this.lp = new Int32Array(n + 1);
    this.li = new Int32Array(guess);
    this.lx = new Float64Array(guess);
    this.up = new Int32Array(n + 1);
    this.ui = new Int32Array(guess);
    this.ux = new Float64Array(guess);
    this.uDiag = new Float64Array(n);
    this.fp = new Int32Array(n + 1);
    this.fi = new Int32Array(offCount);
    this.fx = new Float64Array(offCount);
  }

  /** Copies of everything a factorisation left behind (pivots, scales, values), for a snapshot. */
  exportState(): LUFactorsState {
    const nL = this.lp[this.n];
    const nU = this.up[this.n];
    return {
      rowPerm: this.rowPerm.slice(),
      rowPos: this.rowPos.slice(),
      rowScale: this.rowScale.slice(),
      entryPos: this.entryPos.slice(),
      lp: this.lp.slice(),
      li: this.li.slice(0, nL),
      lx: this.lx.slice(0, nL),
      up: this.up.slice(),
      ui: this.ui.slice(0, nU),
      ux: this.ux.slice(0, nU),
      uDiag: this.uDiag.slice(),
      fp: this.fp.slice(),
      fi: this.fi.slice(),
      fx: this.fx.slice(),
      offDiagonalPivots: this.offDiagonalPivots,
    };
  }

  /** Restores a state from exportState() made on the same pattern and ordering. */
  importState(s: LUFactorsState): void {
    const n = this.n;
    const same = (a: ArrayLike<number>, length: number, what: string) => {
      if (a.length !== length) throw new RangeError(`LU state: ${what} has length ${a.length}, expected ${length}`);
    };
    same(s.rowPerm, n, 'rowPerm');
    same(s.lp, n + 1, 'lp');
    same(s.up, n + 1, 'up');
    same(s.fx, this.fx.length, 'fx');
    same(s.entryPos, this.entryPos.length, 'entryPos');
    this.rowPerm.set(s.rowPerm);
    this.rowPos.set(s.rowPos);
    this.rowScale.set(s.rowScale);
    this.entryPos.set(s.entryPos);
    this.lp.set(s.lp);
    this.up.set(s.up);
    this.reserveL(s.li.length);
    this.reserveU(s.ui.length);
    this.li.set(s.li);
    this.lx.set(s.lx);
    this.ui.set(s.ui);
    this.ux.set(s.ux);
    this.uDiag.set(s.uDiag);
    this.fp.set(s.fp);
    this.fi.set(s.fi);
    this.fx.set(s.fx);
    this.offDiagonalPivots = s.offDiagonalPivots;
  }

  /** Ensures room for `needed` entries of L in total; only factor() calls this, never refactor(). */
  reserveL(needed: number): void {
    if (needed <= this.li.length) return;
    const size = Math.max(needed, Math.ceil(this.li.length * 1.5));
    const li = new Int32Array(size);
    li.set(this.li);
    const lx = new Float64Array(size);
    lx.set(this.lx);
    this.li = li;
    this.lx = lx;
  }

  reserveU(needed: number): void {
    if (needed <= this.ui.length) return;
    const size = Math.max(needed, Math.ceil(this.ui.length * 1.5));
    const ui = new Int32Array(size);
    ui.set(this.ui);
    const ux = new Float64Array(size);
    ux.set(this.ux);
    this.ui = ui;
    this.ux = ux;
  }
}
