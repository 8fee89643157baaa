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
 * sensitivity ∂ℓ/∂logits is driven into the outputs as currents `ja{k}`.
 */
import type { ElementSpec, Network } from '../../network/types.js';
import { NETWORK_FORMAT } from '../../network/types.js';
import type { NeuronActivation } from './activation.js';
import type { MonDeqShape } from './params.js';

export type CircuitRole = 'primal' | 'adjoint';

export const node = {
  z: (j: number) => `z${j}`,
  e: (k: number) => `e${k}`,
  x: (i: number) => `x${i}`,
  o: (k: number) => `o${k}`,
};

/** Element ids by what they realise. */
export const elementId = {
  leak: (j: number) => `rm${j}`,
  diode: (j: number) => `d${j}`,
  load: (k: number) => `re${k}`,
  gather: (k: number, j: number) => `ta${k}_${j}`,
  scatter: (k: number, j: number) => `tb${k}_${j}`,
  gyratorA: (i: number, j: number) => `gya${i}_${j}`,
  gyratorB: (i: number, j: number) => `gyb${i}_${j}`,
  input: (i: number) => `vx${i}`,
  inWeight: (j: number, i: number) => `u${j}_${i}`,
  bias: (j: number) => `ib${j}`,
  outWeight: (k: number, j: number) => `c${k}_${j}`,
  outBias: (k: number) => `ic${k}`,
  outLoad: (k: number) => `ro${k}`,
  sensitivity: (k: number) => `ja${k}`,
};

/**
 * The primal circuit or its adjoint, with every parametrised value at a placeholder (set in place after
 * compiling, see MonDeqCircuit). Transconductance ports are [out+, out−, ctrl+, ctrl−].
 */
export function buildMonDeqNetwork(shape: MonDeqShape, activation: NeuronActivation, role: CircuitRole): Network {
  const { n, nIn, nOut } = shape;
  const adjoint = role === 'adjoint';
  const el: ElementSpec[] = [];
  // A VCCS drawing gm·v(ctrl) out of `out` (inject: into `out`); the adjoint exchanges the two ports.
  const vccs = (id: string, out: string, ctrl: string, inject: boolean) => {
    const ports = inject ? ['0', out, ctrl, '0'] : [out, '0', ctrl, '0'];
    const nodes = adjoint ? [ports[2], ports[3], ports[0], ports[1]] : ports;
    el.push({ id, device: 'vccs', nodes, params: { gm: 0 } });
  };
  for (let j = 0; j < n; j++) {
    el.push({ id: elementId.leak(j), device: 'resistor', nodes: [node.z(j), '0'], params: { r: 1 } });
    if (adjoint) el.push({ id: elementId.diode(j), device: 'resistor', nodes: ['0', node.z(j)], params: { r: 1 } });
    else el.push({ id: elementId.diode(j), device: activation.device.id, nodes: ['0', node.z(j)], params: { ...activation.device.params } });
  }
  for (let k = 0; k < n; k++) {
    el.push({ id: elementId.load(k), device: 'resistor', nodes: [node.e(k), '0'], params: { r: 1 } });
    for (let j = 0; j < n; j++) {
      vccs(elementId.gather(k, j), node.e(k), node.z(j), true);
      vccs(elementId.scatter(k, j), node.z(j), node.e(k), false);
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      vccs(elementId.gyratorA(i, j), node.z(i), node.z(j), false);
      vccs(elementId.gyratorB(i, j), node.z(j), node.z(i), false);
    }
  for (let i = 0; i < nIn; i++) el.push({ id: elementId.input(i), device: 'vsource', nodes: [node.x(i), '0'], source: { dc: 0 } });
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < nIn; i++) vccs(elementId.inWeight(j, i), node.z(j), node.x(i), true);
    if (!adjoint) el.push({ id: elementId.bias(j), device: 'isource', nodes: ['0', node.z(j)], source: { dc: 0 } });
  }
  for (let k = 0; k < nOut; k++) {
    el.push({ id: elementId.outLoad(k), device: 'resistor', nodes: [node.o(k), '0'], params: { r: 1 } });
    for (let j = 0; j < n; j++) vccs(elementId.outWeight(k, j), node.o(k), node.z(j), true);
    if (adjoint) el.push({ id: elementId.sensitivity(k), device: 'isource', nodes: ['0', node.o(k)], source: { dc: 0 } });
    else el.push({ id: elementId.outBias(k), device: 'isource', nodes: ['0', node.o(k)], source: { dc: 0 } });
  }
  const title = `${role === 'adjoint' ? 'adjoint of the linearised ' : ''}resistor–diode monDEQ ${nIn}-${n}-${nOut} (${activation.name})`;
  return { format: NETWORK_FORMAT, title, elements: el };
}
