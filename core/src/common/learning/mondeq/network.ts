/**
 * The resistor–diode realisation of a monDEQ (Chaffey 2025) as a memflow network whose DC operating
 * point is the equilibrium z* = σ(W z* + U x + b), with I − W = diag(m) + AᵀA + (Bᵀ − B).
 *
 * Nodes: neurons z_j, transformer secondaries e_k, inputs x_i, outputs o_k. Elements:
 *
 *  - `rm{j}`  resistor z_j → ground of conductance m_j: the diag(m) part of I − W;
 *  - row k of A is an ideal multi-winding transformer, one winding of turns ratio A_kj at each neuron,
 *    its secondary closed on a 1 Ω resistor `re{k}` (node e_k). Its voltage law (secondary voltage
 *    e_k = Σ_j A_kj z_j) is realised by the transconductances `ta{k}_{j}` (A_kj·z_j summed into the 1 Ω
 *    load) and its current law (winding j carries A_kj times the secondary current e_k/1 Ω) by
 *    `tb{k}_{j}`, which draw A_kj·e_k out of z_j. The neurons see the admittance a_kᵀ a_k: all rows
 *    together give AᵀA, symmetric positive semidefinite — what a resistor network alone cannot make;
 *  - the skew part S = Bᵀ − B by one gyrator per neuron pair i < j (`gya{i}_{j}`, `gyb{i}_{j}`, two
 *    transconductances S_ij·z_j out of z_i and −S_ij·z_i out of z_j): lossless, non-reciprocal;
 *  - the neuron nonlinearity: a diode `d{j}` from ground (anode) to z_j (cathode), see activation.ts;
 *  - inputs: voltage sources `vx{i}` at x_i; `u{j}_{i}` injects U_ji·x_i into z_j; `ib{j}` injects b_j;
 *  - outputs: `c{k}_{j}` injects C_kj·z_j into o_k, `ic{k}` injects c_k, `ro{k}` is a 1 Ω load, so
 *    v(o_k) = (C z + c)_k, the logits.
 *
 * Kirchhoff's current law at z is (I − W) z − u + F(z) = 0, the monDEQ equilibrium (activation.ts).
 *
 * The adjoint network (Director & Rohrer 1969) of the circuit linearised at its operating point has the
 * transposed MNA matrix: resistors stay, each diode is frozen into a resistor of its small-signal
 * conductance (ideal diode: on → 1/ron, off → goff ≈ open), each transconductance has its control and
 * output ports exchanged (so the transformer stays a transformer and each gyrator turns round),
 * independent sources are zeroed (voltage sources short, current sources open) and the loss
 * sensitivity ∂ℓ/∂logits is driven into the outputs as currents `ja{k}`. (The shorted inputs and the
 * transposed input transconductances feeding them are left out of the adjoint: they carry current
 * into the shorts and change nothing else.)
 *
 * Cascades (Chaffey 2025): stage s + 1's input transconductances are controlled by stage s's output
 * voltages instead of input sources, so the stages are coupled one way — a feed-forward (or otherwise
 * asymmetric) network of monotone stages, each with its own equilibrium. Stage s > 0 names its nodes and
 * elements with the prefix `s{s}_`. In the adjoint the transposed input transconductances carry the
 * sensitivity back from stage s + 1 into stage s's outputs, so only the last stage is driven.
 */
import type { ElementSpec, Network } from '../../network/types.js';
import { NETWORK_FORMAT } from '../../network/types.js';
import type { NeuronActivation } from './activation.js';
import type { MonDeqShape } from './params.js';

export type CircuitRole = 'primal' | 'adjoint';

/** Node and element names of one stage (prefix '' for the first). */
export function stageNames(prefix: string) {
  return {
    node: {
      z: (j: number) => `${prefix}z${j}`,
      e: (k: number) => `${prefix}e${k}`,
      x: (i: number) => `${prefix}x${i}`,
      o: (k: number) => `${prefix}o${k}`,
    },
    id: {
      leak: (j: number) => `${prefix}rm${j}`,
      diode: (j: number) => `${prefix}d${j}`,
      load: (k: number) => `${prefix}re${k}`,
      gather: (k: number, j: number) => `${prefix}ta${k}_${j}`,
      scatter: (k: number, j: number) => `${prefix}tb${k}_${j}`,
      gyratorA: (i: number, j: number) => `${prefix}gya${i}_${j}`,
      gyratorB: (i: number, j: number) => `${prefix}gyb${i}_${j}`,
      input: (i: number) => `${prefix}vx${i}`,
      inWeight: (j: number, i: number) => `${prefix}u${j}_${i}`,
      bias: (j: number) => `${prefix}ib${j}`,
      outWeight: (k: number, j: number) => `${prefix}c${k}_${j}`,
      outBias: (k: number) => `${prefix}ic${k}`,
      outLoad: (k: number) => `${prefix}ro${k}`,
      sensitivity: (k: number) => `${prefix}ja${k}`,
    },
  };
}

export type StageNames = ReturnType<typeof stageNames>;

export const stagePrefix = (s: number): string => (s === 0 ? '' : `s${s}_`);

/** Checks that each stage's input count is the previous stage's output count. */
export function checkCascade(shapes: readonly MonDeqShape[]): void {
  if (shapes.length === 0) throw new Error('monDEQ cascade: no stages');
  for (let s = 1; s < shapes.length; s++)
    if (shapes[s].nIn !== shapes[s - 1].nOut)
      throw new Error(`monDEQ cascade: stage ${s} has ${shapes[s].nIn} inputs but stage ${s - 1} has ${shapes[s - 1].nOut} outputs`);
}

/**
 * The primal circuit of a monDEQ or a cascade of them, or its adjoint, with every parametrised value at a
 * placeholder (set in place after compiling, see MonDeqCircuit). Transconductance ports are
 * [out+, out−, ctrl+, ctrl−].
 */
export function buildMonDeqNetwork(shapes: MonDeqShape | readonly MonDeqShape[], activation: NeuronActivation, role: CircuitRole): Network {
  const list = Array.isArray(shapes) ? (shapes as readonly MonDeqShape[]) : [shapes as MonDeqShape];
  checkCascade(list);
  const el: ElementSpec[] = [];
  list.forEach((shape, s) => {
    const inputs = s === 0 ? null : Array.from({ length: shape.nIn }, (_, i) => stageNames(stagePrefix(s - 1)).node.o(i));
    el.push(...stageElements(shape, activation, role, stageNames(stagePrefix(s)), inputs, s === list.length - 1));
  });
  const sizes = [list[0].nIn, ...list.map((sh) => `${sh.n}/${sh.nOut}`)].join('-');
  const title = `${role === 'adjoint' ? 'adjoint of the linearised ' : ''}resistor–diode monDEQ ${sizes} (${activation.name})`;
  return { format: NETWORK_FORMAT, title, elements: el };
}

function stageElements(shape: MonDeqShape, activation: NeuronActivation, role: CircuitRole, names: StageNames, inputs: string[] | null, last: boolean): ElementSpec[] {
  const { n, nIn, nOut } = shape;
  const { node, id } = names;
  const adjoint = role === 'adjoint';
  const el: ElementSpec[] = [];
  // A VCCS drawing gm·v(ctrl) out of `out` (inject: into `out`); the adjoint exchanges the two ports.
  const vccs = (eid: string, out: string, ctrl: string, inject: boolean) => {
    const ports = inject ? ['0', out, ctrl, '0'] : [out, '0', ctrl, '0'];
    const nodes = adjoint ? [ports[2], ports[3], ports[0], ports[1]] : ports;
    el.push({ id: eid, device: 'vccs', nodes, params: { gm: 0 } });
  };
  for (let j = 0; j < n; j++) {
    el.push({ id: id.leak(j), device: 'resistor', nodes: [node.z(j), '0'], params: { r: 1 } });
    if (adjoint) el.push({ id: id.diode(j), device: 'resistor', nodes: ['0', node.z(j)], params: { r: 1 } });
    else el.push({ id: id.diode(j), device: activation.device.id, nodes: ['0', node.z(j)], params: { ...activation.device.params } });
  }
  for (let k = 0; k < n; k++) {
    el.push({ id: id.load(k), device: 'resistor', nodes: [node.e(k), '0'], params: { r: 1 } });
    for (let j = 0; j < n; j++) {
      vccs(id.gather(k, j), node.e(k), node.z(j), true);
      vccs(id.scatter(k, j), node.z(j), node.e(k), false);
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      vccs(id.gyratorA(i, j), node.z(i), node.z(j), false);
      vccs(id.gyratorB(i, j), node.z(j), node.z(i), false);
    }
  const inNode = (i: number) => (inputs ? inputs[i] : node.x(i));
  // In the adjoint the first stage's inputs are shorted (zeroed sources) and its transposed input
  // transconductances would only drive current into those shorts: left out, they change no other voltage.
  const inputWeights = !(adjoint && !inputs);
  if (!inputs && !adjoint) for (let i = 0; i < nIn; i++) el.push({ id: id.input(i), device: 'vsource', nodes: [node.x(i), '0'], source: { dc: 0 } });
  for (let j = 0; j < n; j++) {
    if (inputWeights) for (let i = 0; i < nIn; i++) vccs(id.inWeight(j, i), node.z(j), inNode(i), true);
    if (!adjoint) el.push({ id: id.bias(j), device: 'isource', nodes: ['0', node.z(j)], source: { dc: 0 } });
  }
  for (let k = 0; k < nOut; k++) {
    el.push({ id: id.outLoad(k), device: 'resistor', nodes: [node.o(k), '0'], params: { r: 1 } });
    for (let j = 0; j < n; j++) vccs(id.outWeight(k, j), node.o(k), node.z(j), true);
    if (adjoint) {
      if (last) el.push({ id: id.sensitivity(k), device: 'isource', nodes: ['0', node.o(k)], source: { dc: 0 } });
    } else el.push({ id: id.outBias(k), device: 'isource', nodes: ['0', node.o(k)], source: { dc: 0 } });
  }
  return el;
}
