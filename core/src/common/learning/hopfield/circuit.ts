/**
 * The memristor Hopfield network of network.ts as a memflow circuit, simulated by the kernel:
 *
 *   per neuron i:  Y_i  neuron.hopfield (in_i, out_i, 0), pwl, amplitude ½, gain g, threshold θ, r = R, c = C
 *                  I_i  isource 0 → in_i (bias)
 *                  E_i  vcvs (nb_i, neg1; out_i, 0), gain −1: v(nb_i) = −1 − V_i
 *   once:          V_neg1  vsource neg1 = −1 V
 *   per pair ij:   M_ij memristor.flux out_i → m_ij (s = +1) or m_ij → out_i (s = −1); its voltage is
 *                       s·(V_i − v(nb_j)) = s·(a_i + a_j), so its own flux is the network's φ_ij
 *                  FA_ij mirror, sense m_ij → k_ij, gain ρ·s_A, output into in_i
 *                  FB_ij mirror, sense k_ij → nb_j, gain ρ·s_B, output into in_j
 *
 *   optional:      GS_i vccs (0 → in_i, controlled by out_i), gm = selfG_i: the self-coupling
 *
 * In 'activation' mode each memristor is replaced by a resistor of its initial memductance; in 'weight'
 * mode the neurons are replaced by voltage sources holding their initial activations.
 */
import { builtinDevices } from '@memflow/nodes';
import type { ElementSpec, Network } from '../../network/types.js';
import { NETWORK_FORMAT } from '../../network/types.js';
import { DeviceRegistry } from '../../compiler/registry.js';
import { compileSystem, type DeviceLookup } from '../../solver/system.js';
import { Kernel } from '../../solver/kernel.js';
import { resolveOptions } from '../../solver/options.js';
import { startTransient } from '../../solver/transient.js';
import { operatingPoint } from '../../solver/operating-point.js';
import { activation, memductance, type MemristorHopfieldSpec } from './network.js';
import type { HopfieldState } from './dynamics.js';

const pairId = (i: number, j: number) => `${i}_${j}`;

/** The circuit of a network with initial fluxes `phi` (membrane initial voltages are set at run time). */
export function buildHopfieldNetwork(spec: MemristorHopfieldSpec, phi: Float64Array, v0?: Float64Array): Network {
  const el: ElementSpec[] = [];
  const { n, pi, pj, sA, sB, rho, memristor: m } = spec;
  el.push({ id: 'vneg1', device: 'vsource', nodes: ['neg1', '0'], source: { dc: -1 } });
  for (let i = 0; i < n; i++) {
    if (spec.mode === 'weight') {
      const a = activation(spec, v0 ? v0[i] : 0);
      el.push({ id: `vo${i}`, device: 'vsource', nodes: [`out${i}`, '0'], source: { dc: a - 0.5 } });
      el.push({ id: `rin${i}`, device: 'resistor', nodes: [`in${i}`, '0'], params: { r: spec.r } });
    } else {
      el.push({
        id: `y${i}`,
        device: 'neuron.hopfield',
        nodes: [`in${i}`, `out${i}`, '0'],
        params: { c: spec.c, r: spec.r, activation: 3, gain: spec.gain, threshold: spec.threshold, amplitude: 0.5 },
      });
      el.push({ id: `ib${i}`, device: 'isource', nodes: ['0', `in${i}`], source: { dc: spec.bias[i] } });
    }
    if (spec.selfG) el.push({ id: `gs${i}`, device: 'vccs', nodes: ['0', `in${i}`, `out${i}`, '0'], params: { gm: spec.selfG[i] } });
    el.push({ id: `e${i}`, device: 'vcvs', nodes: [`nb${i}`, 'neg1', `out${i}`, '0'], params: { gain: -1 } });
  }
  for (let k = 0; k < pi.length; k++) {
    const i = pi[k];
    const j = pj[k];
    const id = pairId(i, j);
    const mid = `m${id}`;
    if (spec.mode === 'activation') {
      el.push({ id: `r${id}`, device: 'resistor', nodes: [`out${i}`, mid], params: { r: 1 / memductance(m, phi[k]) } });
    } else {
      const nodes = sA[k] > 0 ? [`out${i}`, mid] : [mid, `out${i}`];
      el.push({ id: `x${id}`, device: 'memristor.flux', nodes, params: { gmin: m.gmin, gmax: m.gmax, phi0: m.phi0, phimax: m.phimax, phi_init: phi[k] } });
    }
    el.push({ id: `fa${id}`, device: 'mirror', nodes: [mid, `k${id}`, '0', `in${i}`], params: { gain: rho * sA[k] } });
    el.push({ id: `fb${id}`, device: 'mirror', nodes: [`k${id}`, `nb${j}`, '0', `in${j}`], params: { gain: rho * sB[k] } });
  }
  return { format: NETWORK_FORMAT, title: `memristor Hopfield network, ${n} neurons, ${pi.length} memristors (${spec.mode})`, elements: el };
}

export interface CircuitRunOptions {
  readonly tstop: number;
  /** Output every `tstep` seconds (the kernel's steps are adaptive; samples are the accepted points). */
  readonly tstep: number;
  readonly solverOptions?: Readonly<Record<string, number>>;
  readonly lookup?: DeviceLookup;
}

export interface CircuitTrajectory {
  readonly t: number[];
  /** Per sample: membrane voltages and network fluxes. */
  readonly states: HopfieldState[];
  readonly accepted: number;
}

/** A compiled circuit of the network with its kernel and the rows of the membranes and fluxes. */
export interface HopfieldCircuit {
  readonly kernel: Kernel;
  readonly inRow: Int32Array;
  /** Flux state rows (null in 'activation' mode, where the memristors are resistors). */
  readonly phiRow: Int32Array | null;
}

/**
 * Compiles the circuit and loads (v0, φ0) into the kernel's unknowns: membranes as given, outputs and
 * inverters from the activations, the mirrors' sense ports at the inverter voltage they are shorted to.
 * Branch currents start at 0; they are linear unknowns the first Newton solve sets.
 */
export function prepareHopfieldCircuit(spec: MemristorHopfieldSpec, init: HopfieldState, o: { solverOptions?: Readonly<Record<string, number>>; lookup?: DeviceLookup } = {}): HopfieldCircuit {
  const network = buildHopfieldNetwork(spec, init.phi, init.v);
  const lookup = o.lookup ?? new DeviceRegistry(builtinDevices).lookup;
  const sys = compileSystem(network, lookup);
  const kernel = new Kernel(sys, resolveOptions({ reltol: 1e-6, vntol: 1e-9, abstol: 1e-12, ...o.solverOptions }));
  const node = (name: string) => {
    const k = sys.nodeIndex.get(name);
    if (k === undefined) throw new Error(`Hopfield circuit: node '${name}' missing`);
    return k;
  };
  const labelRow = new Map(sys.labels.map((l, k) => [l, k]));
  const stateRow = (id: string) => {
    const row = labelRow.get(`x(${id}.phi)`) ?? -1;
    if (row < 0) throw new Error(`Hopfield circuit: state of '${id}' missing`);
    return row;
  };
  const { n, pi, pj } = spec;
  const inRow = Int32Array.from({ length: n }, (_, i) => node(`in${i}`));
  const phiRow = spec.mode === 'activation' ? null : Int32Array.from(pi, (i, k) => stateRow(`x${pairId(i, pj[k])}`));
  const y = kernel.y;
  const act = Float64Array.from(init.v, (v) => activation(spec, v));
  for (let i = 0; i < n; i++) {
    y[inRow[i]] = spec.mode === 'weight' ? 0 : init.v[i];
    y[node(`out${i}`)] = act[i] - 0.5;
    y[node(`nb${i}`)] = -0.5 - act[i];
  }
  y[node('neg1')] = -1;
  for (let k = 0; k < pi.length; k++) {
    const id = pairId(pi[k], pj[k]);
    y[node(`m${id}`)] = -0.5 - act[pj[k]];
    y[node(`k${id}`)] = -0.5 - act[pj[k]];
    if (phiRow) y[phiRow[k]] = init.phi[k];
  }
  return { kernel, inRow, phiRow };
}

/**
 * The membrane voltages of the DC operating point with the fluxes held (the kernel holds device states
 * in DC analyses), Newton started from `near`: an equilibrium of the activation dynamics at those fluxes.
 */
export function hopfieldOperatingPoint(spec: MemristorHopfieldSpec, near: HopfieldState): Float64Array {
  const c = prepareHopfieldCircuit(spec, near);
  const res = operatingPoint(c.kernel, { dcSources: true, time: 0 });
  if (!res.converged) throw new Error('Hopfield circuit: operating point did not converge');
  return Float64Array.from(c.inRow, (r) => c.kernel.y[r]);
}

/** Simulates the network from (v0, φ0) with the circuit kernel (transient, initial conditions used). */
export function simulateHopfieldCircuit(spec: MemristorHopfieldSpec, init: HopfieldState, o: CircuitRunOptions): CircuitTrajectory {
  const { kernel, inRow, phiRow } = prepareHopfieldCircuit(spec, init, o);
  const y = kernel.y;
  const t: number[] = [];
  const states: HopfieldState[] = [];
  let next = 0;
  const record = (time: number) => {
    if (time + 1e-15 < next && time < o.tstop) return;
    next = time + o.tstep;
    t.push(time);
    // In 'weight' mode the neurons are sources: their membranes keep the initial values.
    const v = spec.mode === 'weight' ? Float64Array.from(init.v) : Float64Array.from(inRow, (r) => y[r]);
    const phi = phiRow ? Float64Array.from(phiRow, (r) => y[r]) : Float64Array.from(init.phi);
    states.push({ v, phi });
  };
  const run = startTransient(kernel, { tstep: o.tstep, tstop: o.tstop, uic: true }, { onPoint: record });
  run.advance(Infinity);
  return { t, states, accepted: run.stats.accepted };
}
