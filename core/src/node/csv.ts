/** CSV of a simulation result: header line, then one row per point, numbers in full precision. */
import type { SimulationResult } from '../common/solver/simulate.js';

export function resultToCsv(result: SimulationResult): string {
  const lines = [result.columns.join(',')];
  const rows = result.data[0]?.length ?? 0;
  for (let r = 0; r < rows; r++) lines.push(result.data.map((col) => col[r].toExponential(12)).join(','));
  return lines.join('\n') + '\n';
}
