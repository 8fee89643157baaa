/** Spatial-hash intersections against the O(n²) brute force, and the geometry convention on known cases. */
import { describe, expect, it } from 'vitest';
import { findIntersections, intersectionsBruteForce, randomSticks, segmentIntersection } from '../../src/common/generate/index.js';

const meet = (s: number[]): [number, number] | undefined => {
  const p = [0, 0];
  return segmentIntersection(s, 0, 1, p) ? [p[0], p[1]] : undefined;
};

describe('segment intersection convention (closed segments)', () => {
  it('a proper crossing meets at the crossing point', () => {
    expect(meet([0, 0, 2, 2, 0, 2, 2, 0])).toEqual([1, 1]);
  });
  it('disjoint segments do not meet', () => {
    expect(meet([0, 0, 1, 1, 2, 0, 3, 1])).toBeUndefined();
    expect(meet([0, 0, 1, 0, 2, -1, 2, 1])).toBeUndefined(); // would cross if extended
  });
  it('parallel, non-collinear segments never meet', () => {
    expect(meet([0, 0, 2, 0, 0, 1, 2, 1])).toBeUndefined();
    expect(meet([0, 0, 1, 1, 0, 1, 1, 2])).toBeUndefined();
  });
  it('touching counts: an endpoint on the other segment, and shared endpoints', () => {
    expect(meet([0, 0, 2, 0, 1, 0, 1, 3])).toEqual([1, 0]); // T junction
    expect(meet([0, 0, 1, 1, 1, 1, 2, 0])).toEqual([1, 1]); // shared endpoint
  });
  it('collinear segments meet when they overlap or touch, at the middle of the shared piece', () => {
    expect(meet([0, 0, 2, 0, 1, 0, 3, 0])).toEqual([1.5, 0]);
    expect(meet([0, 0, 0, 2, 0, 3, 0, 1])).toEqual([0, 1.5]); // vertical, reversed
    expect(meet([0, 0, 1, 1, 1, 1, 2, 2])).toEqual([1, 1]); // end to end
    expect(meet([0, 0, 1, 0, 2, 0, 3, 0])).toBeUndefined(); // collinear with a gap
  });
  it('the spatial hash uses the same convention on hand-built degenerate sets', () => {
    const segs = [0, 0, 2, 0, 1, 0, 1, 3, 1, 3, 4, 3, 0, 1, 2, 1, 3, 0, 5, 0, 5, 0, 6, 0, 1.5, 0, 3.5, 0];
    expect(findIntersections(segs, 0.5)).toEqual(intersectionsBruteForce(segs));
    expect(findIntersections(segs, 0.5).a.length).toBeGreaterThan(4);
  });
});

describe('spatial hash equals brute force', () => {
  for (let seed = 1; seed <= 20; seed++) {
    it(`random set ${seed}`, () => {
      const n = 50 + seed * 15;
      const segs = randomSticks(n, { mean: 1 + (seed % 4) * 0.5, std: 0.3 }, { w: 6 + seed, h: 5 + (seed % 3) }, seed);
      const brute = intersectionsBruteForce(segs);
      expect(brute.a.length).toBeGreaterThan(0);
      // The default cell size, and cells much smaller and larger than the sticks.
      for (const cell of [undefined, 0.2, 3]) expect(findIntersections(segs, cell)).toEqual(brute);
    });
  }
});
