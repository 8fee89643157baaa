/** Analysis helpers on hand-made data. */
import { describe, expect, it } from 'vitest';
import { conductanceJumps, currentBackbone, matchJumps, resampleUniform, shortestPath, SwitchTracker, widestPath } from '../../src/common/somn/index.js';

describe('somn analysis helpers', () => {
  it('finds steps in log G and matches them to ON events', () => {
    const t = [0, 1, 2, 3, 4, 5];
    const g = [1e-8, 1e-8, 1e-6, 1e-5, 1e-5, 1e-4];
    const jumps = conductanceJumps(t, g, 0.05);
    expect(jumps.map((j) => [j.from, j.to])).toEqual([[1, 3], [4, 5]]);
    expect(jumps[0].decades).toBeCloseTo(3);
    const tracker = new SwitchTracker([1, 1], [0, 0]);
    tracker.update(2.5, (k) => (k === 0 ? 1.2 : 0.5));
    tracker.update(3.5, (k) => (k === 0 ? 0.5 : 0.5));
    expect(tracker.events).toEqual([{ time: 2.5, junction: 0, on: true }, { time: 3.5, junction: 0, on: false }]);
    expect(matchJumps(jumps, tracker.events, 1)).toEqual([[0], []]);
  });

  it('resamples on a uniform grid', () => {
    const r = resampleUniform([0, 0.3, 1.1, 2], [1, 2, 3, 4], 2, 2);
    expect(Array.from(r.t)).toEqual([0, 1, 2]);
    expect(Array.from(r.y)).toEqual([1, 3, 4]);
  });

  it('shortest, widest path and backbone on a small graph', () => {
    // wires 0..3: 0–1 (j0), 1–3 (j1), 0–2 (j2), 2–3 (j3), 0–3 via 1 and 2; direct 0–3 (j4)
    const g = { a: [0, 1, 0, 2, 0], b: [1, 3, 2, 3, 3] };
    expect(shortestPath(g, 0, 3)).toEqual([4]);
    expect(shortestPath(g, 0, 3, (k) => k !== 4)).toEqual([0, 1]);
    expect(shortestPath({ a: [0], b: [1] }, 0, 2)).toBeNull();
    const cur = [8, 8, 1, 1, 0.5];
    expect(widestPath(g, cur, 0, 3)).toEqual({ path: [0, 1], bottleneck: 8 });
    expect(currentBackbone(cur, 9.5, 0.1)).toEqual([0, 1, 2, 3]);
  });
});
