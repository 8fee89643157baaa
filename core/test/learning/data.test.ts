/** The data-set loaders: stratified seeded splits, feature scaling by the training range. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digitsDataset, irisDataset } from '../../src/common/learning/index.js';

const fixtures = new URL('../../../fixtures/data/', import.meta.url);

describe('data sets', () => {
  it('splits digits 1347/450, stratified, features in [0, 1], deterministic under a seed', () => {
    const csv = readFileSync(new URL('digits.csv', fixtures), 'utf8');
    const d = digitsDataset(csv, 3);
    expect([d.features, d.classes, d.train.length + d.test.length]).toEqual([64, 10, 1797]);
    expect(Math.abs(d.train.length - 1347)).toBeLessThanOrEqual(5);
    for (let c = 0; c < 10; c++) {
      const all = d.train.filter((s) => s.label === c).length + d.test.filter((s) => s.label === c).length;
      expect(d.train.filter((s) => s.label === c).length / all).toBeCloseTo(0.75, 1);
    }
    for (const s of [...d.train, ...d.test]) for (const v of s.x) expect(v >= 0 && v <= 1).toBe(true);
    expect(digitsDataset(csv, 3)).toEqual(d);
    expect(digitsDataset(csv, 4).train[0]).not.toEqual(d.train[0]);
  });

  it('keeps the Iris split of EBANA (105/45)', () => {
    const d = irisDataset(readFileSync(new URL('iris.csv', fixtures), 'utf8'), 1);
    expect([d.train.length, d.test.length]).toEqual([105, 45]);
  });
});
