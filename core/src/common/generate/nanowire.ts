/**
 * Random nanowire networks (DOMAIN §6): N sticks with centres uniform in a W×H box, orientations uniform
 * in [0, π) and lengths ~ N(mean, std) (redrawn while ≤ 0), from a seeded PRNG, so a seed fixes the
 * network. Sticks may overhang the box (centres are inside, ends need not be). Every crossing is a
 * junction device; only the largest connected component is kept.
 *
 * Circuit form (this slice): wire resistance is neglected, so each wire is one net (`w<index>`, the index
 * among the generated wires) and a junction connects the two wires' nets directly. Electrode wires' nets
 * are named `e1`, `e2`, ... instead. `layout` gives each net its wire's midpoint; the junction points are
 * returned beside the network (`junctions`).
 */
import { Prng } from '../random/prng.js';
import { NETWORK_FORMAT, type ElementSpec, type Network } from '../network/types.js';
import type { DeviceLookup } from '../solver/system.js';
import { findIntersections } from './intersect.js';
import { checkJunction, GenerateError } from './errors.js';
import { applyVariability, standardNormal, type VariabilityOption } from './variability.js';

export const DEFAULT_JUNCTION_DEVICE = 'memristor.nanowire';

export { GenerateError };

/** An electrode: a wire index, or a point (the nearest wire of the kept component). */
export type ElectrodeSpec = number | { readonly x: number; readonly y: number };

export interface NanowireOptions {
  readonly wires: number;
  readonly length: { readonly mean: number; readonly std: number };
  readonly size: { readonly w: number; readonly h: number };
  readonly seed?: number;
  /** Default: the leftmost and the rightmost wire of the kept component. */
  readonly electrodes?: readonly ElectrodeSpec[];
  /** Junction model; default `memristor.nanowire` with its default parameters. */
  readonly junction?: { readonly device: string; readonly params?: Readonly<Record<string, number>> };
  /** Seeded device-to-device variability of junction parameters. */
  readonly variability?: VariabilityOption;
  /** When given, the junction device must exist here, have two terminals and know the parameters. */
  readonly lookup?: DeviceLookup;
}

export interface NanowireStats {
  readonly wiresGenerated: number;
  /** Junctions among all generated wires, before the component is extracted. */
  readonly junctionsFound: number;
  readonly components: number;
  /** Wires of the largest component (= wires kept). */
  readonly wiresKept: number;
  readonly junctions: number;
  /** 2·junctions / wires kept. */
  readonly meanDegree: number;
}

export interface NanowireNetwork {
  readonly network: Network;
  /** Generated wires, [x1, y1, x2, y2] per wire (all of them, kept or not). */
  readonly segments: Float64Array;
  /** Indices of the kept wires (the largest component), ascending. */
  readonly kept: readonly number[];
  /** Kept junctions: wires a < b, junction point (x, y); element `j<k>` is junction k. */
  readonly junctions: readonly { readonly a: number; readonly b: number; readonly x: number; readonly y: number }[];
  /** Electrode nets and the wire each is attached to. */
  readonly electrodes: readonly { readonly net: string; readonly wire: number }[];
  readonly stats: NanowireStats;
}

const normal = standardNormal;

function check(options: NanowireOptions): void {
  const { wires, length, size } = options;
  if (!Number.isInteger(wires) || wires < 2) throw new GenerateError(`wires must be a whole number >= 2, got ${wires}`);
  if (!(length.mean > 0) || !Number.isFinite(length.mean)) throw new GenerateError(`length mean must be > 0, got ${length.mean}`);
  if (!(length.std >= 0) || !Number.isFinite(length.std)) throw new GenerateError(`length std must be >= 0, got ${length.std}`);
  if (!(size.w > 0 && size.h > 0) || !Number.isFinite(size.w * size.h)) throw new GenerateError(`size must be positive, got ${size.w}×${size.h}`);
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new GenerateError(`seed must be an integer, got ${options.seed}`);
  checkJunction(options.junction?.device ?? DEFAULT_JUNCTION_DEVICE, options.junction?.params, options.lookup);
}

/** Random sticks: centre x, centre y, angle, length drawn in that order per wire. */
export function randomSticks(wires: number, length: { mean: number; std: number }, size: { w: number; h: number }, seed: number): Float64Array {
  const rng = new Prng(seed);
  const segs = new Float64Array(4 * wires);
  for (let i = 0; i < wires; i++) {
    const cx = rng.next() * size.w;
    const cy = rng.next() * size.h;
    const theta = rng.next() * Math.PI;
    let len = 0;
    for (let tries = 0; len <= 0; tries++) {
      if (tries > 1000) throw new GenerateError(`length N(${length.mean}, ${length.std}) keeps drawing values <= 0`);
      len = length.mean + length.std * normal(rng);
    }
    const hx = 0.5 * len * Math.cos(theta);
    const hy = 0.5 * len * Math.sin(theta);
    segs.set([cx - hx, cy - hy, cx + hx, cy + hy], 4 * i);
  }
  return segs;
}

function pointSegmentDistance(segs: Float64Array, i: number, px: number, py: number): number {
  const ax = segs[4 * i], ay = segs[4 * i + 1], bx = segs[4 * i + 2], by = segs[4 * i + 3];
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

export function generateNanowires(options: NanowireOptions): NanowireNetwork {
  check(options);
  const { wires: n, length, size } = options;
  const seed = options.seed ?? 1;
  const segs = randomSticks(n, length, size, seed);
  const found = findIntersections(segs);

  // Union–find (path halving, union by size) over wires joined by junctions.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const rank = new Int32Array(n).fill(1);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let k = 0; k < found.a.length; k++) {
    let ra = root(found.a[k]);
    let rb = root(found.b[k]);
    if (ra === rb) continue;
    if (rank[ra] < rank[rb]) [ra, rb] = [rb, ra];
    parent[rb] = ra;
    rank[ra] += rank[rb];
  }
  let best = -1;
  let components = 0;
  for (let i = 0; i < n; i++) {
    if (root(i) !== i) continue;
    components++;
    if (best < 0 || rank[i] > rank[best]) best = i; // ties: the component of the lowest wire index
  }
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (root(i) === best) kept.push(i);
  if (kept.length < 2) throw new GenerateError(`no two wires touch (${n} wires of mean length ${length.mean} in ${size.w}×${size.h}); use more wires, longer wires or a smaller box`);
  const junctions: { a: number; b: number; x: number; y: number }[] = [];
  for (let k = 0; k < found.a.length; k++) {
    if (root(found.a[k]) === best) junctions.push({ a: found.a[k], b: found.b[k], x: found.x[k], y: found.y[k] });
  }

  // Electrodes.
  const inKept = new Set(kept);
  let electrodeWires: number[];
  if (options.electrodes === undefined) {
    let left = kept[0];
    let right = kept[0];
    for (const i of kept) {
      if (Math.min(segs[4 * i], segs[4 * i + 2]) < Math.min(segs[4 * left], segs[4 * left + 2])) left = i;
      if (Math.max(segs[4 * i], segs[4 * i + 2]) > Math.max(segs[4 * right], segs[4 * right + 2])) right = i;
    }
    if (left === right) throw new GenerateError(`wire ${left} is both the leftmost and the rightmost wire of the network; give the electrodes explicitly`);
    electrodeWires = [left, right];
  } else {
    electrodeWires = options.electrodes.map((e, k) => {
      if (typeof e === 'number') {
        if (!Number.isInteger(e) || e < 0 || e >= n) throw new GenerateError(`electrode ${k + 1}: wire ${e} does not exist (wires are 0..${n - 1})`);
        if (!inKept.has(e)) throw new GenerateError(`electrode ${k + 1}: wire ${e} is not in the largest connected component (${kept.length} of ${n} wires)`);
        return e;
      }
      let nearest = kept[0];
      let dist = Infinity;
      for (const i of kept) {
        const d = pointSegmentDistance(segs, i, e.x, e.y);
        if (d < dist) [nearest, dist] = [i, d];
      }
      return nearest;
    });
    const seen = new Map<number, number>();
    electrodeWires.forEach((w, k) => {
      if (seen.has(w)) throw new GenerateError(`electrodes ${seen.get(w)! + 1} and ${k + 1} are both on wire ${w}`);
      seen.set(w, k);
    });
  }
  const netOf = new Map<number, string>(kept.map((i) => [i, `w${i}`]));
  const electrodes = electrodeWires.map((wire, k) => {
    const net = `e${k + 1}`;
    netOf.set(wire, net);
    return { net, wire };
  });

  const device = options.junction?.device ?? DEFAULT_JUNCTION_DEVICE;
  const card = { device, params: { ...(options.junction?.params ?? {}) } };
  let elements: ElementSpec[] = junctions.map((j, k) => ({ id: `j${k}`, device, model: 'junction', nodes: [netOf.get(j.a)!, netOf.get(j.b)!] }));
  if (options.variability) elements = applyVariability(elements, card, options.variability, seed, options.lookup);
  const layout: Record<string, readonly [number, number]> = {};
  for (const i of kept) layout[netOf.get(i)!] = [0.5 * (segs[4 * i] + segs[4 * i + 2]), 0.5 * (segs[4 * i + 1] + segs[4 * i + 3])];
  const network: Network = {
    format: NETWORK_FORMAT,
    title: `random nanowire network: ${n} wires (${kept.length} kept), length ${length.mean}±${length.std}, ${size.w}×${size.h}, seed ${seed}`,
    models: { junction: card },
    elements,
    layout,
  };
  return {
    network,
    segments: segs,
    kept,
    junctions,
    electrodes,
    stats: {
      wiresGenerated: n,
      junctionsFound: found.a.length,
      components,
      wiresKept: kept.length,
      junctions: junctions.length,
      meanDegree: (2 * junctions.length) / kept.length,
    },
  };
}
