import type { DeviceModel } from '@memflow/plugin-sdk';
import { ramp, rampSlope } from './ramp.js';

/**
 * Ideal diode for resistor–diode (monotone operator) networks, as a limit of well-posed smooth models.
 *
 * The ideal diode is the complementarity relation i ≥ 0, v ≤ 0, i·v = 0 (v = v(a) − v(k), i from a
 * through the diode to k): a set-valued graph, not a function, so Newton cannot stamp it. This model is
 * the continuous, strictly increasing approximation
 *
 *   i(v) = goff·v + (1/ron − goff)·s(v),   s(v) = vs·ln(1 + e^(v/vs))   (s(v) = max(0, v) when vs = 0),
 *   di/dv = goff + (1/ron − goff)·σ(v/vs),  σ the logistic function,
 *
 * i.e. the piecewise-linear diode max(goff·v, v/ron) with its corner rounded over a width vs. It tends to
 * the ideal diode as ron, goff, vs → 0: a forward-biased diode carrying i > 0 has
 * v = ron·i + O(vs) (|v| ≤ ron·i + vs·ln(vs/(ron·i)) when i < vs/ron, where the model behaves like an
 * exponential junction with saturation current vs/ron and "thermal voltage" vs), and a reverse-biased
 * one at v < 0 leaks i = goff·v + (vs/ron)·e^(v/vs)·(1 + O(e^(v/vs))). Because i(v) is monotone the
 * resistor–diode network stays a monotone (maximal, strongly monotone with goff > 0) system with a
 * unique operating point, and Newton needs no limiting: softplus has no overflow and the
 * linearisation is exact on both linear tails. Newton's update test alone is not enough for so stiff a
 * device (a 1 µΩ diode moves 1 A for 1 µV, below vntol); the kernel's current test on the residual
 * (SPICE's CKTconvTest, with the run's own reltol and abstol) catches it.
 *
 * goff plays the role of SPICE's gmin (the kernel's gmin is not added on top, so goff → 0 is a true
 * limit). With vs = 0 the model is exactly piecewise linear (Newton then takes the on or off slope at a
 * corner, like a behavioural `max()` in SPICE).
 *
 * Sign convention: standard SPICE (current anode → cathode). Chaffey (2025) writes the diode relation
 * as the normal cone of ℝ₊, i.e. the same graph in the variables (−v, −i) / (v(k) − v(a)).
 */
export const idealDiode: DeviceModel = {
  id: 'diode.ideal',
  version: '1.0.0',
  title: 'Ideal diode (complementarity limit, smoothed piecewise-linear)',
  kind: 'diode',
  description:
    'i = goff·v + (1/ron − goff)·vs·ln(1 + exp(v/vs)), v = v(a) − v(k): the piecewise-linear diode max(goff·v, v/ron) with its corner smoothed over vs. Tends to the ideal diode (i ≥ 0, v ≤ 0, i·v = 0) as ron, goff, vs → 0.',
  citation:
    'T. Chaffey, "Circuit realization and hardware linearization of monotone operator equilibrium networks", arXiv:2509.13793 (2025); E. Winston, J. Z. Kolter, "Monotone operator equilibrium networks", NeurIPS 2020.',
  terminals: ['a', 'k'],
  params: {
    ron: { default: 1e-6, unit: 'Ω', min: 1e-15, doc: 'On resistance (forward slope 1/ron); → 0 for the ideal diode' },
    goff: { default: 1e-12, unit: 'S', min: 0, doc: 'Off conductance (reverse leak); → 0 for the ideal diode' },
    vs: {
      default: 1e-9,
      unit: 'V',
      min: 0,
      doc: 'Smoothing width of the corner at v = 0 (softplus); 0 = exactly piecewise linear; → 0 for the ideal diode',
    },
  },
  jacobian: [
    ['a', 'a'],
    ['a', 'k'],
    ['k', 'a'],
    ['k', 'k'],
  ],
  spice: { letter: 'D', modelType: 'd', level: ['ideal'] },
  evaluate(ctx) {
    const [va, vk] = ctx.x;
    const [fa, fk] = ctx.f;
    const [jaa, jak, jka, jkk] = ctx.df;
    const { ron, goff, vs } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const v = va[i] - vk[i];
      const go = goff[i];
      const dg = 1 / ron[i] - go;
      const cur = go * v + dg * ramp(v, vs[i]);
      const g = go + dg * rampSlope(v, vs[i]);
      fa[i] = cur;
      fk[i] = -cur;
      jaa[i] = g;
      jak[i] = -g;
      jka[i] = -g;
      jkk[i] = g;
    }
  },
};
