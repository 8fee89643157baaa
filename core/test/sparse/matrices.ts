/**
 * Test matrices for the sparse solver: seeded random families (so fast-check shrinks the seed/size
 * instead of thousands of individual entries) and the structured circuits the solver is built for.
 */
import type { CscPattern } from '../../src/common/solver/sparse/index.js';

export interface TestMatrix {
  readonly pattern: CscPattern;
  readonly values: Float64Array;
}

export type Rng = () => number;

/** mulberry32: tiny, fast, and identical on every platform, which keeps failures reproducible. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const randInt = (rng: Rng, n: number): number => Math.floor(rng() * n);

function shuffle(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Accumulates (row, col, value) triplets, summing duplicates, into CSC with ascending rows. */
export class TripletBuilder {
  readonly #cells = new Map<number, number>();
  constructor(readonly n: number) {}

  add(i: number, j: number, v: number): void {
    const key = j * this.n + i;
    this.#cells.set(key, (this.#cells.get(key) ?? 0) + v);
  }

  has(i: number, j: number): boolean {
    return this.#cells.has(j * this.n + i);
  }

  build(): TestMatrix {
    const n = this.n;
    const keys = [...this.#cells.keys()].sort((a, b) => a - b);
    const colPtr = new Int32Array(n + 1);
    const rowIdx = new Int32Array(keys.length);
    const values = new Float64Array(keys.length);
    keys.forEach((key, p) => {
      const j = Math.floor(key / n);
      rowIdx[p] = key - j * n;
      values[p] = this.#cells.get(key) ?? 0;
      colPtr[j + 1]++;
    });
    for (let j = 0; j < n; j++) colPtr[j + 1] += colPtr[j];
    return { pattern: { n, colPtr, rowIdx }, values };
  }
}

/** Values in ±[0.1, 10] on a log scale: no accidental zeros, a few decades of spread. */
const randValue = (rng: Rng): number => (rng() < 0.5 ? -1 : 1) * 10 ** (2 * rng() - 1);

export type RandomKind = 'general' | 'dominant' | 'zero-diagonal' | 'mna';

/**
 * Random structurally non-singular matrices:
 *  - general: a random permutation's entries (guaranteeing a transversal) plus random extras;
 *  - zero-diagonal: same but no diagonal entry at all, forcing the matching/pivoting to work;
 *  - dominant: full diagonal made strictly dominant, so diagonal pivots are always acceptable;
 *  - mna: a random resistor network with grounded and floating voltage sources and state unknowns.
 */
export function randomMatrix(seed: number, n: number, density: number, kind: RandomKind): TestMatrix {
  const rng = rngFrom(seed);
  if (kind === 'mna') return randomMna(rng, n);
  const t = new TripletBuilder(n);
  let sigma = shuffle(rng, n);
  if (kind === 'zero-diagonal' && n > 1) {
    // A single cycle through a random order is a permutation without fixed points.
    const cyc = new Int32Array(n);
    for (let k = 0; k < n; k++) cyc[sigma[k]] = sigma[(k + 1) % n];
    sigma = cyc;
  }
  if (kind === 'dominant') for (let i = 0; i < n; i++) t.add(i, i, 0);
  else for (let j = 0; j < n; j++) t.add(sigma[j], j, randValue(rng));
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (kind === 'zero-diagonal' && i === j) continue;
      if (rng() < density && !t.has(i, j)) t.add(i, j, randValue(rng));
    }
  }
  const m = t.build();
  if (kind === 'dominant') makeDiagonallyDominant(rng, m);
  return m;
}

function makeDiagonallyDominant(rng: Rng, m: TestMatrix): void {
  const { n, colPtr, rowIdx } = m.pattern;
  const rowSum = new Float64Array(n);
  for (let p = 0; p < colPtr[n]; p++) rowSum[rowIdx[p]] += Math.abs(m.values[p]);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      if (rowIdx[p] === j) m.values[p] = (rng() < 0.5 ? -1 : 1) * (rowSum[j] + 0.5 + rng());
    }
  }
}

/** Same pattern, fresh values of the same family (what a new Newton iteration looks like). */
export function revalue(seed: number, m: TestMatrix, kind: RandomKind): Float64Array {
  const rng = rngFrom(seed ^ 0x9e3779b9);
  const values = m.values.map((v) => (kind === 'mna' ? v * (0.5 + rng()) : randValue(rng)));
  if (kind === 'dominant') makeDiagonallyDominant(rng, { pattern: m.pattern, values });
  return values;
}

/**
 * MNA of a random circuit with about n unknowns: nodes joined by a random spanning tree to ground plus
 * extra conductances; grounded sources (row singletons v = E), floating sources between nodes (zero
 * diagonal, no singleton); and state unknowns coupled unsymmetrically like memristors.
 */
function randomMna(rng: Rng, n: number): TestMatrix {
  const nodes = Math.max(1, Math.ceil(n / 2));
  type Branch = { a: number; b: number };
  const g: (Branch & { g: number })[] = [];
  for (let i = 0; i < nodes; i++) g.push({ a: i, b: randInt(rng, i + 1) - 1, g: 10 ** (-6 + 6 * rng()) }); // -1 = ground
  const extra = randInt(rng, nodes + 1);
  for (let e = 0; e < extra; e++) g.push({ a: randInt(rng, nodes), b: randInt(rng, nodes + 1) - 1, g: 10 ** (-6 + 6 * rng()) });
  // Voltage sources must not form loops (that would be singular): union–find over nodes + ground.
  const parent = Array.from({ length: nodes + 1 }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const sources: Branch[] = [];
  const wanted = randInt(rng, Math.max(1, Math.floor(nodes / 2)) + 1);
  for (let s = 0; s < wanted; s++) {
    const a = randInt(rng, nodes);
    const b = randInt(rng, nodes + 1) - 1;
    const ra = find(a + 1);
    const rb = find(b + 1);
    if (a === b || ra === rb) continue;
    parent[ra] = rb;
    sources.push({ a, b });
  }
  const states = Math.max(0, n - nodes - sources.length);
  const size = nodes + sources.length + states;
  const t = new TripletBuilder(size);
  const stamp = (a: number, b: number, v: number): void => {
    if (a >= 0) t.add(a, a, v);
    if (b >= 0) t.add(b, b, v);
    if (a >= 0 && b >= 0) {
      t.add(a, b, -v);
      t.add(b, a, -v);
    }
  };
  for (const br of g) if (br.a !== br.b) stamp(br.a, br.b, br.g);
  sources.forEach((s, k) => {
    const row = nodes + k;
    t.add(s.a, row, 1);
    t.add(row, s.a, 1);
    if (s.b >= 0) {
      t.add(s.b, row, -1);
      t.add(row, s.b, -1);
    }
  });
  for (let k = 0; k < states; k++) {
    const x = nodes + sources.length + k;
    const a = randInt(rng, nodes);
    const b = randInt(rng, nodes + 1) - 1;
    const dIdx = (rng() - 0.5) * 1e-4; // ∂I/∂x of the device, either sign
    t.add(a, x, dIdx);
    if (b >= 0) t.add(b, x, -dIdx);
    t.add(x, x, 1e3 * (1 + rng())); // 1/h − ∂f/∂x
    const dfdv = (rng() - 0.5) * 1e4;
    t.add(x, a, -dfdv);
    if (b >= 0) t.add(x, b, dfdv);
  }
  return t.build();
}

/** Unknown numbering of the crossbar, exposed so tests can name columns. */
export function crossbarIndex(N: number) {
  return {
    vRow: (r: number) => r,
    iSrc: (r: number) => N + r,
    vCol: (c: number) => 2 * N + c,
    x: (r: number, c: number) => 3 * N + r * N + c,
    size: 3 * N + N * N,
  };
}

/**
 * Linearised MNA (one Newton/backward-Euler Jacobian) of an N×N memristor crossbar: each row wire is
 * driven by a grounded source, each column wire goes to ground through a load, each device has a state
 * x_rc with dx/dt = f(x, v_r − v_c). Equation k is the one "owning" unknown k in crossbarIndex.
 */
export function crossbar(N: number, seed = 1): TestMatrix {
  const rng = rngFrom(seed);
  const ix = crossbarIndex(N);
  const t = new TripletBuilder(ix.size);
  const gLoad = 1e-3;
  for (let c = 0; c < N; c++) t.add(ix.vCol(c), ix.vCol(c), gLoad);
  for (let r = 0; r < N; r++) t.add(ix.vRow(r), ix.vRow(r), 1); // source equation v_r = E
  for (let r = 0; r < N; r++) {
    t.add(ix.iSrc(r), ix.iSrc(r), 1); // KCL of row node r: source current enters
    for (let c = 0; c < N; c++) {
      const x = 0.05 + 0.9 * rng();
      const gOn = 1e-2;
      const gOff = 1e-5;
      const g = gOff + (gOn - gOff) * x;
      const dv = 2 * rng() - 1;
      const dIdx = (gOn - gOff) * dv;
      // KCL row node r (its equation index is iSrc(r))
      t.add(ix.iSrc(r), ix.vRow(r), g);
      t.add(ix.iSrc(r), ix.vCol(c), -g);
      t.add(ix.iSrc(r), ix.x(r, c), dIdx);
      // KCL column node c
      t.add(ix.vCol(c), ix.vCol(c), g);
      t.add(ix.vCol(c), ix.vRow(r), -g);
      t.add(ix.vCol(c), ix.x(r, c), -dIdx);
      // state equation
      const dfdv = 1e4 * (0.5 + rng());
      t.add(ix.x(r, c), ix.x(r, c), 1e6 * (1 + 0.1 * rng()));
      t.add(ix.x(r, c), ix.vRow(r), -dfdv);
      t.add(ix.x(r, c), ix.vCol(c), dfdv);
    }
  }
  return t.build();
}

/** 5-point Laplacian (Dirichlet) on an m×m grid, natural row-by-row numbering. */
export function gridLaplacian(m: number): TestMatrix {
  const t = new TripletBuilder(m * m);
  for (let y = 0; y < m; y++) {
    for (let x = 0; x < m; x++) {
      const k = y * m + x;
      t.add(k, k, 4);
      if (x > 0) t.add(k, k - 1, -1);
      if (x < m - 1) t.add(k, k + 1, -1);
      if (y > 0) t.add(k, k - m, -1);
      if (y < m - 1) t.add(k, k + m, -1);
    }
  }
  return t.build();
}

/**
 * Conductance matrix of an RC ladder of m rungs, numbered rail A first then rail B — the numbering a
 * netlist naturally produces, with bandwidth m, so natural-order LU fills the whole band.
 */
export function ladderLaplacian(m: number): TestMatrix {
  const t = new TripletBuilder(2 * m);
  const a = (k: number): number => k;
  const b = (k: number): number => m + k;
  const g = (i: number, j: number, v: number): void => {
    t.add(i, i, v);
    t.add(j, j, v);
    t.add(i, j, -v);
    t.add(j, i, -v);
  };
  for (let k = 0; k < m; k++) {
    t.add(a(k), a(k), 1e-3); // capacitor companion to ground
    t.add(b(k), b(k), 1e-3);
    g(a(k), b(k), 1);
    if (k + 1 < m) {
      g(a(k), a(k + 1), 2);
      g(b(k), b(k + 1), 3);
    }
  }
  return t.build();
}
