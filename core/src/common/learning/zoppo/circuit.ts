/**
 * The memristor RNN (network.ts) as a memflow circuit, for its equilibria: the kernel's DC operating
 * point of this circuit is the fixed point u* = W·ρ(u*) + V·x (free phase), or the nudged fixed point
 * u = W·ρ + V·x − β·(ρ_out − t) (EqProp's second phase).
 *
 *   neuron i:   neuron.hopfield (in_i, out_i, 0), tanh, r = R: in DC its membrane sits at R·(input current)
 *   input k:    vsource x_k (x_0 = 1 V, the bias)
 *   weight w from source node s (out_j or x_k) into neuron i: a memristor.flux s → a_w and a reference
 *               resistor 1/Gref s → b_w, each into the sense port of a current mirror (a virtual
 *               ground) whose output injects ±κ times its current into in_i, κ = 2·wmax/(R·(gmax − gmin)):
 *               R·κ·(G(φ) − Gref)·v(s) = wmax·(2σ(φ/φ0) − 1)·v(s) = w·v(s)
 *   nudge:      per output o a VCCS −β/R·v(out_o) and a current β·t_o/R into in_o
 *
 * A symmetric pair uses two memristors programmed to the same flux (one reading out_j into neuron i, one
 * reading out_i into neuron j). The kernel holds device states in DC analyses, so both keep that flux;
 * in a transient the ideal flux memristors would integrate their different read voltages and drift
 * apart (they have no read threshold), which is why learning runs on the fast path and this circuit
 * serves as the independent check of its equilibria.
 */
import { builtinDevices } from '@memflow/nodes';
import type { ElementSpec, Network } from '../../network/types.js';
import { NETWORK_FORMAT } from '../../network/types.js';
import { DeviceRegistry } from '../../compiler/registry.js';
import { compileSystem } from '../../solver/system.js';
import { Kernel } from '../../solver/kernel.js';
import { resolveOptions } from '../../solver/options.js';
import { operatingPoint } from '../../solver/operating-point.js';
import type { RnnParams, RnnSpec } from './network.js';

/** Memristor range used for every weight (S) and the neurons' leak (Ω). */
const GMIN = 1e-5;
const GMAX = 1e-3;
const R = 1e3;

export function rnnNetwork(spec: RnnSpec, p: RnnParams, x: ArrayLike<number>, nudge?: { beta: number; target: ArrayLike<number> }): Network {
  const el: ElementSpec[] = [];
  const gref = (GMIN + GMAX) / 2;
  const kappa = (2 * spec.wmax) / (R * (GMAX - GMIN));
  for (let i = 0; i < spec.n; i++) el.push({ id: `y${i}`, device: 'neuron.hopfield', nodes: [`in${i}`, `out${i}`, '0'], params: { r: R, c: 1e-6, activation: 0, gain: 1, amplitude: 1 } });
  for (let k = 0; k < spec.k; k++) el.push({ id: `vx${k}`, device: 'vsource', nodes: [`x${k}`, '0'], source: { dc: k === 0 ? 1 : x[k] } });
  const weight = (id: string, src: string, dst: number, phi: number) => {
    el.push({ id: `m${id}`, device: 'memristor.flux', nodes: [src, `a${id}`], params: { gmin: GMIN, gmax: GMAX, phi0: spec.phi0, phimax: spec.phimax, phi_init: phi } });
    el.push({ id: `fa${id}`, device: 'mirror', nodes: [`a${id}`, '0', '0', `in${dst}`], params: { gain: kappa } });
    el.push({ id: `r${id}`, device: 'resistor', nodes: [src, `b${id}`], params: { r: 1 / gref } });
    el.push({ id: `fb${id}`, device: 'mirror', nodes: [`b${id}`, '0', '0', `in${dst}`], params: { gain: -kappa } });
  };
  for (let q = 0; q < spec.pi.length; q++) {
    const i = spec.pi[q];
    const j = spec.pj[q];
    weight(`w${q}a`, `out${j}`, i, p.phiW[q]);
    weight(`w${q}b`, `out${i}`, j, p.phiW[q]);
  }
  for (let q = 0; q < spec.ci.length; q++) weight(`v${q}`, `x${spec.ck[q]}`, spec.ci[q], p.phiV[q]);
  if (nudge)
    spec.outputs.forEach((o, q) => {
      el.push({ id: `gn${q}`, device: 'vccs', nodes: ['0', `in${o}`, `out${o}`, '0'], params: { gm: -nudge.beta / R } });
      el.push({ id: `in${q}`, device: 'isource', nodes: ['0', `in${o}`], source: { dc: (nudge.beta * nudge.target[q]) / R } });
    });
  return { format: NETWORK_FORMAT, title: `memristor RNN, ${spec.n} neurons`, elements: el };
}

/**
 * Membrane voltages (= u) at the circuit's DC operating point, Newton started from `near` (u) so that a
 * multistable network lands on the same equilibrium as the fast path.
 */
export function rnnOperatingPoint(spec: RnnSpec, p: RnnParams, x: ArrayLike<number>, near: Float64Array, nudge?: { beta: number; target: ArrayLike<number> }): Float64Array {
  const sys = compileSystem(rnnNetwork(spec, p, x, nudge), new DeviceRegistry(builtinDevices).lookup);
  const kernel = new Kernel(sys, resolveOptions({ reltol: 1e-9, vntol: 1e-12, abstol: 1e-15 }));
  const row = (name: string) => {
    const r = sys.nodeIndex.get(name);
    if (r === undefined) throw new Error(`RNN circuit: node '${name}' missing`);
    return r;
  };
  for (let i = 0; i < spec.n; i++) {
    kernel.y[row(`in${i}`)] = near[i];
    kernel.y[row(`out${i}`)] = Math.tanh(near[i]);
  }
  const res = operatingPoint(kernel, { dcSources: true, time: 0 });
  if (!res.converged) throw new Error('RNN circuit: operating point did not converge');
  return Float64Array.from({ length: spec.n }, (_, i) => kernel.y[row(`in${i}`)]);
}
