import { SingularMatrixError } from './errors.js';
import { LUFactors, type LUFactorsState } from './factors.js';
import { createWorkspace, factorNumeric, type FactorWorkspace } from './gilbert-peierls.js';
import { computeOrdering, type Ordering, type OrderingMethod } from './ordering.js';
import { validatePattern, type CscPattern } from './pattern.js';
import { refactorNumeric } from './refactor.js';
import { computeRowScale } from './scaling.js';
import { solveInPlace } from './solve.js';

export interface SparseLUOptions {
  /**
   * Threshold partial pivoting: the preferred diagonal is kept while |a_dd| >= pivotTolerance ·
   * max|candidates|; refactor() re-pivots when a stored pivot drops below the same bound.
   * 1 is classic partial pivoting, 0 keeps any non-zero diagonal. Default 1e-3 (as KLU).
   */
  readonly pivotTolerance?: number;
  /** Default 'btf-amd'. */
  readonly ordering?: OrderingMethod;
  /** Power-of-two row equilibration before pivoting. Default true. */
  readonly scaleRows?: boolean;
  /**
   * Keep the row scaling of the last full factor() in refactor() instead of recomputing it. The pivot
   * test stays a valid threshold test (against slightly stale scales) and a Newton loop's refactor
   * gets about a third cheaper. Default false.
   */
  readonly freezeScaleOnRefactor?: boolean;
}

export interface SparseLUStats {
  /** Entries of L, counting its unit diagonal. */
  readonly nnzL: number;
  /** Entries of U, counting its diagonal and the off-diagonal blocks of the block triangular form. */
  readonly nnzU: number;
  /** Of nnzU, entries in off-diagonal blocks (copied from A, never factorised). */
  readonly nnzOffDiagonal: number;
  /** Completed factor() runs, including those triggered by refactor(). */
  readonly factorCount: number;
  /** Completed refactor() runs that reused the pivot sequence. */
  readonly refactorCount: number;
  /** refactor() calls that had to re-pivot through factor(). */
  readonly refactorFallbacks: number;
  /** Pivots of the last factor() taken off the preferred diagonal. */
  readonly offDiagonalPivots: number;
  /** Diagonal blocks of the block triangular form (1×1 blocks are singletons). */
  readonly blockCount: number;
  /** Size of a maximum matching; < n means structurally singular. */
  readonly structuralRank: number;
}

type MutableStats = { -readonly [K in keyof SparseLUStats]: SparseLUStats[K] };

/**
 * KLU-style sparse direct solver for circuit matrices (Davis & Palamadai Natarajan, ACM TOMS 37(3),
 * 2010): ordering once per pattern, Gilbert–Peierls factorisation with threshold pivoting when the
 * pivot sequence must be (re)chosen, and a search-free numeric refactorisation for every further set
 * of values on the same pattern.
 */
export class SparseLU {
  readonly n: number;
  readonly pattern: CscPattern;
  readonly ordering: Ordering;
  readonly pivotTolerance: number;
  readonly #scaleRows: boolean;
  readonly #freezeScale: boolean;
  readonly #factors: LUFactors;
  readonly #ws: FactorWorkspace;
  readonly #y: Float64Array;
  readonly #stats: MutableStats;
  #valid = false;

  constructor(pattern: CscPattern, options: SparseLUOptions = {}) {
    validatePattern(pattern);
    const tol = options.pivotTolerance ?? 1e-3;
    if (!(tol >= 0 && tol <= 1)) throw new RangeError(`SparseLU: pivotTolerance must lie in [0, 1], got ${tol}`);
    this.n = pattern.n;
    this.pattern = pattern;
    this.pivotTolerance = tol;
    this.#scaleRows = options.scaleRows ?? true;
    this.#freezeScale = options.freezeScaleOnRefactor ?? false;
    this.ordering = computeOrdering(pattern, options.ordering ?? 'btf-amd');
    this.#factors = new LUFactors(pattern, this.ordering);
    this.#ws = createWorkspace(this.ordering);
    this.#y = new Float64Array(this.n);
    this.#stats = {
      nnzL: 0,
      nnzU: 0,
      nnzOffDiagonal: 0,
      factorCount: 0,
      refactorCount: 0,
      refactorFallbacks: 0,
      offDiagonalPivots: 0,
      blockCount: this.ordering.blockCount,
      structuralRank: this.ordering.structuralRank,
    };
  }

  get stats(): SparseLUStats {
    return this.#stats;
  }

  /** True when the last factor()/refactor() succeeded, i.e. solve() may be called. */
  get isFactored(): boolean {
    return this.#valid;
  }

  /**
   * Full factorisation with pivot search; values[p] is the value of pattern entry p.
   * @throws SingularMatrixError naming the original column without a usable pivot.
   */
  factor(values: Float64Array): void {
    this.#checkValues(values);
    this.#valid = false;
    const { unmatchedColumns } = this.ordering;
    if (unmatchedColumns.length > 0) {
      const col = unmatchedColumns[0];
      throw new SingularMatrixError(
        col,
        `matrix is structurally singular (structural rank ${this.ordering.structuralRank} < ${this.n}): column ${col} cannot be matched to a row`,
      );
    }
    const f = this.#factors;
    this.#scale(values);
    const failed = factorNumeric(f, this.#ws, this.pattern, values, this.ordering, this.pivotTolerance);
    if (failed >= 0) {
      const col = this.ordering.colPerm[failed];
      throw new SingularMatrixError(col, `matrix is numerically singular: no usable pivot in column ${col} (candidates all zero, or non-finite values)`);
    }
    const s = this.#stats;
    s.nnzOffDiagonal = f.fp[this.n];
    s.nnzL = f.lp[this.n] + this.n;
    s.nnzU = f.up[this.n] + this.n + s.nnzOffDiagonal;
    s.offDiagonalPivots = f.offDiagonalPivots;
    s.factorCount++;
    this.#valid = true;
  }

  /**
   * Numeric refactorisation on the last pivot sequence; re-pivots through factor() when a pivot is no
   * longer acceptable, and simply factors when nothing valid exists yet.
   * @throws SingularMatrixError if the fallback factorisation finds the matrix singular.
   */
  refactor(values: Float64Array): void {
    if (!this.#valid) {
      this.factor(values);
      return;
    }
    this.#checkValues(values);
    if (!this.#freezeScale) this.#scale(values);
    const failed = refactorNumeric(this.#factors, this.#ws.x, this.pattern, values, this.pivotTolerance);
    if (failed >= 0) {
      this.#valid = false;
      this.#stats.refactorFallbacks++;
      this.factor(values);
      return;
    }
    this.#stats.refactorCount++;
  }

  /**
   * The current factorisation (undefined when there is none), so that a restored solver continues
   * with exactly the factors, pivots and scales it had — a refactorisation from the same values could
   * pivot differently and change the last bits of every later solve.
   */
  saveState(): LUFactorsState | undefined {
    return this.#valid ? this.#factors.exportState() : undefined;
  }

  /** Restores saveState()'s result; undefined drops the factorisation. */
  loadState(state: LUFactorsState | undefined): void {
    this.#valid = false;
    if (state === undefined) return;
    this.#factors.importState(state);
    this.#valid = true;
  }

  /** Overwrites b with the solution of A·x = b for the last factorised values. */
  solve(b: Float64Array): void {
    if (!this.#valid) throw new Error('SparseLU.solve: no valid factorisation (call factor() first, or the last one failed)');
    if (b.length !== this.n) throw new RangeError(`SparseLU.solve: b has length ${b.length}, expected ${this.n}`);
    solveInPlace(this.#factors, b, this.#y);
  }

  /**
   * Cheap reciprocal condition estimate min|u_kk| / max|u_kk| of the row-scaled matrix (KLU's rcond):
   * not a bound, but it falls towards machine epsilon as the matrix approaches singularity, which a
   * Newton loop can act upon. Scaled, so that rows in different units do not fake ill-conditioning.
   */
  rcond(): number {
    if (!this.#valid) return 0;
    if (this.n === 0) return 1;
    const d = this.#factors.uDiag;
    let lo = Infinity;
    let hi = 0;
    for (let k = 0; k < this.n; k++) {
      const a = Math.abs(d[k]);
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    return hi > 0 ? lo / hi : 0;
  }

  /**
   * Reciprocal pivot growth min_k max|(R·A)(:,k)| / max|U(:,k)| over the factorised blocks (KLU's
   * rgrowth); `values` must be those of the last factor()/refactor(). Threshold pivoting trades
   * stability for sparsity, and this is the price paid: the backward error behaves like eps/rgrowth,
   * so a tiny value says to refactor with a larger pivotTolerance.
   */
  rgrowth(values: Float64Array): number {
    if (!this.#valid) return 0;
    this.#checkValues(values);
    const f = this.#factors;
    const { colPtr, rowIdx } = this.pattern;
    let min = 1;
    for (let b = 0; b < f.blockCount; b++) {
      const k1 = f.blockStart[b];
      const k2 = f.blockStart[b + 1];
      if (k2 - k1 === 1) continue; // a 1×1 block is its own pivot: no growth
      for (let k = k1; k < k2; k++) {
        const col = f.colPerm[k];
        let aMax = 0;
        for (let p = colPtr[col]; p < colPtr[col + 1]; p++) {
          if (f.entryPos[p] < k1) continue;
          const a = Math.abs(values[p] * f.rowScale[rowIdx[p]]);
          if (a > aMax) aMax = a;
        }
        let uMax = Math.abs(f.uDiag[k]);
        for (let p = f.up[k]; p < f.up[k + 1]; p++) {
          const u = Math.abs(f.ux[p]);
          if (u > uMax) uMax = u;
        }
        if (uMax > 0 && aMax / uMax < min) min = aMax / uMax;
      }
    }
    return min;
  }

  #scale(values: Float64Array): void {
    if (this.#scaleRows) computeRowScale(this.pattern, values, this.#factors.rowScale);
  }

  #checkValues(values: Float64Array): void {
    const nnz = this.pattern.colPtr[this.n];
    if (values.length < nnz) throw new RangeError(`SparseLU: values has ${values.length} entries, pattern has ${nnz}`);
  }
}
