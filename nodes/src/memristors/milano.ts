import { cappedExp, twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

/**
 * Largest exponent evaluated exactly. Above it e^u is continued by its tangent line, e^U·(1 + u − U),
 * so that currents, rates and slopes stay finite (e^200 ≈ 7e86) whatever voltage Newton tries.
 */
const EXP_CAP = 200;
const capped = new Float64Array(2);

/**
 * Potentiation–depression memristive model of self-organising nanowire networks (Milano et al.; the
 * rate form of Miranda's quantum point-contact-inspired model):
 *   dg/dt = kp(v)·(1 − g) − kd(v)·g,  kp = kp0·e^(ηp·|v|),  kd = kd0·e^(−ηd·|v|),  g ∈ [0, 1];
 *   i = Y(g)·v,  Y = Ymin·(1 − g) + Ymax·g.
 * Under a constant v the state relaxes to kp/(kp + kd) with rate kp + kd.
 */
export const milanoMemristor: DeviceModel = {
  id: 'memristor.milano',
  version: '1.0.0',
  title: 'Potentiation–depression memristor (Milano/Miranda)',
  kind: 'memristor',
  description:
    'dg/dt = kp·(1 − g) − kd·g with kp = kp0·exp(etap·|v|) and kd = kd0·exp(−etad·|v|), g in [0, 1]; ' +
    'i = Y·v with Y = ymin·(1 − g) + ymax·g. Potentiation grows exponentially with |v|, depression (relaxation) ' +
    'dominates at low bias, so the conductance is volatile (short-term plasticity). Exponents above 200 are ' +
    'continued linearly (tangent of exp at 200) so Newton never sees an overflow. The derivative of |v| at ' +
    'v = 0 is taken as 0.',
  citation:
    'G. Milano, G. Pedretti, K. Montano, S. Ricci, S. Hashemkhani, L. Boarino, D. Ielmini, C. Ricciardi, "In materia reservoir computing with a fully memristive architecture based on self-organizing nanowire networks", Nat. Mater. 21 (2022) 195; ' +
    'E. Miranda, G. Milano, C. Ricciardi, "Modeling of short-term synaptic plasticity effects in ZnO nanowire-based memristors using a potentiation-depression rate balance equation", IEEE Trans. Nanotechnol. 19 (2020) 609.',
  terminals: ['p', 'n'],
  params: {
    kp0: { default: 2.555e-6, unit: '1/s', min: 0, doc: 'Potentiation rate at zero bias' },
    kd0: { default: 64.88, unit: '1/s', min: 0, doc: 'Depression (relaxation) rate at zero bias' },
    etap: { default: 34.92, unit: '1/V', min: 0, doc: 'Potentiation voltage sensitivity ηp' },
    etad: { default: 5.591, unit: '1/V', min: 0, doc: 'Depression voltage sensitivity ηd' },
    ymin: { default: 1.0147e-3, unit: 'S', min: 0, doc: 'Conductance at g = 0' },
    ymax: { default: 2.7235e-3, unit: 'S', min: 0, doc: 'Conductance at g = 1' },
    ginit: { default: 0, min: 0, max: 1, doc: 'Initial normalised conductance state g' },
  },
  states: {
    g: { init: 'ginit', min: 0, max: 1, doc: 'Normalised conductance state (fraction of potentiated conducting paths)', abstol: 1e-9 },
  },
  jacobian: twoTerminalStateJacobian('g'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['milano'] },
  evaluate(ctx) {
    const [vp, vn, gs] = ctx.x;
    const [fp, fn, fg] = ctx.f;
    const [jpp, jpn, jpg, jnp, jnn, jng, jgp, jgn, jgg] = ctx.df;
    const { kp0, kd0, etap, etad, ymin, ymax } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const v = vp[i] - vn[i];
      const g = gs[i];
      const dy = ymax[i] - ymin[i];
      const y = ymin[i] + dy * g;
      const cur = y * v;
      const dIdg = dy * v;
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = y;
      jpn[i] = -y;
      jpg[i] = dIdg;
      jnp[i] = -y;
      jnn[i] = y;
      jng[i] = -dIdg;

      const a = Math.abs(v);
      const sv = v > 0 ? 1 : v < 0 ? -1 : 0;
      const up = etap[i] * a;
      cappedExp(up, EXP_CAP, capped);
      const ep = capped[0];
      const dep = capped[1];
      const kp = kp0[i] * ep;
      const dkp = kp0[i] * dep * etap[i] * sv;
      // The depression exponent is never positive: no cap needed.
      const kd = kd0[i] * Math.exp(-etad[i] * a);
      const dkd = -kd * etad[i] * sv;
      fg[i] = kp * (1 - g) - kd * g;
      const dRdv = dkp * (1 - g) - dkd * g;
      jgp[i] = dRdv;
      jgn[i] = -dRdv;
      jgg[i] = -(kp + kd);
    }
  },
};
