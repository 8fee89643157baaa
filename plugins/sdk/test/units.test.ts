import { describe, expect, it } from 'vitest';
import { parseSpiceNumber } from '@memflow/plugin-sdk';

describe('parseSpiceNumber', () => {
  it('applies every SPICE scale suffix exactly (the same double as the decimal literal)', () => {
    const cases: [string, number][] = [
      ['50u', 5e-5],
      ['5u', 5e-6],
      ['100n', 1e-7],
      ['1.5meg', 1.5e6],
      ['10k', 1e4],
      ['3m', 3e-3],
      ['2.2p', 2.2e-12],
      ['7f', 7e-15],
      ['1g', 1e9],
      ['2t', 2e12],
      ['4a', 4e-18],
      ['2.2e-3k', 2.2],
      ['-4.7p', -4.7e-12],
      ['.5m', 5e-4],
    ];
    for (const [text, value] of cases) expect(parseSpiceNumber(text), text).toBe(value);
  });
  it('is case-insensitive, ignores trailing unit letters and distinguishes m from meg', () => {
    expect(parseSpiceNumber('10K')).toBe(1e4);
    expect(parseSpiceNumber('1MEG')).toBe(1e6);
    expect(parseSpiceNumber('1M')).toBe(1e-3);
    expect(parseSpiceNumber('3nF')).toBe(3e-9);
    expect(parseSpiceNumber('5V')).toBe(5);
    expect(parseSpiceNumber('1mil')).toBeCloseTo(25.4e-6, 20);
  });
  it('rejects what is not a number', () => {
    for (const text of ['abc', '', 'k10', '1.2.3', '--1', '2x3']) expect(parseSpiceNumber(text), text).toBeUndefined();
  });
});
