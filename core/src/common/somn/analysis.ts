/**
 * Analysis of self-organising memristive networks (DOMAIN §6): conductance steps, junction switching
 * events and the conducting path between two electrodes. Pure functions over plain arrays, so they work
 * on any recorded run (the pathway experiment records what they need while the transient runs).
 */

/** A junction's ON/OFF transition: |Λ| crossed lcrit between the previous accepted point and `time`. */
export interface SwitchEvent {
  readonly time: number;
  readonly junction: number;
  readonly on: boolean;
}

/**
 * Watches the junction states point by point and records only the crossings of |Λ| = lcrit (not the
 * states themselves): O(junctions) per point, O(events) memory.
 */
export class SwitchTracker {
  readonly events: SwitchEvent[] = [];
  private readonly on: Uint8Array;
  constructor(
    private readonly lcrit: ArrayLike<number>,
    initial: ArrayLike<number>,
  ) {
    this.on = new Uint8Array(lcrit.length);
    for (let k = 0; k < lcrit.length; k++) this.on[k] = Math.abs(initial[k]) >= lcrit[k] ? 1 : 0;
  }
  /** `lambda(k)` is junction k's state at `time`. */
  update(time: number, lambda: (k: number) => number): void {
    for (let k = 0; k < this.on.length; k++) {
      const now = Math.abs(lambda(k)) >= this.lcrit[k] ? 1 : 0;
      if (now !== this.on[k]) {
        this.on[k] = now;
        this.events.push({ time, junction: k, on: now === 1 });
      }
    }
  }
  get onCount(): number {
    let c = 0;
    for (let k = 0; k < this.on.length; k++) c += this.on[k];
    return c;
  }
  isOn(k: number): boolean {
    return this.on[k] === 1;
  }
}

/** Values at a uniform time grid t_k = k·tstop/samples: the first recorded point at or after each t_k. */
export function resampleUniform(time: ArrayLike<number>, value: ArrayLike<number>, tstop: number, samples: number): { t: Float64Array; y: Float64Array } {
  const t = new Float64Array(samples + 1);
  const y = new Float64Array(samples + 1);
  let j = 0;
  for (let k = 0; k <= samples; k++) {
    t[k] = (k * tstop) / samples;
    while (j < time.length - 1 && time[j] < t[k] * (1 - 1e-12)) j++;
    y[k] = value[j];
  }
  return { t, y };
}

/** A conductance step: consecutive samples whose log10 G rises by more than the threshold, merged. */
export interface ConductanceJump {
  /** Sample indices: the rise happens between samples `from` and `to` (to > from). */
  readonly from: number;
  readonly to: number;
  readonly tFrom: number;
  readonly tTo: number;
  /** Rise in decades. */
  readonly decades: number;
}

/** Steps in log10 G: runs of consecutive increments above `threshold` decades. */
export function conductanceJumps(t: ArrayLike<number>, g: ArrayLike<number>, threshold: number): ConductanceJump[] {
  const out: ConductanceJump[] = [];
  let start = -1;
  for (let k = 1; k <= g.length; k++) {
    const rising = k < g.length && Math.log10(g[k]) - Math.log10(g[k - 1]) > threshold;
    if (rising && start < 0) start = k - 1;
    if (!rising && start >= 0) {
      const to = k - 1;
      out.push({ from: start, to, tFrom: t[start], tTo: t[to], decades: Math.log10(g[to]) - Math.log10(g[start]) });
      start = -1;
    }
  }
  return out;
}

/** For each jump, the ON-switching events within one sample interval `dt` of it (none: an unexplained jump). */
export function matchJumps(jumps: readonly ConductanceJump[], events: readonly SwitchEvent[], dt: number): number[][] {
  return jumps.map((j) => {
    const hits: number[] = [];
    events.forEach((e, i) => {
      if (e.on && e.time > j.tFrom - dt && e.time <= j.tTo + dt) hits.push(i);
    });
    return hits;
  });
}

/** Wires joined by junctions: junction k joins wires a[k] and b[k] (any integer labels). */
export interface WireGraph {
  readonly a: ArrayLike<number>;
  readonly b: ArrayLike<number>;
}

function adjacency(g: WireGraph, use?: (k: number) => boolean): Map<number, { wire: number; junction: number }[]> {
  const adj = new Map<number, { wire: number; junction: number }[]>();
  const add = (from: number, to: number, k: number) => {
    let list = adj.get(from);
    if (!list) adj.set(from, (list = []));
    list.push({ wire: to, junction: k });
  };
  for (let k = 0; k < g.a.length; k++) {
    if (use && !use(k)) continue;
    add(g.a[k], g.b[k], k);
    add(g.b[k], g.a[k], k);
  }
  return adj;
}

/**
 * Breadth-first shortest path (fewest junctions) between two wires, optionally only through the junctions
 * `use` accepts. Returns the junction indices along the path, or null when the wires are not connected.
 * Neighbours are visited in junction order, so the path is deterministic.
 */
export function shortestPath(g: WireGraph, from: number, to: number, use?: (k: number) => boolean): number[] | null {
  if (from === to) return [];
  const adj = adjacency(g, use);
  const via = new Map<number, { prev: number; junction: number }>();
  via.set(from, { prev: -1, junction: -1 });
  let frontier = [from];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const w of frontier) {
      for (const e of adj.get(w) ?? []) {
        if (via.has(e.wire)) continue;
        via.set(e.wire, { prev: w, junction: e.junction });
        if (e.wire === to) {
          const path: number[] = [];
          for (let x = to; x !== from; x = via.get(x)!.prev) path.push(via.get(x)!.junction);
          return path.reverse();
        }
        next.push(e.wire);
      }
    }
    frontier = next;
  }
  return null;
}

/** Junctions carrying more than `fraction` of the electrode current (|i_k| > fraction·|I|). */
export function currentBackbone(junctionCurrent: ArrayLike<number>, electrodeCurrent: number, fraction: number): number[] {
  const cut = fraction * Math.abs(electrodeCurrent);
  const out: number[] = [];
  for (let k = 0; k < junctionCurrent.length; k++) if (Math.abs(junctionCurrent[k]) > cut) out.push(k);
  return out;
}

/**
 * The widest path between two wires: the path whose smallest junction current is the largest (a
 * maximin / bottleneck path, by a Dijkstra-like search). Its bottleneck current over the electrode
 * current is the share of the current one path carries (winner-takes-all when close to 1).
 */
export function widestPath(g: WireGraph, current: ArrayLike<number>, from: number, to: number): { path: number[]; bottleneck: number } | null {
  const adj = adjacency(g);
  const best = new Map<number, number>([[from, Infinity]]);
  const via = new Map<number, { prev: number; junction: number }>();
  const done = new Set<number>();
  // O(V²) selection of the best open wire (no heap): fine at the sizes the experiments use.
  const open = new Set<number>([from]);
  while (open.size > 0) {
    let w = -1;
    let bw = -Infinity;
    for (const x of open) if (best.get(x)! > bw || (best.get(x) === bw && x < w)) [w, bw] = [x, best.get(x)!];
    open.delete(w);
    done.add(w);
    if (w === to) break;
    for (const e of adj.get(w) ?? []) {
      if (done.has(e.wire)) continue;
      const cap = Math.min(bw, Math.abs(current[e.junction]));
      if (cap > (best.get(e.wire) ?? -Infinity)) {
        best.set(e.wire, cap);
        via.set(e.wire, { prev: w, junction: e.junction });
        open.add(e.wire);
      }
    }
  }
  if (!done.has(to)) return null;
  const path: number[] = [];
  for (let x = to; x !== from; x = via.get(x)!.prev) path.push(via.get(x)!.junction);
  return { path: path.reverse(), bottleneck: best.get(to)! };
}
