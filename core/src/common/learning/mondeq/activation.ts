/**
 * The neuron nonlinearity of a resistor–diode monDEQ, as the diode that realises it.
 *
 * Each neuron node z_j has a diode from ground (anode) to z_j (cathode). With the linear part of the
 * circuit drawing (I − W)z − u from the neurons, Kirchhoff's current law reads
 *
 *   0 = (I − W) z − u + F(z),   F(z_j) = −i_d(v = −z_j)   (the diode's current into the neuron, negated),
 *
 * and F is monotone because the diode's i–v curve is. Written as z + F(z) = W z + u this is the monDEQ
 * equilibrium z = σ(W z + u) with σ = (I + F)⁻¹, the resolvent of F (Winston & Kolter 2020: every
 * such σ is the proximal operator of a convex function). The ideal diode's F is the normal cone of ℝ₊,
 * whose resolvent is the projection onto ℝ₊, i.e. the ReLU (Chaffey 2025); a non-ideal diode
 * (threshold vth, series rs) gives the "diode ReLU" σ(y) = y above −vth and (rs·y − vth)/(1 + rs) below,
 * its knee rounded by the model's smoothing.
 *
 * The splitting solvers need the scaled resolvent σ_α = (I + αF)⁻¹; the implicit gradient needs σ'
 * at the equilibrium, 1/(1 + F'(z)).
 */
import { builtinDevices } from '@memflow/nodes';
import type { DeviceModel, EvalContext } from '@memflow/plugin-sdk';

export interface NeuronActivation {
  readonly name: string;
  /** The two-terminal diode (terminals anode, cathode) that realises the neuron in the circuit. */
  readonly device: { readonly id: string; readonly params: Readonly<Record<string, number>> };
  /** σ_α(v) = (I + αF)⁻¹(v). */
  resolvent(v: number, alpha: number): number;
  /** σ'(y) at an equilibrium with neuron value z and pre-activation y = (W z + u)_j. */
  derivative(z: number, y: number): number;
}

/**
 * Ideal-diode circuit parameters: on resistance 1 nΩ, leak 1 pS, corner rounded over 1 pV, so that the
 * circuit's operating point is within about ron·i of the exact ReLU equilibrium (nV for currents of
 * order 1 A) — well inside the 1e-6 agreement the tests ask for.
 */
export const IDEAL_DIODE_PARAMS = { ron: 1e-9, goff: 1e-12, vs: 1e-12 } as const;

/** The ReLU monDEQ: exact ReLU in the splitting solvers, an ideal diode in the circuit. */
export function reluActivation(params: Readonly<Record<string, number>> = IDEAL_DIODE_PARAMS): NeuronActivation {
  return {
    name: 'relu',
    device: { id: 'diode.ideal', params },
    resolvent: (v) => (v > 0 ? v : 0),
    derivative: (_z, y) => (y > 0 ? 1 : 0),
  };
}

/** F(z) and F'(z) of a two-terminal diode model, evaluated through the model itself (one instance). */
export class DiodeOperator {
  private readonly ctx: EvalContext;

  constructor(
    readonly model: DeviceModel,
    params: Readonly<Record<string, number>>,
  ) {
    if (model.terminals.length !== 2 || (model.branches?.length ?? 0) > 0 || (model.internalNodes?.length ?? 0) > 0 || model.states)
      throw new Error(`monDEQ activation: '${model.id}' is not a plain two-terminal device`);
    const p: Record<string, Float64Array> = {};
    for (const [name, spec] of Object.entries(model.params)) p[name] = Float64Array.of(spec.default);
    for (const [name, v] of Object.entries(params)) {
      if (!(name in p)) throw new Error(`monDEQ activation: '${model.id}' has no parameter '${name}' (known: ${Object.keys(model.params).join(', ')})`);
      p[name][0] = v;
    }
    const work: Record<string, Float64Array> = {};
    for (const name of model.work ?? []) work[name] = new Float64Array(1);
    this.ctx = {
      n: 1,
      mode: 'dc',
      time: 0,
      dcSources: true,
      sourceScale: 1,
      gmin: 0,
      firstIteration: false,
      noncon: 0,
      x: [new Float64Array(1), new Float64Array(1)],
      p,
      data: [undefined],
      work,
      f: [new Float64Array(1), new Float64Array(1)],
      q: [new Float64Array(1), new Float64Array(1)],
      df: model.jacobian.map(() => new Float64Array(1)),
      dq: (model.charges?.jacobian ?? []).map(() => new Float64Array(1)),
    };
  }

  /** F(z) = current the diode draws out of the neuron node at z (the anode grounded); F'(z) ≥ 0. */
  eval(z: number): { F: number; dF: number } {
    const ctx = this.ctx;
    ctx.x[1][0] = z;
    this.model.evaluate(ctx);
    const kk = this.model.jacobian.findIndex(([r, c]) => r === this.model.terminals[1] && c === this.model.terminals[1]);
    return { F: ctx.f[1][0], dF: ctx.df[kk][0] };
  }
}

/**
 * The activation of a non-ideal diode (default `diode.relu`, the "diode ReLU" of Chaffey 2025): the
 * resolvent of the diode's operator, computed by safeguarded Newton on the increasing scalar equation
 * z + αF(z) = v (slope ≥ 1, so the root lies within α|F(v)| of v).
 */
export function diodeActivation(id = 'diode.relu', params: Readonly<Record<string, number>> = { vth: 0.2, rs: 0.02, vs: 0.01, goff: 1e-9 }): NeuronActivation {
  const model = builtinDevices.find((d) => d.id === id);
  if (!model) throw new Error(`monDEQ activation: no device model '${id}'`);
  const op = new DiodeOperator(model, params);
  return {
    name: id === 'diode.relu' ? 'diode-relu' : id,
    device: { id, params },
    resolvent(v, alpha) {
      const f0 = op.eval(v).F;
      if (f0 === 0) return v;
      let lo = f0 > 0 ? v - alpha * f0 : v;
      let hi = f0 > 0 ? v : v - alpha * f0;
      let z = v;
      for (let it = 0; it < 100; it++) {
        const { F, dF } = op.eval(z);
        const phi = z + alpha * F - v;
        if (phi > 0) hi = z;
        else lo = z;
        let next = z - phi / (1 + alpha * dF);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (Math.abs(next - z) <= 1e-15 * Math.max(1, Math.abs(z)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(z))) return next;
        z = next;
      }
      return z;
    },
    derivative: (z) => 1 / (1 + op.eval(z).dF),
  };
}
