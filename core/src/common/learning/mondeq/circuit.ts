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
 */
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry } from '../../compiler/registry.js';
import { compileSystem, type CircuitSystem, type DeviceLookup } from '../../solver/system.js';
import { Kernel } from '../../solver/kernel.js';
import { resolveOptions } from '../../solver/options.js';
import { operatingPoint } from '../../solver/operating-point.js';
import { DiodeOperator, type NeuronActivation } from './activation.js';
import { buildMonDeqNetwork, elementId, node, type CircuitRole } from './network.js';
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
    shape: MonDeqShape,
    activation: NeuronActivation,
    lookup: DeviceLookup,
  ) {
    this.sys = compileSystem(buildMonDeqNetwork(shape, activation, role), lookup);
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

/** Where the parameters live in one compiled system. */
interface Binding {
  /** gm of ta{k}_{j} and tb{k}_{j}, row-major k·n + j. */
  readonly gather: { arr: Float64Array; idx: Int32Array };
  readonly scatter: { arr: Float64Array; idx: Int32Array };
  /** gm of gya / gyb for the pairs in `pairs` order (i < j, row-major). */
  readonly gyrA: { arr: Float64Array; idx: Int32Array };
  readonly gyrB: { arr: Float64Array; idx: Int32Array };
  /** gm of u{j}_{i}, row-major j·nIn + i. */
  readonly inW: { arr: Float64Array; idx: Int32Array };
  /** gm of c{k}_{j}, row-major k·n + j. */
  readonly outW: { arr: Float64Array; idx: Int32Array };
  /** r of rm{j}. */
  readonly leak: { arr: Float64Array; idx: Int32Array };
}

export class MonDeqCircuit {
  readonly primal: Compiled;
  readonly adjoint: Compiled;
  private readonly pairs: Int32Array;
  private readonly bp: Binding;
  private readonly ba: Binding;
  private readonly bias: { arr: Float64Array; idx: Int32Array };
  private readonly outBias: { arr: Float64Array; idx: Int32Array };
  private readonly inputs: { arr: Float64Array; idx: Int32Array };
  private readonly frozen: { arr: Float64Array; idx: Int32Array };
  private readonly sens: { arr: Float64Array; idx: Int32Array };
  /** Node unknowns of z, e, x, o in each system. */
  private readonly pz: Int32Array;
  private readonly pe: Int32Array;
  private readonly po: Int32Array;
  private readonly az: Int32Array;
  private readonly ae: Int32Array;
  private readonly ao: Int32Array;
  private readonly diode: DiodeOperator;
  private readonly x: Float64Array;
  /** Operating points solved (primal and adjoint). */
  solves = 0;

  constructor(
    readonly shape: MonDeqShape,
    readonly activation: NeuronActivation,
    lookup: DeviceLookup = new DeviceRegistry(builtinDevices).lookup,
  ) {
    const { n, nIn, nOut } = shape;
    this.primal = new Compiled('primal', shape, activation, lookup);
    this.adjoint = new Compiled('adjoint', shape, activation, lookup);
    const model = lookup(activation.device.id);
    if (!model) throw new Error(`monDEQ circuit: no device model '${activation.device.id}'`);
    this.diode = new DiodeOperator(model, activation.device.params);
    const pairs: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push(i, j);
    this.pairs = Int32Array.from(pairs);
    const bind = (c: Compiled): Binding => {
      const rows = range(n).flatMap((k) => range(n).map((j) => [k, j] as const));
      const pairIds = (f: (i: number, j: number) => string) => range(pairs.length / 2).map((q) => f(pairs[2 * q], pairs[2 * q + 1]));
      return {
        gather: c.slots(rows.map(([k, j]) => elementId.gather(k, j)), 'gm'),
        scatter: c.slots(rows.map(([k, j]) => elementId.scatter(k, j)), 'gm'),
        gyrA: c.slots(pairIds(elementId.gyratorA), 'gm'),
        gyrB: c.slots(pairIds(elementId.gyratorB), 'gm'),
        inW: c.slots(range(n).flatMap((j) => range(nIn).map((i) => elementId.inWeight(j, i))), 'gm'),
        outW: c.slots(range(nOut).flatMap((k) => range(n).map((j) => elementId.outWeight(k, j))), 'gm'),
        leak: c.slots(range(n).map(elementId.leak), 'r'),
      };
    };
    this.bp = bind(this.primal);
    this.ba = bind(this.adjoint);
    this.bias = this.primal.slots(range(n).map(elementId.bias), 'dc');
    this.outBias = this.primal.slots(range(nOut).map(elementId.outBias), 'dc');
    this.inputs = this.primal.slots(range(nIn).map(elementId.input), 'dc');
    this.frozen = this.adjoint.slots(range(n).map(elementId.diode), 'r');
    this.sens = this.adjoint.slots(range(nOut).map(elementId.sensitivity), 'dc');
    this.pz = this.primal.nodes(range(n).map(node.z));
    this.pe = this.primal.nodes(range(n).map(node.e));
    this.po = this.primal.nodes(range(nOut).map(node.o));
    this.az = this.adjoint.nodes(range(n).map(node.z));
    this.ae = this.adjoint.nodes(range(n).map(node.e));
    this.ao = this.adjoint.nodes(range(nOut).map(node.o));
    this.x = new Float64Array(nIn);
  }

  /** Writes the monDEQ parameters into both circuits' elements. */
  setParams(p: MonDeqParams): void {
    const { n, nIn, nOut } = this.shape;
    if (p.n !== n || p.nIn !== nIn || p.nOut !== nOut) throw new Error(`monDEQ circuit: parameters are ${p.nIn}-${p.n}-${p.nOut}, the circuit ${nIn}-${n}-${nOut}`);
    const set = (s: { arr: Float64Array; idx: Int32Array }, v: ArrayLike<number>, map: (x: number) => number = (x) => x) => {
      for (let k = 0; k < s.idx.length; k++) s.arr[s.idx[k]] = map(v[k]);
    };
    for (const b of [this.bp, this.ba]) {
      set(b.gather, p.A);
      set(b.scatter, p.A);
      for (let q = 0; q < this.pairs.length / 2; q++) {
        const i = this.pairs[2 * q];
        const j = this.pairs[2 * q + 1];
        const s = p.B[j * n + i] - p.B[i * n + j];
        b.gyrA.arr[b.gyrA.idx[q]] = s;
        b.gyrB.arr[b.gyrB.idx[q]] = -s;
      }
      set(b.inW, p.U);
      set(b.outW, p.C);
      set(b.leak, p.m, (m) => 1 / m);
    }
    set(this.bias, p.b);
    set(this.outBias, p.c);
  }

  /** Applies input x and solves the circuit's operating point (warm start: the previous one). */
  forward(x: ArrayLike<number>): void {
    if (x.length !== this.shape.nIn) throw new Error(`monDEQ circuit: input has ${x.length} features, the circuit ${this.shape.nIn}`);
    for (let i = 0; i < x.length; i++) {
      this.x[i] = x[i];
      this.inputs.arr[this.inputs.idx[i]] = x[i];
    }
    this.primal.solve();
    this.solves++;
  }

  /** Neuron voltages z at the last operating point. */
  neurons(out: Float64Array = new Float64Array(this.shape.n)): Float64Array {
    const y = this.primal.kernel.y;
    for (let j = 0; j < out.length; j++) out[j] = y[this.pz[j]];
    return out;
  }

  /** Output voltages (the logits) at the last operating point. */
  logits(out: Float64Array = new Float64Array(this.shape.nOut)): Float64Array {
    const y = this.primal.kernel.y;
    for (let k = 0; k < out.length; k++) out[k] = y[this.po[k]];
    return out;
  }

  /**
   * Hardware linearisation: freezes the diodes at the last operating point, drives the adjoint network
   * with ∂ℓ/∂logits and adds the gradient read off the two circuits into `out`.
   */
  gradient(dLogits: ArrayLike<number>, out: ParamArrays = zerosLike(this.shape)): ParamArrays {
    const { n, nIn, nOut } = this.shape;
    const v = this.primal.kernel.y;
    for (let j = 0; j < n; j++) {
      // The diode's small-signal conductance at v = −z_j (anode grounded); r = 1/g.
      const g = this.diode.eval(v[this.pz[j]]).dF;
      this.frozen.arr[this.frozen.idx[j]] = 1 / g;
    }
    for (let k = 0; k < nOut; k++) this.sens.arr[this.sens.idx[k]] = dLogits[k];
    this.adjoint.solve();
    this.solves++;
    const lam = this.adjoint.kernel.y;
    const z = (j: number) => v[this.pz[j]];
    const e = (k: number) => v[this.pe[k]];
    const lz = (j: number) => lam[this.az[j]];
    const le = (k: number) => lam[this.ae[k]];
    // Transformer row k, winding j: ta injects A_kj·z_j into e_k, tb draws A_kj·e_k out of z_j.
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++) out.A[k * n + j] += le(k) * z(j) - lz(j) * e(k);
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
      for (let i = 0; i < nIn; i++) out.U[j * nIn + i] += lj * this.x[i];
      out.b[j] += lj;
      // Leak conductance m_j between z_j and ground: −v·v̂.
      out.m[j] += -lj * z(j);
    }
    for (let k = 0; k < nOut; k++) {
      const lo = lam[this.ao[k]];
      for (let j = 0; j < n; j++) out.C[k * n + j] += lo * z(j);
      out.c[k] += lo;
    }
    return out;
  }
}
