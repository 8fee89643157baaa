/** somn-pathway: DC bias on a small seeded nanowire network → stepwise conductance rise and a winner-takes-all path. */
import { describe, expect, it } from 'vitest';
import { pathwayConfig, pathwaySetup, runPathway, runPathwayDirect, shortestPath, type PathwayResult, type SwitchEvent } from '../../src/common/somn/index.js';
import { sameBits } from '../runtime/helpers.js';

const cfg = pathwayConfig({ seed: 1 });
let cached: Promise<PathwayResult> | undefined;
const result = (): Promise<PathwayResult> => (cached ??= runPathway(cfg));

describe('somn-pathway', () => {
  it('conductance is non-decreasing and rises by orders of magnitude', async () => {
    const { g } = await result();
    let worstDrop = 0;
    for (let k = 1; k < g.length; k++) worstDrop = Math.max(worstDrop, (g[k - 1] - g[k]) / g[k - 1]);
    expect(worstDrop).toBeLessThan(1e-3);
    expect(Math.log10(g[g.length - 1] / g[0])).toBeGreaterThan(2);
  });

  it('every conductance jump coincides with a junction switching ON (within one sample)', async () => {
    const r = await result();
    expect(r.jumps.length).toBeGreaterThan(0);
    for (const hits of r.jumpEvents) expect(hits.length).toBeGreaterThan(0);
    expect(r.onFinal).toBeGreaterThan(0);
  });

  it('the backbone connects e1 to e2 and contains the shortest path', async () => {
    const r = await result();
    const graph = { a: r.generated.junctions.map((j) => j.a), b: r.generated.junctions.map((j) => j.b) };
    const [w1, w2] = r.generated.electrodes.map((e) => e.wire);
    const inBackbone = new Set(r.backbone);
    const path = shortestPath(graph, w1, w2, (k) => inBackbone.has(k));
    expect(path).not.toBeNull();
    expect(r.shortest.length).toBeGreaterThan(0);
    expect(r.overlap).toBe(r.shortest.length);
    expect(r.backbone.length).toBeLessThan(r.generated.junctions.length / 2);
  });

  it('is deterministic for a seed', async () => {
    const a = await result();
    const b = await runPathway(cfg);
    expect(Array.from(b.g)).toEqual(Array.from(a.g));
    expect(b.events).toEqual(a.events);
    expect(b.backbone).toEqual(a.backbone);
    expect(b.shortest).toEqual(a.shortest);
  });

  it('runs through the actor runtime: the same conductance trace, bit for bit, as the bare kernel', async () => {
    const r = await result();
    const direct = runPathwayDirect(pathwaySetup(cfg), cfg.vbias);
    expect(r.trace.t.length).toBeGreaterThan(cfg.samples);
    expect(sameBits(r.trace.t, direct.t)).toBe(true);
    expect(sameBits(r.trace.g, direct.g)).toBe(true);
  });

  it('every switching event is an actor event at a crossing found by scanning the states (same step)', async () => {
    const r = await result();
    const setup = pathwaySetup(cfg);
    const { t, lambda } = runPathwayDirect(setup, cfg.vbias, { states: true });
    const lcrit = setup.param('lcrit');
    // Independent scan: the first recorded point on the other side of the level, junction by junction.
    const scan = (level: number): SwitchEvent[] => {
      const out: SwitchEvent[] = [];
      lambda!.forEach((l, k) => {
        let on = Math.abs(l[0]) >= level;
        for (let i = 1; i < l.length; i++) {
          const now = Math.abs(l[i]) >= level;
          if (now !== on) out.push({ time: t[i], junction: k, on: now });
          on = now;
        }
      });
      return out;
    };
    const key = (e: SwitchEvent) => `${e.junction} ${e.on} ${e.time}`;
    for (const [reported, level] of [
      [r.events, lcrit],
      [r.switchEvents, r.switchLevel * lcrit],
    ] as const) {
      const scanned = scan(level);
      expect(scanned.filter((e) => e.on).length).toBeGreaterThan(0);
      expect(reported.map(key).sort()).toEqual(scanned.map(key).sort());
    }
    // Each crossing reached its junction's element actor.
    const perJunction = new Array<number>(r.actorEvents.length).fill(0);
    for (const e of [...r.events, ...r.switchEvents]) perJunction[e.junction]++;
    expect(r.actorEvents).toEqual(perJunction);
  });
});
