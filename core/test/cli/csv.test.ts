/** The CSV contract: header, one line per point, every number with 13 significant digits (exponent form). */
import { describe, expect, test } from 'vitest';
import { resultToCsv } from '../../src/node/csv.js';
import type { SimulationResult } from '../../src/common/solver/simulate.js';

const result = (columns: string[], data: number[][]): SimulationResult => ({
  analysis: 'tran',
  columns,
  data: data.map((c) => Float64Array.from(c)),
  stats: { factorizations: 0, unknowns: 0 },
});

describe('resultToCsv', () => {
  test('rows of exponent-form numbers that read back to the same doubles to 13 digits', () => {
    const t = [0, 1e-3, 0.1, 1 / 3, 2];
    const v = [-1.5, 6.02214076e23, -0, 1e-300, Math.PI];
    const text = resultToCsv(result(['time', 'v(out)'], [t, v]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('time,v(out)');
    expect(lines.at(-1)).toBe('');
    expect(lines.length).toBe(t.length + 2);
    lines.slice(1, -1).forEach((line, r) => {
      const cells = line.split(',');
      expect(cells.length).toBe(2);
      for (const cell of cells) expect(cell).toMatch(/^-?\d\.\d{12}e[+-]\d+$/);
      // Independent check: the printed value is the double rounded to 13 significant digits.
      expect(Number(cells[0])).toBe(Number(t[r].toPrecision(13)));
      expect(Number(cells[1])).toBe(Number(v[r].toPrecision(13)));
    });
    expect(lines[1]).toBe('0.000000000000e+0,-1.500000000000e+0');
  });

  test('no points: the header alone', () => {
    expect(resultToCsv(result(['time', 'v(a)'], [[], []]))).toBe('time,v(a)\n');
  });
});
