import type { CscPattern } from './pattern.js';

export interface Matching {
  /** colOfRow[i] = column matched to row i, or -1. */
  readonly colOfRow: Int32Array;
  /** rowOfCol[j] = row matched to column j, or -1. */
  readonly rowOfCol: Int32Array;
  /** Size of the matching = structural rank. */
  readonly size: number;
}

/**
 * Maximum transversal (Duff's MC21): a maximum matching of rows to columns by depth-first augmenting
 * paths. A perfect matching gives a zero-free diagonal, which MNA needs because voltage-source rows have
 * no diagonal entry; an imperfect one proves structural singularity and names the columns left over.
 *
 * The DFS is iterative (circuit matrices reach 10^5+ unknowns; recursion would overflow the JS stack)
 * and uses the "cheap assignment" look-ahead: each column remembers how far it has scanned for a free
 * row, because rows once matched stay matched, so no row is ever examined twice for that purpose.
 */
export function maximumTransversal(pattern: CscPattern): Matching {
  const { n, colPtr, rowIdx } = pattern;
  const colOfRow = new Int32Array(n).fill(-1);
  const rowOfCol = new Int32Array(n).fill(-1);
  const cheap = colPtr.slice(0, n); // next entry to try as a free row, per column
  const next = new Int32Array(n); // next entry to explore in the DFS, per column (valid when visited this stage)
  const visited = new Int32Array(n).fill(-1); // stage stamp
  const colStack = new Int32Array(n);
  const rowStack = new Int32Array(n); // rowStack[d] = row through which colStack[d+1] was reached
  let size = 0;

  for (let start = 0; start < n; start++) {
    let depth = 0;
    colStack[0] = start;
    visited[start] = start;
    next[start] = colPtr[start];
    let freeRow = -1;

    while (depth >= 0) {
      const j = colStack[depth];
      const end = colPtr[j + 1];

      // Look-ahead: a free row in column j ends the search immediately.
      let p = cheap[j];
      for (; p < end; p++) {
        if (colOfRow[rowIdx[p]] < 0) break;
      }
      if (p < end) {
        freeRow = rowIdx[p];
        cheap[j] = p + 1;
        break;
      }
      cheap[j] = end;

      // Otherwise descend into the column currently matched to one of j's rows.
      let descended = false;
      for (p = next[j]; p < end; p++) {
        const i = rowIdx[p];
        const jj = colOfRow[i];
        if (visited[jj] === start) continue;
        next[j] = p + 1;
        rowStack[depth] = i;
        depth++;
        colStack[depth] = jj;
        visited[jj] = start;
        next[jj] = colPtr[jj];
        descended = true;
        break;
      }
      if (!descended) {
        next[j] = end;
        depth--;
      }
    }

    if (freeRow < 0) continue;
    // Flip the augmenting path: each column on the stack takes the row that led to its successor.
    let row = freeRow;
    for (let d = depth; d >= 0; d--) {
      const j = colStack[d];
      const displaced = d > 0 ? rowStack[d - 1] : -1;
      colOfRow[row] = j;
      rowOfCol[j] = row;
      row = displaced;
    }
    size++;
  }
  return { colOfRow, rowOfCol, size };
}
