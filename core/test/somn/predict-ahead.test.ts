/** k-step-ahead scoring and the tapped delay line against a series with a known linear recursion. */
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/common/random/prng.js';
import { delayLineRows, scoreAhead } from '../../src/common/somn/tasks.js';

describe('prediction k samples ahead', () => {
  // A damped oscillation s(t+1) = 2r·cos(w)·s(t) − r²·s(t−1) (kicked at random times): two past values
  // determine every later one until the next kick, so a 2-tap line predicts it exactly between kicks.
  const rng = new Prng(7);
  const r = 0.99;
  const w = 0.2;
  const s = new Float64Array(3000);
  s[1] = 1;
  for (let t = 1; t < s.length - 1; t++) s[t + 1] = 2 * r * Math.cos(w) * s[t] - r * r * s[t - 1] + (t % 200 === 0 ? rng.next() : 0);
  const split = { washout: 10, trainFraction: 0.6, lambda: 1e-10 };

  it('a 2-tap delay line predicts 1 and 3 samples ahead almost exactly; the present value alone cannot', () => {
    const line = delayLineRows(s, 2);
    expect(line[5]).toEqual([s[5], s[4]]);
    expect(line[0]).toEqual([s[0], 0]);
    const now = Array.from(s, (x) => [x]);
    // Only the kicks (1 in 200 samples, at most k samples affected) are unpredictable.
    expect(scoreAhead(line, s, 1, split).nmseTest).toBeLessThan(0.02);
    expect(scoreAhead(line, s, 3, split).nmseTest).toBeLessThan(0.05);
    expect(scoreAhead(now, s, 3, split).nmseTest).toBeGreaterThan(0.2);
  });

  it('pairs the row at t with the value at t + k', () => {
    const rows = Array.from({ length: 50 }, (_, t) => [t]);
    const series = Array.from({ length: 50 }, (_, t) => 2 * t);
    const score = scoreAhead(rows, series, 4, { washout: 0, trainFraction: 0.5, lambda: 1e-12 });
    // target(t) = 2(t + 4): the test part starts at row 23 and ends at row 45.
    expect(score.target[0]).toBe(2 * (23 + 4));
    expect(score.target.length).toBe(46 - 23);
    expect(score.nmseTest).toBeLessThan(1e-12);
    expect(() => scoreAhead(rows, series, 0, { washout: 0, trainFraction: 0.5, lambda: 1 })).toThrow(RangeError);
  });
});
