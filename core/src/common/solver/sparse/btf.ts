import type { CscPattern } from './pattern.js';
import { maximumTransversal } from './matching.js';

/**
 * Block upper triangular form P·A·Q: rowPerm[k]/colPerm[k] are the original row/column at position k,
 * with A(rowPerm[k], colPerm[k]) structurally non-zero whenever the matrix is structurally
 * non-singular. Blocks are the strongly connected components; block b spans positions
 * blockStart[b] .. blockStart[b+1]-1, and every entry lies in a block row <= its block column.
 */
export interface BlockTriangularForm {
  readonly rowPerm: Int32Array;
  readonly colPerm: Int32Array;
  readonly blockStart: Int32Array;
  readonly blockCount: number;
  readonly structuralRank: number;
  /** Columns the maximum matching could not cover, ascending; empty iff structurally non-singular. */
  readonly unmatchedColumns: Int32Array;
}

/**
 * Dulmage–Mendelsohn fine decomposition of a square matrix: maximum transversal, then Tarjan's strongly
 * connected components of the matched graph. Only the diagonal blocks are ever factorised; the
 * off-diagonal ones are applied as-is during block back-substitution, so their entries cause no fill.
 * Row and column singletons (one entry left in the active submatrix) come out as 1×1 blocks, which is
 * what turns an MNA crossbar into independent per-column blocks.
 */
export function blockTriangularForm(pattern: CscPattern): BlockTriangularForm {
  const { n, colPtr, rowIdx } = pattern;
  const matching = maximumTransversal(pattern);
  const colOfRow = matching.colOfRow.slice();
  const rowOfCol = matching.rowOfCol.slice();

  // Pair leftover rows and columns arbitrarily so the graph below is defined; the factorisation refuses
  // to run when unmatchedColumns is non-empty, so these pairs only need to be a permutation.
  const unmatched: number[] = [];
  for (let j = 0; j < n; j++) if (rowOfCol[j] < 0) unmatched.push(j);
  if (unmatched.length > 0) {
    let i = 0;
    for (const j of unmatched) {
      while (colOfRow[i] >= 0) i++;
      colOfRow[i] = j;
      rowOfCol[j] = i;
    }
  }

  const order = stronglyConnectedComponents(n, colPtr, rowIdx, colOfRow);
  const rowPerm = new Int32Array(n);
  const colPerm = order.nodes; // nodes are columns
  for (let k = 0; k < n; k++) rowPerm[k] = rowOfCol[colPerm[k]];
  return {
    rowPerm,
    colPerm,
    blockStart: order.blockStart,
    blockCount: order.blockCount,
    structuralRank: matching.size,
    unmatchedColumns: Int32Array.from(unmatched),
  };
}

interface ComponentOrder {
  readonly nodes: Int32Array;
  readonly blockStart: Int32Array;
  readonly blockCount: number;
}

/**
 * Tarjan's algorithm on the graph with an edge j → colOfRow[i] for every entry (i, j): column j needs
 * the unknown whose diagonal row is i. Tarjan emits a component only after everything it reaches, so
 * numbering components in emission order puts every entry on or above the block diagonal.
 * Iterative, for the same stack-depth reason as the matching.
 */
function stronglyConnectedComponents(
  n: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  colOfRow: Int32Array,
): ComponentOrder {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const edge = new Int32Array(n); // next entry to follow, per node on the call stack
  const callStack = new Int32Array(n);
  const compStack = new Int32Array(n);
  const nodes = new Int32Array(n);
  const blockStartTmp = new Int32Array(n + 1);
  let counter = 0;
  let compTop = 0;
  let emitted = 0;
  let blockCount = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    callStack[0] = root;
    index[root] = low[root] = counter++;
    compStack[compTop++] = root;
    onStack[root] = 1;
    edge[root] = colPtr[root];

    while (depth >= 0) {
      const v = callStack[depth];
      const p = edge[v];
      if (p < colPtr[v + 1]) {
        edge[v] = p + 1;
        const w = colOfRow[rowIdx[p]];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          compStack[compTop++] = w;
          onStack[w] = 1;
          edge[w] = colPtr[w];
          callStack[++depth] = w;
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      depth--;
      if (depth >= 0) {
        const u = callStack[depth];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] === index[v]) {
        blockStartTmp[blockCount++] = emitted;
        // Pop the component; reverse it afterwards so nodes keep discovery order inside the block,
        // which keeps the natural numbering when no further reordering is applied.
        const first = emitted;
        let w: number;
        do {
          w = compStack[--compTop];
          onStack[w] = 0;
          nodes[emitted++] = w;
        } while (w !== v);
        nodes.subarray(first, emitted).reverse();
      }
    }
  }
  blockStartTmp[blockCount] = n;
  return { nodes, blockStart: blockStartTmp.slice(0, blockCount + 1), blockCount };
}
