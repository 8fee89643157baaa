/**
 * Compiles a network into the kernel's system: one unknown per net, internal node, branch current and
 * device state; instances grouped by device model with struct-of-arrays storage; the sparse pattern of
 * the Jacobian and, for every (model entry, instance), the position it adds into.
 */
import { localNames, resolveParamRef, type DeviceModel, type EvalContext, type ParamRef } from '@memflow/plugin-sdk';
import type { ElementSpec, Network, SourceLocation } from '../network/types.js';
import type { CscPattern } from './sparse/index.js';
import { CircuitError } from './errors.js';
import { placeSensePorts } from './sense-ports.js';

export const enum UnknownKind {
  Node = 0,
  Internal = 1,
  Branch = 2,
  State = 3,
}

export type DeviceLookup = (id: string) => DeviceModel | undefined;

/** All instances of one device model. Arrays are indexed [local k][instance i] or [k * n + i]. */
export interface ModelGroup {
  readonly model: DeviceModel;
  readonly n: number;
  readonly ids: string[];
  readonly locs: (SourceLocation | undefined)[];
  readonly names: readonly string[];
  /** Local unknown count. */
  readonly L: number;
  /** Local index of the first state. */
  readonly firstState: number;
  /** Global unknown of local k of instance i at [k * n + i]; -1 for ground. */
  readonly idx: Int32Array;
  readonly p: Record<string, Float64Array>;
  readonly data: unknown[];
  readonly work: Record<string, Float64Array>;
  readonly x: Float64Array[];
  readonly f: Float64Array[];
  readonly q: Float64Array[];
  readonly df: Float64Array[];
  readonly dq: Float64Array[];
  /** Local row and column of each Jacobian entry. */
  readonly jfRow: Int32Array;
  readonly jfCol: Int32Array;
  readonly jqRow: Int32Array;
  readonly jqCol: Int32Array;
  /** Value position in the CSC array of entry e, instance i at [e * n + i]; -1 when row or column is ground. */
  readonly jfPos: Int32Array;
  readonly jqPos: Int32Array;
  /**
   * The same maps with ground sent to a scratch slot one past the end (unknown `size`, value `nnz`), so
   * the assembly loops need no branch per entry.
   */
  readonly slot: Int32Array;
  readonly jfSlot: Int32Array;
  readonly jqSlot: Int32Array;
  /** Local rows that carry charge. */
  readonly chargeRows: Int32Array;
  readonly condensation: Condensation;
  readonly ctx: MutableEvalContext;
}

/**
 * How a device's states are eliminated from the system it contributes to (static condensation).
 * S = its states, T = its other local unknowns. Per instance, with A = ∂(state rows)/∂S,
 * B = ∂(state rows)/∂T and C = ∂(T rows)/∂S: W = A⁻¹B and w = A⁻¹·r_S; the reduced Jacobian gets
 * −C·W and the reduced right-hand side +C·w; after the solve Δ_S = −w − W·Δ_T.
 */
export interface Condensation {
  readonly nS: number;
  /** Local T rows with an entry in C, and local T columns with an entry in B. */
  readonly schurRows: Int32Array;
  readonly schurCols: Int32Array;
  /** Jacobian entries (index into df / dq) by block: C from f and from q, B, and A. */
  readonly cF: Int32Array;
  readonly cQ: Int32Array;
  readonly bF: Int32Array;
  readonly aF: Int32Array;
  /** CSC slot of Schur entry (a, b) of instance i at [(a * nc + b) * n + i]. */
  readonly schurSlot: Int32Array;
  /** Per instance, kept from the last factorisation: A⁻¹ [(s1*nS+s2)*n+i], C [(a*nS+s)*n+i], W [(s*nc+b)*n+i]. */
  readonly aInv: Float64Array;
  readonly c: Float64Array;
  readonly w: Float64Array;
  /** Scratch of one iteration: w = A⁻¹·r_S per instance, [s*n+i]. */
  readonly wRes: Float64Array;
}

function firstStateOf(model: DeviceModel): number {
  return model.terminals.length + (model.internalNodes?.length ?? 0) + (model.branches?.length ?? 0);
}

function planCondensation(n: number, firstState: number, L: number, jfRow: Int32Array, jfCol: Int32Array, jqRow: Int32Array, jqCol: Int32Array): Condensation {
  const nS = L - firstState;
  const isS = (k: number) => k >= firstState;
  const pick = (rows: Int32Array, cols: Int32Array, test: (r: number, c: number) => boolean): Int32Array =>
    Int32Array.from([...rows.keys()].filter((e) => test(rows[e], cols[e])));
  const cF = pick(jfRow, jfCol, (r, c) => !isS(r) && isS(c));
  const cQ = pick(jqRow, jqCol, (r, c) => !isS(r) && isS(c));
  const bF = pick(jfRow, jfCol, (r, c) => isS(r) && !isS(c));
  const aF = pick(jfRow, jfCol, (r, c) => isS(r) && isS(c));
  const schurRows = Int32Array.from(new Set([...cF].map((e) => jfRow[e]).concat([...cQ].map((e) => jqRow[e]))));
  const schurCols = Int32Array.from(new Set([...bF].map((e) => jfCol[e])));
  const nr = schurRows.length;
  const nc = schurCols.length;
  return {
    nS,
    schurRows,
    schurCols,
    cF,
    cQ,
    bF,
    aF,
    schurSlot: new Int32Array(nr * nc * n),
    aInv: new Float64Array(nS * nS * n),
    c: new Float64Array(nr * nS * n),
    w: new Float64Array(nS * nc * n),
    wRes: new Float64Array(nS * n),
  };
}

export type MutableEvalContext = { -readonly [K in keyof EvalContext]: EvalContext[K] };

export interface CircuitSystem {
  /** Unknowns, device states included. */
  readonly size: number;
  /** Unknowns of the linear system each Newton iteration solves: all but the device states. */
  readonly m: number;
  /** Position of unknown k in the reduced system, or -1 for a state. */
  readonly solveIndex: Int32Array;
  /** Unknown at each position of the reduced system. */
  readonly fullIndex: Int32Array;
  /** 1 where some nonlinear device contributes to the row (see compileSystem). */
  readonly rowNonlinear: Uint8Array;
  readonly kind: Uint8Array;
  /** Human-readable name of each unknown, e.g. `v(out)`, `i(v1)`, `x(m1.r)`. */
  readonly labels: string[];
  /** Element that owns each unknown (nodes: the first element attached). */
  readonly owner: string[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly elements: ReadonlyMap<string, { readonly group: ModelGroup; readonly i: number }>;
  readonly groups: ModelGroup[];
  readonly pattern: CscPattern;
  /** CSC position of each unknown's diagonal in the reduced system; -1 for branch and state rows. */
  readonly diagPos: Int32Array;
  /** Rows whose equation has a time derivative (charge rows and states). */
  readonly isCharge: Uint8Array;
  readonly stateLo: Float64Array;
  readonly stateHi: Float64Array;
  readonly stateInit: Float64Array;
  readonly stateAbstol: Float64Array;
  /** 1 for states integrated with backward Euler (StateSpec.firstOrder). */
  readonly stateFirstOrder: Uint8Array;
  readonly linear: boolean;
  /** `.ic` voltages: the rows of their nets and the values. */
  readonly ic: HeldNodes;
  /** `.nodeset` voltages. */
  readonly nodeset: HeldNodes;
}

/** Nets an operating point may hold at given voltages (`.ic`, `.nodeset`). */
export interface HeldNodes {
  readonly rows: Int32Array;
  readonly values: Float64Array;
}

/** Sets the nets' unknowns in `y` to their given voltages (an operating point's start, or uic). */
export function placeNodes(y: Float64Array, nodes: HeldNodes): void {
  for (let j = 0; j < nodes.rows.length; j++) y[nodes.rows[j]] = nodes.values[j];
}

function heldNodes(given: Readonly<Record<string, number>> | undefined, what: string, nodeIndex: ReadonlyMap<string, number>): HeldNodes {
  const entries = Object.entries(given ?? {});
  const rows = new Int32Array(entries.length);
  const values = new Float64Array(entries.length);
  entries.forEach(([net, v], k) => {
    const row = nodeIndex.get(net.toLowerCase());
    if (row === undefined) throw new CircuitError(`${what} v(${net}): no element connects to net '${net}'`);
    rows[k] = row;
    values[k] = v;
  });
  return { rows, values };
}

function resolveRef(ref: ParamRef | undefined, p: Record<string, Float64Array>, i: number, fallback: number): number {
  return (
    resolveParamRef(ref, (name) => {
      if (!(name in p)) throw new CircuitError(`a device model declares a state init or bound from '${String(ref)}', which is not one of its parameters`);
      return p[name][i];
    }) ?? fallback
  );
}

function paramName(model: DeviceModel, given: string): string | undefined {
  const key = given.toLowerCase();
  if (key in model.params) return key;
  for (const [name, spec] of Object.entries(model.params)) if (spec.aliases?.includes(key)) return name;
  return undefined;
}

/** Checks a parameter value against its spec and stores it under its canonical name. */
function setParam(values: Record<string, number>, model: DeviceModel, given: string, value: number, who: string, loc: SourceLocation | undefined, element?: string): void {
  const name = paramName(model, given);
  if (!name) {
    throw new CircuitError(`${who}: device '${model.id}' has no parameter '${given}'; its parameters are ${Object.keys(model.params).join(', ')}`, loc, element);
  }
  const spec = model.params[name];
  if (!Number.isFinite(value)) throw new CircuitError(`${who}: parameter '${name}' must be a finite number`, loc, element);
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    throw new CircuitError(`${who}: parameter '${name}' = ${value} is outside [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`, loc, element);
  }
  values[name] = value;
}

/**
 * Parameter values of every element: model defaults, then its model card's values, then its own.
 * Card values are resolved once per card, as a crossbar has thousands of elements and a few cards.
 */
function paramResolver(network: Network): (el: ElementSpec, model: DeviceModel) => Record<string, number> {
  const cards = new Map<string, Record<string, number>>();
  return (el, model) => {
    let base = cards.get(`${el.model ?? ''}\u0000${model.id}`);
    if (!base) {
      base = {};
      for (const [name, spec] of Object.entries(model.params)) base[name] = spec.default;
      if (el.model !== undefined) {
        const card = network.models?.[el.model];
        if (!card) throw new CircuitError(`element '${el.id}' uses model '${el.model}', which is not defined; add a .model card`, el.loc, el.id);
        for (const [given, value] of Object.entries(card.params)) setParam(base, model, given, value, `model '${el.model}'`, card.loc ?? el.loc);
      }
      cards.set(`${el.model ?? ''}\u0000${model.id}`, base);
    }
    const values = { ...base };
    if (el.params) for (const [given, value] of Object.entries(el.params)) setParam(values, model, given, value, `element '${el.id}'`, el.loc, el.id);
    if (el.source) values.dc = el.source.dc;
    return values;
  };
}

/** Builds the compiled system. Throws CircuitError for unknown devices, wrong node counts and floating nodes. */
export function compileSystem(given: Network, lookup: DeviceLookup): CircuitSystem {
  const network = placeSensePorts(given, lookup);
  const byModel = new Map<DeviceModel, ElementSpec[]>();
  const seen = new Set<string>();
  for (const el of network.elements) {
    const id = el.id.toLowerCase();
    if (seen.has(id)) throw new CircuitError(`duplicate element name '${el.id}'; element names must be unique`, el.loc, el.id);
    seen.add(id);
    const model = lookup(el.device);
    if (!model) throw new CircuitError(`element '${el.id}': unknown device model '${el.device}'`, el.loc, el.id);
    if (el.nodes.length !== model.terminals.length) {
      throw new CircuitError(
        `element '${el.id}': device '${model.id}' has ${model.terminals.length} terminals (${model.terminals.join(', ')}), got ${el.nodes.length} nodes`,
        el.loc,
        el.id,
      );
    }
    let list = byModel.get(model);
    if (!list) byModel.set(model, (list = []));
    list.push(el);
  }

  // Unknowns: nets first (in order of appearance), then per group internal nodes, branches and states.
  const nodeIndex = new Map<string, number>();
  const labels: string[] = [];
  const owner: string[] = [];
  const kinds: number[] = [];
  const addUnknown = (kind: UnknownKind, label: string, el: string): number => {
    kinds.push(kind);
    labels.push(label);
    owner.push(el);
    return kinds.length - 1;
  };
  for (const el of network.elements) {
    for (const node of el.nodes) {
      const name = node.toLowerCase();
      if (name === '0' || name === 'gnd' || nodeIndex.has(name)) continue;
      nodeIndex.set(name, addUnknown(UnknownKind.Node, `v(${name})`, el.id));
    }
  }

  const paramsOf = paramResolver(network);
  const groups: ModelGroup[] = [];
  const elements = new Map<string, { group: ModelGroup; i: number }>();
  const stateRows: { row: number; group: ModelGroup; i: number; key: string }[] = [];
  for (const [model, els] of byModel) {
    const n = els.length;
    const names = localNames(model);
    const nT = model.terminals.length;
    const nI = model.internalNodes?.length ?? 0;
    const nB = model.branches?.length ?? 0;
    const stateKeys = Object.keys(model.states ?? {});
    const L = names.length;
    const idx = new Int32Array(L * n);
    const p: Record<string, Float64Array> = {};
    for (const name of Object.keys(model.params)) p[name] = new Float64Array(n);
    const data: unknown[] = new Array(n);
    els.forEach((el, i) => {
      const values = paramsOf(el, model);
      for (const name of Object.keys(model.params)) p[name][i] = values[name];
      data[i] = el.source;
      for (let k = 0; k < nT; k++) {
        const node = el.nodes[k].toLowerCase();
        idx[k * n + i] = node === '0' || node === 'gnd' ? -1 : nodeIndex.get(node)!;
      }
    });
    for (let k = nT; k < L; k++) {
      const kind = k < nT + nI ? UnknownKind.Internal : k < nT + nI + nB ? UnknownKind.Branch : UnknownKind.State;
      for (let i = 0; i < n; i++) {
        const id = els[i].id;
        const label =
          kind === UnknownKind.Branch && nB === 1 ? `i(${id})` : kind === UnknownKind.State ? `x(${id}.${names[k]})` : `${kind === UnknownKind.Internal ? 'v' : 'i'}(${id}#${names[k]})`;
        idx[k * n + i] = addUnknown(kind, label, id);
      }
    }
    const index = (name: string): number => names.indexOf(name);
    const entries = (list: readonly (readonly [string, string])[]): [Int32Array, Int32Array] => {
      const rows = new Int32Array(list.length);
      const cols = new Int32Array(list.length);
      list.forEach(([r, c], e) => {
        rows[e] = index(r);
        cols[e] = index(c);
        if (rows[e] < 0 || cols[e] < 0) throw new CircuitError(`device model '${model.id}' declares a Jacobian entry (${r}, ${c}) that is not one of its unknowns (${names.join(', ')})`);
      });
      return [rows, cols];
    };
    const [jfRow, jfCol] = entries(model.jacobian);
    const [jqRow, jqCol] = entries(model.charges?.jacobian ?? []);
    const chargeRows = Int32Array.from((model.charges?.rows ?? []).map(index));
    const vecs = (count: number): Float64Array[] => Array.from({ length: count }, () => new Float64Array(n));
    const work: Record<string, Float64Array> = {};
    for (const w of model.work ?? []) work[w] = new Float64Array(n);
    const x = vecs(L);
    const f = vecs(L);
    const q = vecs(L);
    const df = vecs(jfRow.length);
    const dq = vecs(jqRow.length);
    const group: ModelGroup = {
      model,
      n,
      ids: els.map((e) => e.id.toLowerCase()),
      locs: els.map((e) => e.loc),
      names,
      L,
      firstState: nT + nI + nB,
      idx,
      p,
      data,
      work,
      x,
      f,
      q,
      df,
      dq,
      jfRow,
      jfCol,
      jqRow,
      jqCol,
      jfPos: new Int32Array(jfRow.length * n),
      jqPos: new Int32Array(jqRow.length * n),
      slot: new Int32Array(L * n),
      jfSlot: new Int32Array(jfRow.length * n),
      jqSlot: new Int32Array(jqRow.length * n),
      chargeRows,
      condensation: planCondensation(n, firstStateOf(model), L, jfRow, jfCol, jqRow, jqCol),
      ctx: {
        n,
        mode: 'dc',
        time: 0,
        dcSources: true,
        sourceScale: 1,
        gmin: 0,
        firstIteration: true,
        derivatives: true,
        noncon: 0,
        x,
        p,
        data,
        work,
        f,
        q,
        df,
        dq,
      },
    };
    groups.push(group);
    els.forEach((el, i) => elements.set(el.id.toLowerCase(), { group, i }));
    stateKeys.forEach((key, s) => {
      for (let i = 0; i < n; i++) stateRows.push({ row: idx[(group.firstState + s) * n + i], group, i, key });
    });
  }

  const size = kinds.length;
  const kind = Uint8Array.from(kinds);
  checkDcPaths(network, groups, nodeIndex, size);

  // States: bounds, initial values (declared, then the model's own derivation) and tolerances.
  const stateLo = new Float64Array(size).fill(-Infinity);
  const stateHi = new Float64Array(size).fill(Infinity);
  const stateInit = new Float64Array(size);
  const stateAbstol = new Float64Array(size);
  const stateFirstOrder = new Uint8Array(size);
  for (const g of groups) {
    const specs = g.model.states ?? {};
    const keys = Object.keys(specs);
    if (keys.length === 0) continue;
    const init = keys.map(() => new Float64Array(g.n));
    keys.forEach((key, s) => {
      for (let i = 0; i < g.n; i++) init[s][i] = resolveRef(specs[key].init, g.p, i, 0);
    });
    g.model.initialState?.(g.p, g.n, init);
    keys.forEach((key, s) => {
      const spec = specs[key];
      for (let i = 0; i < g.n; i++) {
        const row = g.idx[(g.firstState + s) * g.n + i];
        stateLo[row] = resolveRef(spec.min, g.p, i, -Infinity);
        stateHi[row] = resolveRef(spec.max, g.p, i, Infinity);
        stateInit[row] = Math.min(Math.max(init[s][i], stateLo[row]), stateHi[row]);
        stateAbstol[row] = spec.abstol ?? 0;
        stateFirstOrder[row] = spec.firstOrder ? 1 : 0;
      }
    });
  }

  // A row whose every term comes from a linear device has a constant Jacobian row: any Newton step,
  // even through an old factorisation, leaves it satisfied, so residual tests can skip it.
  const rowNonlinear = new Uint8Array(size);
  for (const g of groups) {
    if (g.model.linear === true) continue;
    for (let k = 0; k < g.L; k++) for (let i = 0; i < g.n; i++) if (g.idx[k * g.n + i] >= 0) rowNonlinear[g.idx[k * g.n + i]] = 1;
  }
  const isCharge = new Uint8Array(size);
  for (const g of groups) {
    for (const k of g.chargeRows) for (let i = 0; i < g.n; i++) if (g.idx[k * g.n + i] >= 0) isCharge[g.idx[k * g.n + i]] = 1;
  }
  for (let r = 0; r < size; r++) if (kind[r] === UnknownKind.State) isCharge[r] = 1;

  const solveIndex = new Int32Array(size).fill(-1);
  const fullIndex: number[] = [];
  for (let k = 0; k < size; k++) {
    if (kind[k] === UnknownKind.State) continue;
    solveIndex[k] = fullIndex.length;
    fullIndex.push(k);
  }
  const m = fullIndex.length;
  const { pattern, diagPos } = buildPattern({ size, kind, solveIndex, m }, groups);
  const nnz = pattern.rowIdx.length;
  for (const g of groups) {
    for (let k = 0; k < g.idx.length; k++) g.slot[k] = g.idx[k] < 0 ? size : g.idx[k];
    for (let k = 0; k < g.jfPos.length; k++) g.jfSlot[k] = g.jfPos[k] < 0 ? nnz : g.jfPos[k];
    for (let k = 0; k < g.jqPos.length; k++) g.jqSlot[k] = g.jqPos[k] < 0 ? nnz : g.jqPos[k];
    const c = g.condensation;
    for (let k = 0; k < c.schurSlot.length; k++) if (c.schurSlot[k] < 0) c.schurSlot[k] = nnz;
  }
  const linear = groups.every((g) => g.model.linear === true);
  const ic = heldNodes(network.ic, '.ic', nodeIndex);
  const nodeset = heldNodes(network.nodeset, '.nodeset', nodeIndex);
  return { size, m, solveIndex, fullIndex: Int32Array.from(fullIndex), rowNonlinear, kind, labels, owner, nodeIndex, elements, groups, pattern, diagPos, isCharge, stateLo, stateHi, stateInit, stateAbstol, stateFirstOrder, linear, ic, nodeset };
}

/** Every net needs a conducting (DC) path to ground, or its KCL row is singular at DC. */
function checkDcPaths(network: Network, groups: ModelGroup[], nodeIndex: Map<string, number>, size: number): void {
  const parent = new Int32Array(size + 1);
  for (let k = 0; k <= size; k++) parent[k] = k;
  const ground = size;
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  const union = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  for (const g of groups) {
    const nodeRows = g.model.terminals.length + (g.model.internalNodes?.length ?? 0);
    for (let e = 0; e < g.jfRow.length; e++) {
      const r = g.jfRow[e];
      if (r >= nodeRows) continue;
      const c = g.jfCol[e];
      for (let i = 0; i < g.n; i++) {
        const a = g.idx[r * g.n + i];
        const b = g.idx[c * g.n + i];
        union(a < 0 ? ground : a, b < 0 ? ground : b);
      }
    }
  }
  for (const [name, row] of nodeIndex) {
    if (find(row) === find(ground)) continue;
    const el = network.elements.find((e) => e.nodes.some((n) => n.toLowerCase() === name));
    throw new CircuitError(
      `node '${name}' has no DC path to ground (it connects only through capacitors, current sources or control inputs); add a resistor to ground, e.g. 'R_${name} ${name} 0 1G'`,
      el?.loc,
      el?.id,
    );
  }
}

/** Reduced systems up to this size look slots up in an m×m table (4 MB at the limit) instead of searching. */
const DENSE_POSITION_LIMIT = 1024;

/**
 * The Jacobian pattern of the reduced system: every unknown but the device states, which each device
 * eliminates locally (see condense.ts). A device with states adds the (row, column) pairs its Schur
 * complement fills: rows that depend on its states × columns its state equations depend on.
 */
function buildPattern(sys: { size: number; kind: Uint8Array; solveIndex: Int32Array; m: number }, groups: ModelGroup[]): { pattern: CscPattern; diagPos: Int32Array } {
  const { kind, solveIndex, m } = sys;
  // Keys col * m + row are exact in a double for any size this kernel meets (< 2^26 unknowns).
  // Node rows get a diagonal for gmin; branch rows get none, so a source's constraint row stays a
  // singleton that the ordering can peel off.
  let count = sys.size;
  for (const g of groups) {
    const c = g.condensation;
    count += (g.jfRow.length + g.jqRow.length + c.schurRows.length * c.schurCols.length) * g.n;
  }
  const keys = new Float64Array(count);
  let used = 0;
  const push = (key: number): void => {
    keys[used++] = key;
  };
  for (let d = 0; d < sys.size; d++) if (kind[d] === UnknownKind.Node || kind[d] === UnknownKind.Internal) push(solveIndex[d] * m + solveIndex[d]);
  const reduced = (g: ModelGroup, local: number, i: number): number => {
    const k = g.idx[local * g.n + i];
    return k < 0 ? -1 : solveIndex[k];
  };
  for (const g of groups) {
    const add = (rows: Int32Array, cols: Int32Array): void => {
      for (let e = 0; e < rows.length; e++) {
        for (let i = 0; i < g.n; i++) {
          const r = reduced(g, rows[e], i);
          const c = reduced(g, cols[e], i);
          if (r >= 0 && c >= 0) push(c * m + r);
        }
      }
    };
    add(g.jfRow, g.jfCol);
    add(g.jqRow, g.jqCol);
    const { schurRows, schurCols } = g.condensation;
    for (const tr of schurRows) for (const tc of schurCols) for (let i = 0; i < g.n; i++) {
      const r = reduced(g, tr, i);
      const c = reduced(g, tc, i);
      if (r >= 0 && c >= 0) push(c * m + r);
    }
  }
  const sorted = keys.subarray(0, used).sort();
  let nnz = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[nnz++] = sorted[k];
  const colPtr = new Int32Array(m + 1);
  const rowIdx = new Int32Array(nnz);
  for (let k = 0; k < nnz; k++) {
    const col = Math.floor(sorted[k] / m);
    rowIdx[k] = sorted[k] - col * m;
    colPtr[col + 1]++;
  }
  for (let c = 0; c < m; c++) colPtr[c + 1] += colPtr[c];
  // Every (entry, instance) asks for its slot: a table answers at once where it is small enough.
  const table = m <= DENSE_POSITION_LIMIT ? new Int32Array(m * m).fill(-1) : undefined;
  if (table) for (let c = 0; c < m; c++) for (let k = colPtr[c]; k < colPtr[c + 1]; k++) table[c * m + rowIdx[k]] = k;
  const position = (r: number, c: number): number => {
    if (table) {
      const k = table[c * m + r];
      if (k >= 0) return k;
      throw new Error(`internal: pattern lacks (${r}, ${c})`);
    }
    let lo = colPtr[c];
    let hi = colPtr[c + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rowIdx[mid] < r) lo = mid + 1;
      else if (rowIdx[mid] > r) hi = mid - 1;
      else return mid;
    }
    throw new Error(`internal: pattern lacks (${r}, ${c})`);
  };
  const diagPos = new Int32Array(sys.size).fill(-1);
  for (let d = 0; d < sys.size; d++) if (kind[d] === UnknownKind.Node || kind[d] === UnknownKind.Internal) diagPos[d] = position(solveIndex[d], solveIndex[d]);
  for (const g of groups) {
    const fill = (rows: Int32Array, cols: Int32Array, out: Int32Array): void => {
      for (let e = 0; e < rows.length; e++) {
        for (let i = 0; i < g.n; i++) {
          const r = reduced(g, rows[e], i);
          const c = reduced(g, cols[e], i);
          out[e * g.n + i] = r >= 0 && c >= 0 ? position(r, c) : -1;
        }
      }
    };
    fill(g.jfRow, g.jfCol, g.jfPos);
    fill(g.jqRow, g.jqCol, g.jqPos);
    const c = g.condensation;
    const nr = c.schurRows.length;
    const nc = c.schurCols.length;
    for (let a = 0; a < nr; a++) for (let b = 0; b < nc; b++) for (let i = 0; i < g.n; i++) {
      const r = reduced(g, c.schurRows[a], i);
      const col = reduced(g, c.schurCols[b], i);
      c.schurSlot[(a * nc + b) * g.n + i] = r >= 0 && col >= 0 ? position(r, col) : -1;
    }
  }
  return { pattern: { n: m, colPtr, rowIdx }, diagPos };
}
