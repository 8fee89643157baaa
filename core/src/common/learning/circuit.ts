/**
 * EBANA-style circuits for equilibrium propagation (Watfa et al. 2023; Kendall et al. 2020):
 *
 *  - every input feature x is fed twice, as DC voltage sources +x and −x (conductances are positive,
 *    so the pair gives each input a signed effective weight), plus one bias pair ±vbias;
 *  - each layer is a crossbar of resistors of conductance G ∈ [gmin, gmax] from every node of the
 *    previous layer (and the bias pair) to every node of the next;
 *  - hidden nodes carry a diode pair to two bias sources (EBANA's behavioural diodes): a "down" diode
 *    (anode at the node, cathode at clampHigh − vth) and an "up" diode (anode at clampLow + vth, cathode
 *    at the node), which clip the node voltage to about [clampLow, clampHigh];
 *  - optionally each hidden node drives the next crossbar through a bidirectional amplifier (gain A
 *    forward, 1/A backward);
 *  - output k is the voltage difference v(o_k+) − v(o_k−) of a node pair; current sources into each
 *    node of the pair nudge the outputs in the nudged phase.
 *
 * The circuit is compiled once; inputs, nudges and conductances are set in place in the compiled
 * system's parameter arrays between operating points.
 */
import { builtinDevices } from '@memflow/nodes';
import type { ElementSpec, Network } from '../network/types.js';
import { NETWORK_FORMAT } from '../network/types.js';
import { DeviceRegistry } from '../compiler/registry.js';
import { compileSystem, type CircuitSystem, type DeviceLookup } from '../solver/system.js';
import { Kernel } from '../solver/kernel.js';
import { resolveOptions } from '../solver/options.js';
import { operatingPoint } from '../solver/operating-point.js';
import { Prng } from '../random/prng.js';

export interface EbanaCircuitConfig {
  /** Layer sizes: [inputs, hidden..., outputs] (inputs and outputs before doubling). */
  readonly layers: readonly number[];
  /** Conductance range (S). */
  readonly gmin: number;
  readonly gmax: number;
  /** Bias pair ±vbias fed into every crossbar (V); 0 leaves it out. */
  readonly vbias: number;
  /** Hidden-node clipping range set by the diode pair's bias sources (V). */
  readonly clampLow: number;
  readonly clampHigh: number;
  /** Behavioural diode parameters (EBANA: vth 0.15 V, ron 1 Ω, roff 1e20 Ω). */
  readonly diode: { readonly vth: number; readonly ron: number; readonly roff: number };
  /** Amplification between each hidden layer and the next crossbar; undefined = none. */
  readonly amplifier?: { readonly gain: number; readonly shift: number };
}

export const DEFAULT_CIRCUIT: Omit<EbanaCircuitConfig, 'layers'> = {
  gmin: 1e-7,
  gmax: 1e-5,
  vbias: 1,
  clampLow: 0,
  clampHigh: 1,
  diode: { vth: 0.15, ron: 1, roff: 1e20 },
};

/** Solver options for learning: tight tolerances, since the nudged phase moves voltages by millivolts. */
const LEARNING_SOLVER_OPTIONS = { reltol: 1e-9, vntol: 1e-12, abstol: 1e-15 };

/** Crossbar layer l's weight (from node, to node) in the order of `EbanaCircuit.weights`. */
export interface WeightInfo {
  readonly id: string;
  readonly layer: number;
  readonly from: string;
  readonly to: string;
}

/** Builds the network of an EBANA circuit (conductances at gmax until set). */
export function buildEbanaNetwork(cfg: EbanaCircuitConfig): { network: Network; weights: WeightInfo[] } {
  const { layers } = cfg;
  if (layers.length < 2 || layers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('EBANA circuit: layers must be at least two positive integers');
  if (!(cfg.gmin > 0 && cfg.gmax > cfg.gmin)) throw new Error('EBANA circuit: need 0 < gmin < gmax');
  const el: ElementSpec[] = [];
  const weights: WeightInfo[] = [];
  const vsrc = (id: string, node: string, dc: number) => el.push({ id, device: 'vsource', nodes: [node, '0'], source: { dc } });
  const nIn = layers[0];
  let prev: string[] = [];
  for (let k = 0; k < nIn; k++) {
    vsrc(`vx${k}p`, `x${k}p`, 0);
    vsrc(`vx${k}n`, `x${k}n`, 0);
    prev.push(`x${k}p`, `x${k}n`);
  }
  const bias: string[] = [];
  if (cfg.vbias !== 0) {
    vsrc('vbp', 'bp', cfg.vbias);
    vsrc('vbn', 'bn', -cfg.vbias);
    bias.push('bp', 'bn');
  }
  const hidden = layers.length > 2;
  if (hidden) {
    vsrc('vdhi', 'dhi', cfg.clampHigh - cfg.diode.vth);
    vsrc('vdlo', 'dlo', cfg.clampLow + cfg.diode.vth);
  }
  const diodeParams = { vth: cfg.diode.vth, ron: cfg.diode.ron, roff: cfg.diode.roff };
  for (let l = 1; l < layers.length; l++) {
    const last = l === layers.length - 1;
    const next: string[] = [];
    for (let j = 0; j < layers[l]; j++) {
      if (last) next.push(`o${j}p`, `o${j}n`);
      else next.push(`h${l}_${j}`);
    }
    for (const to of next)
      for (const from of [...prev, ...bias]) {
        const id = `g${l}_${from}_${to}`;
        el.push({ id, device: 'resistor', nodes: [from, to], params: { r: 1 / cfg.gmax } });
        weights.push({ id, layer: l, from, to });
      }
    if (last) {
      for (let j = 0; j < layers[l]; j++) {
        el.push({ id: `ib${j}p`, device: 'isource', nodes: ['0', `o${j}p`], source: { dc: 0 } });
        el.push({ id: `ib${j}n`, device: 'isource', nodes: ['0', `o${j}n`], source: { dc: 0 } });
      }
      prev = next;
    } else {
      const out: string[] = [];
      for (const h of next) {
        el.push({ id: `dd_${h}`, device: 'diode.behavioural', nodes: [h, 'dhi'], params: diodeParams });
        el.push({ id: `du_${h}`, device: 'diode.behavioural', nodes: ['dlo', h], params: diodeParams });
        if (cfg.amplifier) {
          el.push({ id: `ya_${h}`, device: 'amplifier.bidirectional', nodes: [h, `a_${h}`, '0'], params: { gain: cfg.amplifier.gain, shift: cfg.amplifier.shift } });
          out.push(`a_${h}`);
        } else out.push(h);
      }
      prev = out;
    }
  }
  return { network: { format: NETWORK_FORMAT, title: `EBANA ${layers.join('-')}`, elements: el }, weights };
}

/** Glorot-uniform initial weights mapped into [gmin, gmax] around the middle of the range. */
export function glorotConductances(cfg: EbanaCircuitConfig, weights: readonly WeightInfo[], rng: Prng): Float64Array {
  const fan = new Map<number, { fin: number; fout: number }>();
  for (let l = 1; l < cfg.layers.length; l++) {
    const fin = 2 * cfg.layers[l - 1] + (cfg.vbias !== 0 ? 2 : 0);
    const fout = l === cfg.layers.length - 1 ? 2 * cfg.layers[l] : cfg.layers[l];
    fan.set(l, { fin, fout });
  }
  const mid = (cfg.gmin + cfg.gmax) / 2;
  const half = (cfg.gmax - cfg.gmin) / 2;
  const g = new Float64Array(weights.length);
  for (let k = 0; k < weights.length; k++) {
    const f = fan.get(weights[k].layer) ?? { fin: 1, fout: 1 };
    const a = Math.min(1, Math.sqrt(6 / (f.fin + f.fout)));
    g[k] = Math.min(cfg.gmax, Math.max(cfg.gmin, mid + half * rng.uniform(-a, a)));
  }
  return g;
}

/** A compiled EBANA circuit with in-place access to inputs, nudges and conductances. */
export class EbanaCircuit {
  readonly network: Network;
  readonly weights: readonly WeightInfo[];
  readonly sys: CircuitSystem;
  readonly kernel: Kernel;
  /** Node unknowns of each weight's terminals. */
  readonly wFrom: Int32Array;
  readonly wTo: Int32Array;
  private readonly rArr: Float64Array;
  private readonly rIdx: Int32Array;
  private readonly inArr: Float64Array;
  private readonly inIdx: Int32Array;
  private readonly nudgeArr: Float64Array;
  private readonly nudgeIdx: Int32Array;
  /** Output pairs: unknowns of o_k+ and o_k−. */
  readonly outP: Int32Array;
  readonly outN: Int32Array;

  constructor(
    readonly config: EbanaCircuitConfig,
    lookup: DeviceLookup = new DeviceRegistry(builtinDevices).lookup,
  ) {
    const built = buildEbanaNetwork(config);
    this.network = built.network;
    this.weights = built.weights;
    this.sys = compileSystem(this.network, lookup);
    this.kernel = new Kernel(this.sys, resolveOptions(LEARNING_SOLVER_OPTIONS));
    const at = (id: string) => {
      const e = this.sys.elements.get(id);
      if (!e) throw new Error(`EBANA circuit: element '${id}' missing`);
      return e;
    };
    const node = (name: string) => {
      const k = this.sys.nodeIndex.get(name);
      if (k === undefined) throw new Error(`EBANA circuit: node '${name}' missing`);
      return k;
    };
    const nW = this.weights.length;
    this.wFrom = new Int32Array(nW);
    this.wTo = new Int32Array(nW);
    this.rIdx = new Int32Array(nW);
    this.rArr = at(this.weights[0].id).group.p.r;
    this.weights.forEach((w, k) => {
      const e = at(w.id);
      if (e.group.p.r !== this.rArr) throw new Error('EBANA circuit: resistors in more than one group');
      this.rIdx[k] = e.i;
      this.wFrom[k] = node(w.from);
      this.wTo[k] = node(w.to);
    });
    const nIn = config.layers[0];
    this.inIdx = new Int32Array(2 * nIn);
    this.inArr = at('vx0p').group.p.dc;
    for (let k = 0; k < nIn; k++) {
      this.inIdx[2 * k] = at(`vx${k}p`).i;
      this.inIdx[2 * k + 1] = at(`vx${k}n`).i;
    }
    const nOut = config.layers[config.layers.length - 1];
    this.nudgeIdx = new Int32Array(2 * nOut);
    this.nudgeArr = at('ib0p').group.p.dc;
    this.outP = new Int32Array(nOut);
    this.outN = new Int32Array(nOut);
    for (let k = 0; k < nOut; k++) {
      this.nudgeIdx[2 * k] = at(`ib${k}p`).i;
      this.nudgeIdx[2 * k + 1] = at(`ib${k}n`).i;
      this.outP[k] = node(`o${k}p`);
      this.outN[k] = node(`o${k}n`);
    }
  }

  get nOut(): number {
    return this.outP.length;
  }

  setConductances(g: ArrayLike<number>): void {
    for (let k = 0; k < this.rIdx.length; k++) this.rArr[this.rIdx[k]] = 1 / g[k];
  }

  setConductance(k: number, g: number): void {
    this.rArr[this.rIdx[k]] = 1 / g;
  }

  /** Drives the input pairs with +x and −x. */
  setInput(x: readonly number[]): void {
    for (let k = 0; k < x.length; k++) {
      this.inArr[this.inIdx[2 * k]] = x[k];
      this.inArr[this.inIdx[2 * k + 1]] = -x[k];
    }
  }

  /** Injects current i_k into o_k+ and −i_k into o_k− (a nudge of the difference output). */
  setNudge(i: ArrayLike<number> | null): void {
    for (let k = 0; k < this.nOut; k++) {
      const v = i ? i[k] : 0;
      this.nudgeArr[this.nudgeIdx[2 * k]] = v;
      this.nudgeArr[this.nudgeIdx[2 * k + 1]] = -v;
    }
  }

  /** Forgets the solver's history (see Kernel.forgetFactorization): each solve's bits depend only on its start. */
  resetSolver(): void {
    this.kernel.forgetFactorization();
  }

  /** DC operating point from the kernel's current state (warm start). */
  solve(): void {
    operatingPoint(this.kernel, { dcSources: true, time: 0 });
  }

  /** Outputs v(o_k+) − v(o_k−) at the last solve. */
  outputs(out: Float64Array = new Float64Array(this.nOut)): Float64Array {
    const y = this.kernel.y;
    for (let k = 0; k < this.nOut; k++) out[k] = y[this.outP[k]] - y[this.outN[k]];
    return out;
  }

  /** Squared voltage across every weight at the last solve. */
  squaredDrops(out: Float64Array = new Float64Array(this.wFrom.length)): Float64Array {
    const y = this.kernel.y;
    for (let k = 0; k < out.length; k++) {
      const d = y[this.wFrom[k]] - y[this.wTo[k]];
      out[k] = d * d;
    }
    return out;
  }

  /** Magnitude of the voltage across every weight at the last solve. */
  absoluteDrops(out: Float64Array = new Float64Array(this.wFrom.length)): Float64Array {
    const y = this.kernel.y;
    for (let k = 0; k < out.length; k++) out[k] = Math.abs(y[this.wFrom[k]] - y[this.wTo[k]]);
    return out;
  }
}
