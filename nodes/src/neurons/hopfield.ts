import type { DeviceModel } from '@memflow/plugin-sdk';

const { exp, tanh } = Math;

const ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'pwl'] as const;
const TANH = 0;
const SIGMOID = 1;
const RELU = 2;
const PWL = 3;

/** σ(z) of the chosen activation into out[0] and dσ/dz into out[1] (one-sided at the kinks). */
function activation(kind: number, z: number, out: Float64Array): void {
  switch (kind) {
    case SIGMOID: {
      // Evaluated on the side where the exponential cannot overflow.
      if (z >= 0) {
        const e = exp(-z);
        const s = 1 / (1 + e);
        out[0] = s;
        out[1] = s * e * s;
      } else {
        const e = exp(z);
        const s = e / (1 + e);
        out[0] = s;
        out[1] = s / (1 + e);
      }
      return;
    }
    case RELU:
      out[0] = z > 0 ? z : 0;
      out[1] = z > 0 ? 1 : 0;
      return;
    case PWL:
      // ½(|z + 1| − |z − 1|): the saturating linear function of cellular neural networks.
      out[0] = z > 1 ? 1 : z < -1 ? -1 : z;
      out[1] = z > 1 || z < -1 ? 0 : 1;
      return;
    default: {
      const t = tanh(z);
      out[0] = t;
      out[1] = 1 - t * t;
    }
  }
}

/**
 * Hopfield / Cohen–Grossberg neuron with a graded response, as one circuit element.
 *
 * Terminals `in`, `out`, `ref`. Between `in` and `ref` sits the membrane: a capacitor c in parallel with
 * a leak resistor r. The synaptic input is whatever current the rest of the network drives into `in`
 * (memristive or resistive synapses from other neurons' outputs, bias current sources), so with
 * v = v(in) − v(ref) the element obeys
 *
 *   c·dv/dt = −v/r + I_in.
 *
 * The output `out` is an ideal voltage source referenced to `ref` — a VCVS with a nonlinear transfer,
 * its current an unknown of the circuit (readable as i(element)):
 *
 *   v(out) − v(ref) = f(v) = amplitude · σ(gain · (v − threshold)),
 *   σ ∈ { tanh, sigmoid 1/(1 + e^(−z)), relu max(0, z), pwl ½(|z + 1| − |z − 1|) }   (param `activation`),
 *
 * so synapses (memristor crossbars, resistors) read the neuron's activation as a voltage and feed the
 * current G_ij·(f(v_j) − v_i) into neuron i: with conductances G_ij from out_j to in_i the network is
 * Hopfield's (1984) circuit, C_i·v̇_i = −v_i/R_i + Σ_j G_ij·(f(v_j) − v_i) + I_i, whose effective leak is
 * 1/R_i + Σ_j G_ij. The output draws no current from the membrane. A negative `amplitude` gives the
 * inverted output Hopfield uses for inhibitory (negative) weights. For symmetric G and a strictly
 * increasing f (tanh, sigmoid) the energy E = −½ΣG_ij V_i V_j + Σ_i (1/R_i + Σ_j G_ij)∫₀^{V_i} f⁻¹ − Σ I_i V_i,
 * V = f(v), decreases along trajectories (dE/dt = −Σ C_i f′(v_i) v̇_i² ≤ 0).
 *
 * In .op/.dc the capacitor is open and the membrane sits at its equilibrium v = r·I_in.
 */
export const hopfieldNeuron: DeviceModel = {
  id: 'neuron.hopfield',
  version: '1.0.0',
  title: 'Hopfield / Cohen–Grossberg neuron (membrane RC + activation voltage output)',
  kind: 'neuron',
  description:
    'Membrane between in and ref: c·dv/dt = −v/r + I_in, v = v(in) − v(ref), I_in the current the network drives into `in`. Output: ideal voltage source v(out) − v(ref) = amplitude·σ(gain·(v − threshold)), σ ∈ {tanh, sigmoid, relu, pwl}.',
  citation:
    'J. J. Hopfield, "Neurons with graded response have collective computational properties like those of two-state neurons", PNAS 81 (1984) 3088; M. A. Cohen, S. Grossberg, IEEE Trans. Syst. Man Cybern. 13 (1983) 815; M. Di Marco, M. Forti, L. Pancioni, G. Innocenti, A. Tesi, "Convergent weight and activation dynamics in memristor neural networks" (2025).',
  terminals: ['in', 'out', 'ref'],
  branches: ['i'],
  params: {
    c: { default: 1e-6, unit: 'F', min: 0, doc: 'Membrane capacitance (in–ref)', aliases: ['capacitance', 'cm'] },
    r: { default: 1e3, unit: 'Ω', min: 1e-9, doc: 'Membrane leak resistance (in–ref); τ = r·c without synapses', aliases: ['resistance', 'rm'] },
    activation: { default: TANH, choices: ACTIVATIONS, doc: 'Activation σ of the output: tanh, sigmoid, relu or pwl (saturating linear)' },
    gain: { default: 1, unit: '1/V', doc: 'Slope of the activation argument: z = gain·(v − threshold)' },
    threshold: { default: 0, unit: 'V', doc: 'Membrane voltage at which z = 0', aliases: ['theta', 'vth'] },
    amplitude: { default: 1, unit: 'V', doc: 'Output scale: v(out) − v(ref) = amplitude·σ(z); negative for an inverting output', aliases: ['scale', 'vmax'] },
  },
  jacobian: [
    ['in', 'in'],
    ['in', 'ref'],
    ['out', 'i'],
    ['ref', 'in'],
    ['ref', 'ref'],
    ['ref', 'i'],
    ['i', 'in'],
    ['i', 'out'],
    ['i', 'ref'],
  ],
  charges: {
    rows: ['in', 'ref'],
    jacobian: [
      ['in', 'in'],
      ['in', 'ref'],
      ['ref', 'in'],
      ['ref', 'ref'],
    ],
  },
  spice: { letter: 'Y', modelType: 'neuron', level: ['hopfield'] },
  evaluate(ctx) {
    const [vin, vout, vref, ib] = ctx.x;
    const [fin, fout, fref, fb] = ctx.f;
    const qin = ctx.q[0];
    const qref = ctx.q[2];
    const [jii, jir, joi, jri, jrr, jrb, jbi, jbo, jbr] = ctx.df;
    const [qii, qir, qri, qrr] = ctx.dq;
    const { c, r, activation: act, gain, threshold, amplitude } = ctx.p;
    const s = new Float64Array(2);
    for (let i = 0; i < ctx.n; i++) {
      const v = vin[i] - vref[i];
      const g = 1 / r[i];
      const leak = g * v;
      activation(act[i] | 0, gain[i] * (v - threshold[i]), s);
      const slope = amplitude[i] * s[1] * gain[i];
      fin[i] = leak;
      fout[i] = ib[i];
      fref[i] = -leak - ib[i];
      fb[i] = vout[i] - vref[i] - amplitude[i] * s[0];
      jii[i] = g;
      jir[i] = -g;
      joi[i] = 1;
      jri[i] = -g;
      jrr[i] = g;
      jrb[i] = -1;
      jbi[i] = -slope;
      jbo[i] = 1;
      jbr[i] = slope - 1;
      const q = c[i] * v;
      qin[i] = q;
      qref[i] = -q;
      qii[i] = c[i];
      qir[i] = -c[i];
      qri[i] = -c[i];
      qrr[i] = c[i];
    }
  },
};
