/** CSV of a simulation result: header line, then one row per point, numbers in full precision. */
import type { SimulationResult } from '../common/solver/simulate.js';

export function resultToCsv(result: SimulationResult): string {
  // One string built row by row (no array per row, no join of thousands of lines): the caller writes it
  // to the file in one call.
  const columns = result.data;
  const rows = columns[0]?.length ?? 0;
  let out = result.columns.join(',') + '\n';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < columns.length; c++) line += (c === 0 ? '' : ',') + columns[c][r].toExponential(12);
    out += line + '\n';
  }
  return out;
}
