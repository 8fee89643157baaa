/** The random nanowire generator: determinism, the kept component, junction density against theory, and simulation. */
import { builtinDevices } from '@memflow/nodes';
import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../src/common/compiler/index.js';
import { generateNanowires, GenerateError, intersectionsBruteForce, type NanowireNetwork } from '../../src/common/generate/index.js';
import { parseNetworkJson } from '../../src/common/network/index.js';
import type { Network } from '../../src/common/network/types.js';
import { compileSystem } from '../../src/common/solver/system.js';
import { simulate } from '../../src/common/solver/simulate.js';

const registry = new DeviceRegistry(builtinDevices);
const small = { wires: 120, length: { mean: 1, std: 0.2 }, size: { w: 6, h: 6 }, seed: 7, lookup: registry.lookup };

/** Connected components of the wires of the generated network, by BFS over its junction elements. */
function componentsOf(g: NanowireNetwork): string[][] {
  const adj = new Map<string, string[]>();
  for (const net of Object.keys(g.network.layout!)) adj.set(net, []);
  for (const el of g.network.elements) {
    adj.get(el.nodes[0])!.push(el.nodes[1]);
    adj.get(el.nodes[1])!.push(el.nodes[0]);
  }
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const start of adj.keys()) {
    if (seen.has(start)) continue;
    const comp = [start];
    seen.add(start);
    for (let k = 0; k < comp.length; k++) {
      for (const m of adj.get(comp[k])!) {
        if (!seen.has(m)) {
          seen.add(m);
          comp.push(m);
        }
      }
    }
    out.push(comp);
  }
  return out;
}

describe('generateNanowires', () => {
  it('is deterministic for a seed and changes with it', () => {
    const a = generateNanowires(small);
    const b = generateNanowires(small);
    expect(JSON.stringify(b.network)).toBe(JSON.stringify(a.network));
    expect(b.segments).toEqual(a.segments);
    const c = generateNanowires({ ...small, seed: 8 });
    expect(c.segments).not.toEqual(a.segments);
  });

  it('keeps exactly the largest connected component, connected', () => {
    const g = generateNanowires(small);
    const comps = componentsOf(g);
    expect(comps).toHaveLength(1);
    expect(comps[0]).toHaveLength(g.stats.wiresKept);
    expect(g.stats.components).toBeGreaterThan(1); // this sample has several; the others are dropped
    // Independently: components of all generated wires (brute-force junctions, union by BFS); the kept
    // wires are exactly the largest one.
    const all = intersectionsBruteForce(g.segments);
    expect(all.a.length).toBe(g.stats.junctionsFound);
    const adj: number[][] = Array.from({ length: small.wires }, () => []);
    all.a.forEach((a, k) => (adj[a].push(all.b[k]), adj[all.b[k]].push(a)));
    const label = new Int32Array(small.wires).fill(-1);
    const sizes: number[] = [];
    for (let s = 0; s < small.wires; s++) {
      if (label[s] >= 0) continue;
      const queue = [s];
      label[s] = sizes.length;
      for (let k = 0; k < queue.length; k++) {
        for (const m of adj[queue[k]]) {
          if (label[m] < 0) {
            label[m] = sizes.length;
            queue.push(m);
          }
        }
      }
      sizes.push(queue.length);
    }
    expect(sizes.length).toBe(g.stats.components);
    const biggest = sizes.indexOf(Math.max(...sizes));
    expect(g.kept).toEqual(Array.from({ length: small.wires }, (_, i) => i).filter((i) => label[i] === biggest));
    expect(g.stats.meanDegree).toBeCloseTo((2 * g.stats.junctions) / g.stats.wiresKept, 12);
    expect(g.network.elements).toHaveLength(g.stats.junctions);
  });

  it('writes a valid memflow.network/v1 with electrode nets e1, e2 on the leftmost and rightmost wires', () => {
    const g = generateNanowires(small);
    const net = parseNetworkJson(JSON.stringify(g.network), 'gen.json', registry);
    expect(net.elements.length).toBe(g.stats.junctions);
    expect(g.electrodes.map((e) => e.net)).toEqual(['e1', 'e2']);
    const minX = (i: number) => Math.min(g.segments[4 * i], g.segments[4 * i + 2]);
    const maxX = (i: number) => Math.max(g.segments[4 * i], g.segments[4 * i + 2]);
    for (const i of g.kept) {
      expect(minX(i)).toBeGreaterThanOrEqual(minX(g.electrodes[0].wire));
      expect(maxX(i)).toBeLessThanOrEqual(maxX(g.electrodes[1].wire));
    }
    expect(g.network.layout!.e1).toBeDefined();
    expect(g.network.elements.every((e) => e.device === 'memristor.nanowire' && e.model === 'junction')).toBe(true);
  });

  it('attaches electrodes to given wires or the wires nearest given points', () => {
    const g0 = generateNanowires(small);
    const [w1, w2, w3] = g0.kept;
    const g = generateNanowires({ ...small, electrodes: [w1, w2, w3] });
    expect(g.electrodes).toEqual([{ net: 'e1', wire: w1 }, { net: 'e2', wire: w2 }, { net: 'e3', wire: w3 }]);
    const mid = (i: number) => ({ x: 0.5 * (g.segments[4 * i] + g.segments[4 * i + 2]), y: 0.5 * (g.segments[4 * i + 1] + g.segments[4 * i + 3]) });
    expect(generateNanowires({ ...small, electrodes: [mid(w2), mid(w3)] }).electrodes.map((e) => e.wire)).toEqual([w2, w3]);
    const dropped = Array.from({ length: small.wires }, (_, i) => i).find((i) => !g0.kept.includes(i))!;
    expect(() => generateNanowires({ ...small, electrodes: [w1, dropped] })).toThrow(/not in the largest connected component/);
    expect(() => generateNanowires({ ...small, electrodes: [w1, w1] })).toThrow(GenerateError);
  });

  it('takes any registered two-terminal junction model and checks it', () => {
    const g = generateNanowires({ ...small, junction: { device: 'memristor.hp', params: { ron: 100 } } });
    expect(g.network.models!.junction).toEqual({ device: 'memristor.hp', params: { ron: 100 } });
    expect(() => generateNanowires({ ...small, junction: { device: 'nope' } })).toThrow(/unknown junction device/);
    expect(() => generateNanowires({ ...small, junction: { device: 'memristor.hp', params: { zzz: 1 } } })).toThrow(/no parameter 'zzz'/);
    expect(() => generateNanowires({ ...small, wires: 1 })).toThrow(GenerateError);
  });

  it('compiles, and an operating point with a DC source between the electrodes converges', () => {
    const g = generateNanowires(small);
    const network: Network = {
      ...g.network,
      elements: [
        ...g.network.elements,
        { id: 'vin', device: 'vsource', nodes: ['e1', '0'], source: { dc: 1 } },
        { id: 'vout', device: 'vsource', nodes: ['e2', '0'], source: { dc: 0 } }, // ammeter to ground
      ],
      analyses: [{ type: 'op' }],
      outputs: ['i(vin)', 'i(vout)'],
    };
    const system = compileSystem(network, registry.lookup);
    expect(system).toBeDefined();
    const r = simulate(network, registry.lookup, { type: 'op' }, network.outputs);
    const iin = r.data[r.columns.indexOf('i(vin)')][0];
    const iout = r.data[r.columns.indexOf('i(vout)')][0];
    expect(Number.isFinite(iin)).toBe(true);
    expect(Math.abs(iin)).toBeGreaterThan(0);
    expect(iin + iout).toBeCloseTo(0, 12); // all current leaving e1 arrives at e2
  });

  it('10,000 wires: fast, and the junction density matches random-stick theory', () => {
    // Centres uniform in a W×W box, uniform angles: P(two sticks cross) = 2·L1·L2/(π·A) away from the
    // edges; with independent lengths E[L1·L2] = mean², so E[junctions] = C(N, 2)·2·mean²/(π·A). Sticks
    // near the edge have fewer partners (relative deficit ~ 4·E|Δx|/W with E|Δx| ≈ mean/3: ~1.3 % here).
    const N = 10_000, mean = 1, W = 50;
    const t0 = performance.now();
    const g = generateNanowires({ wires: N, length: { mean, std: 0.2 }, size: { w: W, h: W }, seed: 2025 });
    const ms = performance.now() - t0;
    const expected = ((N * (N - 1)) / 2) * ((2 * mean * mean) / (Math.PI * W * W));
    const ratio = g.stats.junctionsFound / expected;
    console.log(`10k wires (sparse, ${W}×${W}): ${ms.toFixed(0)} ms, ${g.stats.junctionsFound} junctions vs ${expected.toFixed(0)} expected (ratio ${ratio.toFixed(4)})`);
    expect(Math.abs(ratio - 1)).toBeLessThan(0.05);
    expect(ms).toBeLessThan(5000);

    // A dense, percolating network (mean degree ~ 10).
    const t1 = performance.now();
    const d = generateNanowires({ wires: N, length: { mean, std: 0.2 }, size: { w: 25, h: 25 }, seed: 2025 });
    const ms1 = performance.now() - t1;
    const exp1 = ((N * (N - 1)) / 2) * ((2 * mean * mean) / (Math.PI * 625));
    console.log(`10k wires (dense, 25×25): ${ms1.toFixed(0)} ms, ${d.stats.junctionsFound} junctions vs ${exp1.toFixed(0)} expected (ratio ${(d.stats.junctionsFound / exp1).toFixed(4)}), kept ${d.stats.wiresKept} wires, mean degree ${d.stats.meanDegree.toFixed(2)}`);
    expect(Math.abs(d.stats.junctionsFound / exp1 - 1)).toBeLessThan(0.05);
    expect(d.stats.wiresKept).toBeGreaterThan(0.95 * N);
    expect(ms1).toBeLessThan(5000);
  });
});
