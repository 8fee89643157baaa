import type { DeviceModel } from '@memflow/plugin-sdk';
import { ramp, rampSlope } from './ramp.js';

/**
 * The "diode ReLU": the non-ideal, piecewise-linear diode (an ideal diode in series with a threshold
 * voltage vth and a resistance rs), whose current is a shifted, scaled ReLU of its voltage:
 *
 *   i(v) = (1/rs)·s(v − vth) + goff·v,   s(x) = vs·ln(1 + e^(x/vs))   (s(x) = max(0, x) when vs = 0),
 *   di/dv = σ((v − vth)/vs)/rs + goff,
 *
 * v = v(a) − v(k), i from a through the diode to k. As vs → 0 and goff → 0, i → max(0, v − vth)/rs. The
 * softplus rounds the knee over a width vs (a crude stand-in for a real junction's exponential knee, whose
 * width is n·kT/q ≈ 26 mV); goff keeps a node reached only through off diodes determined. In a
 * resistor–diode network this element realises the "diode ReLU" activation of Chaffey (2025) instead of
 * the plain ReLU the ideal diode gives (see `diode.ideal`).
 */
export const diodeRelu: DeviceModel = {
  id: 'diode.relu',
  version: '1.0.0',
  title: 'Diode ReLU (threshold + series resistance, smoothed)',
  kind: 'diode',
  description:
    'i = vs·ln(1 + exp((v − vth)/vs))/rs + goff·v, v = v(a) − v(k): max(0, v − vth)/rs with the knee smoothed over vs, plus a leak goff.',
  citation:
    'T. Chaffey, "Circuit realization and hardware linearization of monotone operator equilibrium networks", arXiv:2509.13793 (2025) (diode ReLU from a non-ideal diode model).',
  terminals: ['a', 'k'],
  params: {
    vth: { default: 0.7, unit: 'V', doc: 'Threshold (turn-on) voltage', aliases: ['vt', 'von'] },
    rs: { default: 10, unit: 'Ω', min: 1e-12, doc: 'Series (on) resistance: forward slope 1/rs above vth', aliases: ['ron'] },
    vs: { default: 1e-3, unit: 'V', min: 0, doc: 'Smoothing width of the knee (softplus); 0 = exactly piecewise linear' },
    goff: { default: 1e-12, unit: 'S', min: 0, doc: 'Off (leak) conductance in parallel' },
  },
  jacobian: [
    ['a', 'a'],
    ['a', 'k'],
    ['k', 'a'],
    ['k', 'k'],
  ],
  spice: { letter: 'D', modelType: 'd', level: ['relu'] },
  evaluate(ctx) {
    const [va, vk] = ctx.x;
    const [fa, fk] = ctx.f;
    const [jaa, jak, jka, jkk] = ctx.df;
    const { vth, rs, vs, goff } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const v = va[i] - vk[i];
      const x = v - vth[i];
      const gon = 1 / rs[i];
      const cur = gon * ramp(x, vs[i]) + goff[i] * v;
      const g = gon * rampSlope(x, vs[i]) + goff[i];
      fa[i] = cur;
      fk[i] = -cur;
      jaa[i] = g;
      jak[i] = -g;
      jka[i] = -g;
      jkk[i] = g;
    }
  },
};
