/**
 * Grid-graph networks (the Milano set-up: G. Milano et al., "Brain-inspired structural plasticity
 * through reweighting and rewiring in multi-terminal self-organizing memristive nanowire networks",
 * Adv. Intell. Syst. 2 (2020) 2000096; and their grid-graph modelling of nanowire networks): nodes on a
 * rows × cols lattice of pitch 1, a memristive junction on every horizontal and vertical edge, and in
 * the random-diagonal variant each unit cell gets one diagonal with probability `diagonals`, its
 * orientation (↘ or ↗) chosen at random. Seeded: a seed fixes the network.
 * Nets are `n<r>_<c>`; electrode nodes are named `e1`, `e2`, ... instead. `layout` holds each net's grid
 * coordinates (x = column, y = row) for display.
 */
import { Prng } from '../random/prng.js';
import { NETWORK_FORMAT, type ElementSpec, type Network } from '../network/types.js';
import type { DeviceLookup } from '../solver/system.js';
import { checkJunction, GenerateError } from './errors.js';
import { applyVariability, type VariabilityOption } from './variability.js';

export const DEFAULT_GRID_JUNCTION = 'memristor.milano';

export interface GridOptions {
  readonly rows: number;
  readonly cols: number;
  /** Probability that a cell gets a diagonal (0 = regular grid). */
  readonly diagonals?: number;
  readonly seed?: number;
  /** Electrode nodes as [row, col]; default the middle of the left and of the right side. */
  readonly electrodes?: readonly (readonly [number, number])[];
  readonly junction?: { readonly device: string; readonly params?: Readonly<Record<string, number>> };
  readonly variability?: VariabilityOption;
  readonly lookup?: DeviceLookup;
}

export interface GridNetwork {
  readonly network: Network;
  /** Junction k joins nodes a and b (node = row·cols + col); (x, y) is the edge midpoint. */
  readonly junctions: readonly { readonly a: number; readonly b: number; readonly x: number; readonly y: number }[];
  readonly electrodes: readonly { readonly net: string; readonly node: number }[];
  readonly stats: { readonly nodes: number; readonly junctions: number; readonly lattice: number; readonly diagonals: number; readonly meanDegree: number };
}

export function generateGrid(o: GridOptions): GridNetwork {
  const { rows, cols } = o;
  const p = o.diagonals ?? 0;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 2 || cols < 2) throw new GenerateError(`grid must be at least 2×2 whole nodes, got ${rows}×${cols}`);
  if (!(p >= 0 && p <= 1)) throw new GenerateError(`diagonal probability must be in [0, 1], got ${p}`);
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new GenerateError(`seed must be an integer, got ${o.seed}`);
  const seed = o.seed ?? 1;
  const device = o.junction?.device ?? DEFAULT_GRID_JUNCTION;
  checkJunction(device, o.junction?.params, o.lookup);
  const id = (r: number, c: number) => r * cols + c;
  const edges: [number, number][] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c + 1 < cols; c++) edges.push([id(r, c), id(r, c + 1)]);
  for (let r = 0; r + 1 < rows; r++) for (let c = 0; c < cols; c++) edges.push([id(r, c), id(r + 1, c)]);
  const lattice = edges.length;
  const rng = new Prng(seed);
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = 0; c + 1 < cols; c++) {
      // Two draws per cell whatever the outcome, so a cell's diagonal does not depend on p elsewhere.
      const u = rng.next();
      const down = rng.next() < 0.5;
      if (u < p) edges.push(down ? [id(r, c), id(r + 1, c + 1)] : [id(r, c + 1), id(r + 1, c)]);
    }
  }
  const mid = Math.floor((rows - 1) / 2);
  const where = o.electrodes ?? [
    [mid, 0],
    [mid, cols - 1],
  ];
  const netOf = new Map<number, string>();
  const electrodes = where.map(([r, c], k) => {
    if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || r >= rows || c < 0 || c >= cols) throw new GenerateError(`electrode ${k + 1}: node ${r}:${c} is not on the ${rows}×${cols} grid`);
    const node = id(r, c);
    if (netOf.has(node)) throw new GenerateError(`electrode ${k + 1}: node ${r}:${c} already has an electrode`);
    const net = `e${k + 1}`;
    netOf.set(node, net);
    return { net, node };
  });
  const name = (node: number) => netOf.get(node) ?? `n${Math.floor(node / cols)}_${node % cols}`;
  const card = { device, params: { ...(o.junction?.params ?? {}) } };
  let elements: ElementSpec[] = edges.map(([a, b], k) => ({ id: `j${k}`, device, model: 'junction', nodes: [name(a), name(b)] }));
  if (o.variability) elements = applyVariability(elements, card, o.variability, seed, o.lookup);
  const layout: Record<string, readonly [number, number]> = {};
  for (let node = 0; node < rows * cols; node++) layout[name(node)] = [node % cols, Math.floor(node / cols)];
  const network: Network = {
    format: NETWORK_FORMAT,
    title: `${p > 0 ? 'random-diagonal' : 'regular'} grid: ${rows}×${cols} nodes${p > 0 ? `, diagonal probability ${p}` : ''}, seed ${seed}`,
    models: { junction: card },
    elements,
    layout,
  };
  const junctions = edges.map(([a, b]) => ({ a, b, x: 0.5 * ((a % cols) + (b % cols)), y: 0.5 * (Math.floor(a / cols) + Math.floor(b / cols)) }));
  return {
    network,
    junctions,
    electrodes,
    stats: { nodes: rows * cols, junctions: edges.length, lattice, diagonals: edges.length - lattice, meanDegree: (2 * edges.length) / (rows * cols) },
  };
}
