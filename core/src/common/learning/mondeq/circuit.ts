/**
 * A compiled resistor–diode monDEQ circuit and its adjoint (network.ts), with the monDEQ parameters
 * written in place into both systems' parameter arrays, the DC operating point from the kernel as the
 * forward pass, and hardware linearisation as the backward pass:
 *
 *  1. solve the primal circuit's operating point (warm-started from the last one): v;
 *  2. freeze every diode at its small-signal conductance there, drive the adjoint network with the loss
 *     sensitivity ∂ℓ/∂logits as currents into the outputs and solve it (one linear operating point): λ;
 *  3. read each parameter's gradient from the two solutions (Tellegen's theorem / the adjoint
 *     network of Director & Rohrer 1969): with F the circuit's KCL residual, dℓ/dp = −λᵀ ∂F/∂p, i.e.
 *       conductance G between a and b:            ∂ℓ/∂G  = −(λ_a − λ_b)(v_a − v_b)   (−v·v̂)
 *       transconductance gm, out (p, q), ctrl (r, s): ∂ℓ/∂gm = −(λ_p − λ_q)(v_r − v_s)
 *       current source into node a:                 ∂ℓ/∂I  = λ_a,
 *     and each monDEQ parameter sums the elements it sets (A_kj sets two transconductances of
 *     transformer row k, B_ij and B_ji the gyrator of pair {i, j}).
 *
 * A cascade (network.ts) is one primal and one adjoint circuit; stage s + 1's input voltages are stage s's
 * outputs, and only the last stage's outputs are driven in the adjoint.
 */
import { builtinDevices } from '@memflow/nodes';
import type { ElementSpec, Network } from '../../network/types.js';
import { DeviceRegistry } from '../../compiler/registry.js';
import { compileSystem, type CircuitSystem, type DeviceLookup } from '../../solver/system.js';
import { Kernel } from '../../solver/kernel.js';
import { resolveOptions } from '../../solver/options.js';
import { operatingPoint } from '../../solver/operating-point.js';
import { DiodeOperator, type NeuronActivation } from './activation.js';
import { buildMonDeqNetwork, checkCascade, stageNames, stagePrefix, type CircuitRole } from './network.js';
import { zerosLike, type MonDeqParams, type MonDeqShape, type ParamArrays } from './params.js';

/**
 * Tight tolerances: the ideal diode's 1 nΩ on-resistance makes the neuron rows stiff, and the operating
 * point is compared with the splitting solution to 1e-6.
 */
const MONDEQ_SOLVER_OPTIONS = { reltol: 1e-9, vntol: 1e-12, abstol: 1e-12 };

/** One compiled system with index arrays into its parameter arrays. */
class Compiled {
  readonly sys: CircuitSystem;
  readonly kernel: Kernel;

  constructor(
    readonly role: CircuitRole,
    shapes: readonly MonDeqShape[],
    activation: NeuronActivation,
    lookup: DeviceLookup,
  ) {
    this.sys = compileSystem(buildMonDeqNetwork(shapes, activation, role), lookup);
    this.kernel = new Kernel(this.sys, resolveOptions(MONDEQ_SOLVER_OPTIONS));
  }

  /** The parameter array and instance of `param` of element `id`. */
  slot(id: string, param: string): { arr: Float64Array; i: number } {
    const e = this.sys.elements.get(id);
    if (!e) throw new Error(`monDEQ circuit (${this.role}): element '${id}' missing`);
    const arr = e.group.p[param];
    if (!arr) throw new Error(`monDEQ circuit (${this.role}): element '${id}' has no parameter '${param}'`);
    return { arr, i: e.i };
  }

  /** One shared array for a list of elements of one model, and their instance indices. */
  slots(ids: readonly string[], param: string): { arr: Float64Array; idx: Int32Array } {
    if (ids.length === 0) return { arr: new Float64Array(0), idx: new Int32Array(0) };
    const first = this.slot(ids[0], param);
    const idx = new Int32Array(ids.length);
    ids.forEach((id, k) => {
      const s = this.slot(id, param);
      if (s.arr !== first.arr) throw new Error(`monDEQ circuit: elements of '${param}' are in more than one model group`);
      idx[k] = s.i;
    });
    return { arr: first.arr, idx };
  }

  nodes(names: readonly string[]): Int32Array {
    return Int32Array.from(names, (name) => {
      const k = this.sys.nodeIndex.get(name);
      if (k === undefined) throw new Error(`monDEQ circuit (${this.role}): node '${name}' missing`);
      return k;
    });
  }

  solve(): void {
    operatingPoint(this.kernel, { dcSources: true, time: 0 });
  }
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);

type Slots = { readonly arr: Float64Array; readonly idx: Int32Array };

const NO_SLOTS: Slots = { arr: new Float64Array(0), idx: new Int32Array(0) };

/** Where one stage's parameters and nodes live in the primal and adjoint systems. */
class Stage {
  /** Per system (primal, adjoint): gm of ta/tb (row-major k·n + j), of gya/gyb (pairs), of u (j·nIn + i), of c (k·n + j); r of rm. */
  private readonly bind: { gather: Slots; scatter: Slots; gyrA: Slots; gyrB: Slots; inW: Slots; outW: Slots; leak: Slots }[];
  private readonly bias: Slots;
  private readonly outBias: Slots;
  /** Input sources (first stage only). */
  readonly inputs: Slots | undefined;
  readonly frozen: Slots;
  /** Sensitivity sources (last stage only). */
  readonly sens: Slots | undefined;
  readonly pz: Int32Array;
  readonly pe: Int32Array;
  readonly po: Int32Array;
  /** Primal unknowns of this stage's inputs (the previous stage's outputs), or undefined for the first. */
  readonly px: Int32Array | undefined;
  readonly az: Int32Array;
  readonly ae: Int32Array;
  readonly ao: Int32Array;
  readonly pairs: Int32Array;

  constructor(
    readonly shape: MonDeqShape,
    s: number,
    last: boolean,
    primal: Compiled,
    adjoint: Compiled,
  ) {
    const { n, nIn, nOut } = shape;
    const { node, id } = stageNames(stagePrefix(s));
    const pairs: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push(i, j);
    this.pairs = Int32Array.from(pairs);
    const rows = range(n).flatMap((k) => range(n).map((j) => [k, j] as const));
    const pairIds = (f: (i: number, j: number) => string) => range(pairs.length / 2).map((q) => f(pairs[2 * q], pairs[2 * q + 1]));
    this.bind = [primal, adjoint].map((c) => ({
      gather: c.slots(rows.map(([k, j]) => id.gather(k, j)), 'gm'),
      scatter: c.slots(rows.map(([k, j]) => id.scatter(k, j)), 'gm'),
      gyrA: c.slots(pairIds(id.gyratorA), 'gm'),
      gyrB: c.slots(pairIds(id.gyratorB), 'gm'),
      // The first stage's input weights are not in the adjoint (network.ts).
      inW: c === adjoint && s === 0 ? NO_SLOTS : c.slots(range(n).flatMap((j) => range(nIn).map((i) => id.inWeight(j, i))), 'gm'),
      outW: c.slots(range(nOut).flatMap((k) => range(n).map((j) => id.outWeight(k, j))), 'gm'),
      leak: c.slots(range(n).map(id.leak), 'r'),
    }));
    this.bias = primal.slots(range(n).map(id.bias), 'dc');
    this.outBias = primal.slots(range(nOut).map(id.outBias), 'dc');
    this.inputs = s === 0 ? primal.slots(range(nIn).map(id.input), 'dc') : undefined;
    this.px = s === 0 ? undefined : primal.nodes(range(nIn).map((i) => stageNames(stagePrefix(s - 1)).node.o(i)));
    this.frozen = adjoint.slots(range(n).map(id.diode), 'r');
    this.sens = last ? adjoint.slots(range(nOut).map(id.sensitivity), 'dc') : undefined;
    this.pz = primal.nodes(range(n).map(node.z));
    this.pe = primal.nodes(range(n).map(node.e));
    this.po = primal.nodes(range(nOut).map(node.o));
    this.az = adjoint.nodes(range(n).map(node.z));
    this.ae = adjoint.nodes(range(n).map(node.e));
    this.ao = adjoint.nodes(range(nOut).map(node.o));
  }

  setParams(p: MonDeqParams): void {
    const { n, nIn, nOut } = this.shape;
    if (p.n !== n || p.nIn !== nIn || p.nOut !== nOut) throw new Error(`monDEQ circuit: parameters are ${p.nIn}-${p.n}-${p.nOut}, the circuit ${nIn}-${n}-${nOut}`);
    const set = (sl: Slots, v: ArrayLike<number>, map: (x: number) => number = (x) => x) => {
      for (let k = 0; k < sl.idx.length; k++) sl.arr[sl.idx[k]] = map(v[k]);
    };
    for (const b of this.bind) {
      set(b.gather, p.A);
      set(b.scatter, p.A);
      for (let q = 0; q < this.pairs.length / 2; q++) {
        const i = this.pairs[2 * q];
        const j = this.pairs[2 * q + 1];
        const sij = p.B[j * n + i] - p.B[i * n + j];
        b.gyrA.arr[b.gyrA.idx[q]] = sij;
        b.gyrB.arr[b.gyrB.idx[q]] = -sij;
      }
      set(b.inW, p.U);
      set(b.outW, p.C);
      set(b.leak, p.m, (m) => 1 / m);
    }
    set(this.bias, p.b);
    set(this.outBias, p.c);
  }

  /** Adds this stage's gradient, read off the primal (v) and adjoint (lam) solutions, into `out`. */
  readGradient(v: Float64Array, lam: Float64Array, x: Float64Array, out: ParamArrays): void {
    const { n, nIn, nOut } = this.shape;
    const z = (j: number) => v[this.pz[j]];
    const e = (k: number) => v[this.pe[k]];
    const lz = (j: number) => lam[this.az[j]];
    const le = (k: number) => lam[this.ae[k]];
    // Transformer row k, winding j: ta injects A_kj·z_j into e_k, tb draws A_kj·e_k out of z_j.
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out.A[k * n + j] += le(k) * z(j) - lz(j) * e(k);
    // Gyrator {i, j}: gya draws S·z_j out of z_i, gyb draws −S·z_i out of z_j; S_ij = B_ji − B_ij.
    for (let q = 0; q < this.pairs.length / 2; q++) {
      const i = this.pairs[2 * q];
      const j = this.pairs[2 * q + 1];
      const dS = -lz(i) * z(j) + lz(j) * z(i);
      out.B[j * n + i] += dS;
      out.B[i * n + j] -= dS;
    }
    for (let j = 0; j < n; j++) {
      const lj = lz(j);
      // u{j}_{i} injects U_ji·v(input i) into z_j.
      for (let i = 0; i < nIn; i++) out.U[j * nIn + i] += lj * (this.px ? v[this.px[i]] : x[i]);
      out.b[j] += lj;
      // Leak conductance m_j between z_j and ground: −v·v̂.
      out.m[j] += -lj * z(j);
    }
    for (let k = 0; k < nOut; k++) {
      const lo = lam[this.ao[k]];
      for (let j = 0; j < n; j++) out.C[k * n + j] += lo * z(j);
      out.c[k] += lo;
    }
  }
}

/** A resistor–diode monDEQ, or a cascade of them, as a primal and an adjoint circuit. */
export class MonDeqCircuit {
  readonly primal: Compiled;
  readonly adjoint: Compiled;
  readonly shapes: readonly MonDeqShape[];
  private readonly stages: Stage[];
  private readonly diode: DiodeOperator;
  private readonly x: Float64Array;
  /** Operating points solved (primal and adjoint). */
  solves = 0;

  constructor(
    shape: MonDeqShape | readonly MonDeqShape[],
    readonly activation: NeuronActivation,
    lookup: DeviceLookup = new DeviceRegistry(builtinDevices).lookup,
  ) {
    this.shapes = (Array.isArray(shape) ? shape : [shape]).map((sh: MonDeqShape) => ({ nIn: sh.nIn, n: sh.n, nOut: sh.nOut }));
    checkCascade(this.shapes);
    this.primal = new Compiled('primal', this.shapes, activation, lookup);
    this.adjoint = new Compiled('adjoint', this.shapes, activation, lookup);
    const model = lookup(activation.device.id);
    if (!model) throw new Error(`monDEQ circuit: no device model '${activation.device.id}'`);
    this.diode = new DiodeOperator(model, activation.device.params);
    this.stages = this.shapes.map((sh, s) => new Stage(sh, s, s === this.shapes.length - 1, this.primal, this.adjoint));
    this.x = new Float64Array(this.shapes[0].nIn);
  }

  private get last(): Stage {
    return this.stages[this.stages.length - 1];
  }

  /** Writes the monDEQ parameters (one set per stage) into both circuits' elements. */
  setParams(p: MonDeqParams | readonly MonDeqParams[]): void {
    const list = Array.isArray(p) ? (p as readonly MonDeqParams[]) : [p as MonDeqParams];
    if (list.length !== this.stages.length) throw new Error(`monDEQ circuit: ${list.length} parameter sets for ${this.stages.length} stages`);
    this.stages.forEach((st, s) => st.setParams(list[s]));
  }

  /** Applies input x and solves the circuit's operating point (warm start: the previous one). */
  forward(x: ArrayLike<number>): void {
    const inputs = this.stages[0].inputs!;
    if (x.length !== this.x.length) throw new Error(`monDEQ circuit: input has ${x.length} features, the circuit ${this.x.length}`);
    for (let i = 0; i < x.length; i++) {
      this.x[i] = x[i];
      inputs.arr[inputs.idx[i]] = x[i];
    }
    this.primal.solve();
    this.solves++;
  }

  /** Neuron voltages z of a stage (default the last) at the last operating point. */
  neurons(stage = this.stages.length - 1): Float64Array {
    const st = this.stages[stage];
    const y = this.primal.kernel.y;
    return Float64Array.from(st.pz, (k) => y[k]);
  }

  /** Output voltages of the last stage (the logits) at the last operating point. */
  logits(out: Float64Array = new Float64Array(this.last.shape.nOut)): Float64Array {
    const y = this.primal.kernel.y;
    for (let k = 0; k < out.length; k++) out[k] = y[this.last.po[k]];
    return out;
  }

  /**
   * Hardware linearisation: freezes the diodes at the last operating point, drives the adjoint network
   * with ∂ℓ/∂logits and adds the gradient read off the two circuits into `out` (one set per stage).
   */
  gradient(dLogits: ArrayLike<number>, out: ParamArrays[] = this.shapes.map((sh) => zerosLike(sh))): ParamArrays[] {
    if (out.length !== this.stages.length) throw new Error(`monDEQ circuit: ${out.length} gradient sets for ${this.stages.length} stages`);
    const v = this.primal.kernel.y;
    for (const st of this.stages)
      for (let j = 0; j < st.shape.n; j++) {
        // The diode's small-signal conductance at v = −z_j (anode grounded); r = 1/g.
        st.frozen.arr[st.frozen.idx[j]] = 1 / this.diode.eval(v[st.pz[j]]).dF;
      }
    const sens = this.last.sens!;
    for (let k = 0; k < sens.idx.length; k++) sens.arr[sens.idx[k]] = dLogits[k];
    this.adjoint.solve();
    this.solves++;
    const lam = this.adjoint.kernel.y;
    this.stages.forEach((st, s) => st.readGradient(v, lam, this.x, out[s]));
    return out;
  }
}

/**
 * The primal circuit for given parameters and input as a self-contained memflow network (element values
 * filled in, an operating-point analysis, the neuron and output voltages as outputs), e.g. to save a
 * trained network and run it with `memflow run`. The values are read back from a compiled MonDeqCircuit,
 * so they are exactly what training and the tests use.
 */
export function monDeqNetwork(p: MonDeqParams | readonly MonDeqParams[], activation: NeuronActivation, x: ArrayLike<number>): Network {
  const stages = Array.isArray(p) ? (p as readonly MonDeqParams[]) : [p as MonDeqParams];
  const circuit = new MonDeqCircuit(stages, activation);
  circuit.setParams(stages);
  const base = buildMonDeqNetwork(circuit.shapes, activation, 'primal');
  const sys = circuit.primal.sys;
  const x0 = stageNames('').id;
  const inputs = new Map(Array.from(x, (v, i) => [x0.input(i), v] as const));
  if (inputs.size !== circuit.shapes[0].nIn) throw new Error(`monDEQ network: input has ${inputs.size} features, the network ${circuit.shapes[0].nIn}`);
  const valueOf = (id: string, param: string): number => {
    const e = sys.elements.get(id)!;
    return e.group.p[param][e.i];
  };
  const elements: ElementSpec[] = base.elements.map((el) => {
    if (el.device === 'vccs') return { ...el, params: { gm: valueOf(el.id, 'gm') } };
    if (el.device === 'resistor') return { ...el, params: { r: valueOf(el.id, 'r') } };
    if (el.device === 'vsource') return { ...el, source: { dc: inputs.get(el.id) ?? 0 } };
    if (el.device === 'isource') return { ...el, source: { dc: valueOf(el.id, 'dc') } };
    return el;
  });
  const outputs = circuit.shapes.flatMap((sh, s) => Array.from({ length: sh.n }, (_, j) => `v(${stageNames(stagePrefix(s)).node.z(j)})`));
  const last = circuit.shapes.length - 1;
  outputs.push(...Array.from({ length: circuit.shapes[last].nOut }, (_, k) => `v(${stageNames(stagePrefix(last)).node.o(k)})`));
  return { ...base, elements, options: { ...MONDEQ_SOLVER_OPTIONS }, analyses: [{ type: 'op' }], outputs };
}
