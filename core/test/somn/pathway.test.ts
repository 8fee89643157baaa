/** somn-pathway: DC bias on a small seeded nanowire network → stepwise conductance rise and a winner-takes-all path. */
import { describe, expect, it } from 'vitest';
import { pathwayConfig, runPathway, shortestPath, type PathwayResult } from '../../src/common/somn/index.js';

const cfg = pathwayConfig({ seed: 1 });
let cached: PathwayResult | undefined;
const result = (): PathwayResult => (cached ??= runPathway(cfg));

describe('somn-pathway', () => {
  it('conductance is non-decreasing and rises by orders of magnitude', () => {
    const { g } = result();
    let worstDrop = 0;
    for (let k = 1; k < g.length; k++) worstDrop = Math.max(worstDrop, (g[k - 1] - g[k]) / g[k - 1]);
    expect(worstDrop).toBeLessThan(1e-3);
    expect(Math.log10(g[g.length - 1] / g[0])).toBeGreaterThan(2);
  });

  it('every conductance jump coincides with a junction switching ON (within one sample)', () => {
    const r = result();
    expect(r.jumps.length).toBeGreaterThan(0);
    for (const hits of r.jumpEvents) expect(hits.length).toBeGreaterThan(0);
    expect(r.onFinal).toBeGreaterThan(0);
  });

  it('the backbone connects e1 to e2 and contains the shortest path', () => {
    const r = result();
    const graph = { a: r.generated.junctions.map((j) => j.a), b: r.generated.junctions.map((j) => j.b) };
    const [w1, w2] = r.generated.electrodes.map((e) => e.wire);
    const inBackbone = new Set(r.backbone);
    const path = shortestPath(graph, w1, w2, (k) => inBackbone.has(k));
    expect(path).not.toBeNull();
    expect(r.shortest.length).toBeGreaterThan(0);
    expect(r.overlap).toBe(r.shortest.length);
    expect(r.backbone.length).toBeLessThan(r.generated.junctions.length / 2);
  });

  it('is deterministic for a seed', () => {
    const a = result();
    const b = runPathway(cfg);
    expect(Array.from(b.g)).toEqual(Array.from(a.g));
    expect(b.events).toEqual(a.events);
    expect(b.backbone).toEqual(a.backbone);
    expect(b.shortest).toEqual(a.shortest);
  });
});
