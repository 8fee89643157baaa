/** The finiteness probe a plugin's worker runs over each call's outputs (channel.ts zeroSum). */
import { describe, expect, it } from 'vitest';
import { zeroSum } from '../../src/node/plugins/channel.js';

describe('zeroSum', () => {
  const values = (n: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10 ** ((i % 40) - 20));

  it('is 0 over finite values, for every length and offset', () => {
    for (const n of [0, 1, 15, 16, 17, 37, 4096]) {
      const a = values(n + 5);
      expect(zeroSum(a, 5, n + 5)).toBe(0);
    }
  });

  it('is NaN when any one value in range is NaN or ±Infinity, wherever it sits; values outside the range do not count', () => {
    const n = 53;
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (let k = 0; k < n; k++) {
        const a = values(n + 2);
        a[1 + k] = bad;
        expect(zeroSum(a, 1, n + 1), `${bad} at ${k}`).toBeNaN();
      }
      const a = values(n + 2);
      a[0] = bad;
      a[n + 1] = bad;
      expect(zeroSum(a, 1, n + 1)).toBe(0);
    }
  });

  it('may raise a false alarm on finite values near the largest double (the host then finds nothing and goes on)', () => {
    const a = new Float64Array(16).fill(1.7e308);
    expect(zeroSum(a, 0, 16)).toBeNaN();
  });
});
