/** How the Sessions view merges polled metrics: appends in order, drops what a resume removed, ignores stale pages. */
import { describe, expect, it } from 'vitest';
import { SessionMetrics } from '../../src/renderer/views/session-metrics.js';
import type { MetricsSlice } from '../../src/shared/sessions-api.js';

/** Rows `from`..`to`-1 of a store whose metric a is the sample squared and b is measured every 4th sample. */
function slice(from: number, to: number, reached = to): MetricsSlice {
  const sample = Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
  return { from, reached, more: false, sample, simTime: sample.map((s) => s * 0.5), columns: { a: sample.map((s) => s * s), b: sample.map((s) => (s % 4 === 3 ? s : null)) } };
}

describe('session metrics in the view', () => {
  it('appends pages in sample order', () => {
    const m = new SessionMetrics(['a', 'b']);
    expect(m.merge(slice(0, 5))).toBe(true);
    expect(m.next).toBe(5);
    expect(m.merge(slice(5, 9))).toBe(true);
    expect(m.merge(slice(9, 9))).toBe(false);
    expect(m.sample).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(m.columns.a).toEqual(m.sample.map((s) => s * s));
    expect(m.columns.b).toEqual([null, null, null, 3, null, null, null, 7, null]);
    expect(m.simTime).toEqual(m.sample.map((s) => s / 2));
  });

  it('drops rows the store no longer has (a resume from an earlier checkpoint) and reads them again', () => {
    const m = new SessionMetrics(['a', 'b']);
    m.merge(slice(0, 10));
    // The store now ends at sample 6: rows 6..9 were recorded past the checkpoint the resume used.
    expect(m.merge(slice(10, 10, 6))).toBe(true);
    expect(m.sample).toEqual([0, 1, 2, 3, 4, 5]);
    expect(m.columns.a).toHaveLength(6);
    expect(m.next).toBe(6);
    m.merge(slice(6, 12));
    expect(m.sample).toEqual(Array.from({ length: 12 }, (_, k) => k));
    expect(m.columns.b.filter((v) => v !== null)).toEqual([3, 7, 11]);
  });

  it('ignores a page that does not continue from where it stands', () => {
    const m = new SessionMetrics(['a', 'b']);
    m.merge(slice(0, 4));
    expect(m.merge(slice(8, 12))).toBe(false);
    expect(m.merge(slice(0, 4))).toBe(false);
    expect(m.sample).toEqual([0, 1, 2, 3]);
  });
});
