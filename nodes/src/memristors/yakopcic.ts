import { cappedSinh, cappedExp, twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

/**
 * Exponent arguments are capped here: beyond the cap, exp (and sinh, cosh) continue along their tangent
 * at the cap (continuous value and slope), so Newton never meets Inf or NaN. e^80 ≈ 5.5e34, far beyond any
 * physical operating point (|b·v| or |v| of 80).
 */
const EXP_CAP = 80;

/**
 * Yakopcic generalised memristor model (Yakopcic et al. 2011, 2013):
 *
 *   i = a1·x·sinh(b·v) for v ≥ 0,  a2·x·sinh(b·v) for v < 0
 *   dx/dt = η·g(v)·f(x), x ∈ [0, 1]
 *   g(v) = Ap·(e^v − e^Vp) for v > Vp;  −An·(e^−v − e^Vn) for v < −Vn;  0 otherwise
 *   f(x) (η·v ≥ 0) = e^(−αp(x − xp))·wp(x) for x ≥ xp, 1 otherwise;  wp(x) = (xp − x)/(1 − xp) + 1
 *   f(x) (η·v < 0) = e^(αn(x + xn − 1))·wn(x) for x ≤ 1 − xn, 1 otherwise;  wn(x) = x/(1 − xn)
 */
export const yakopcicMemristor: DeviceModel = {
  id: 'memristor.yakopcic',
  version: '1.0.0',
  title: 'Yakopcic generalised memristor',
  kind: 'memristor',
  description: [
    'Voltage-threshold memristor with a tunnelling (sinh) I-V. State x in [0, 1].',
    'I-V: i = a1*x*sinh(b*v) for v >= 0; i = a2*x*sinh(b*v) for v < 0.',
    'State: dx/dt = eta*g(v)*f(x); g(v) = Ap*(exp(v) - exp(Vp)) for v > Vp; -An*(exp(-v) - exp(Vn)) for v < -Vn; 0 for -Vn <= v <= Vp.',
    'f(x) when eta*v >= 0: exp(-alphap*(x - xp))*wp(x) for x >= xp, else 1, with wp(x) = (xp - x)/(1 - xp) + 1 (wp(1) = 0).',
    'f(x) when eta*v < 0: exp(alphan*(x + xn - 1))*wn(x) for x <= 1 - xn, else 1, with wn(x) = x/(1 - xn) (wn(0) = 0).',
    'Voltages are in volts inside the exponentials, as in the papers. The kernel keeps x exactly inside [0, 1].',
    'Numerics: exp/sinh arguments above 80 in magnitude are continued linearly (C1), so Newton never meets Inf.',
  ].join('\n'),
  citation:
    'C. Yakopcic, T. M. Taha, G. Subramanyam, R. E. Pino, S. Rogers, "A Memristor Device Model", IEEE Electron Device Lett. 32 (2011) 1436–1438; C. Yakopcic, T. M. Taha, G. Subramanyam, R. E. Pino, "Generalized Memristive Device SPICE Model and its Application in Circuit Design", IEEE Trans. Comput.-Aided Des. 32 (2013) 1201–1214.',
  terminals: ['p', 'n'],
  params: {
    a1: { default: 0.17, unit: 'A', min: 0, doc: 'I–V amplitude for v ≥ 0 (relates to the dielectric thickness)' },
    a2: { default: 0.17, unit: 'A', min: 0, doc: 'I–V amplitude for v < 0' },
    b: { default: 0.05, unit: '1/V', min: 0, doc: 'I–V curvature: how far conduction is ohmic (small b) or tunnelling (large b)' },
    vp: { default: 0.16, unit: 'V', min: 0, doc: 'Positive voltage threshold' },
    vn: { default: 0.15, unit: 'V', min: 0, doc: 'Negative voltage threshold magnitude (switching for v < −Vn)' },
    ap: { default: 4000, unit: '1/s', min: 0, doc: 'Magnitude of the state motion above Vp' },
    an: { default: 4000, unit: '1/s', min: 0, doc: 'Magnitude of the state motion below −Vn' },
    xp: { default: 0.3, min: 0, max: 0.999999, doc: 'State beyond which motion for positive drive decays' },
    xn: { default: 0.5, min: 0, max: 0.999999, doc: 'Motion for negative drive decays for x below 1 − xn' },
    alphap: { default: 1, min: 0, doc: 'Decay rate of the motion beyond xp' },
    alphan: { default: 5, min: 0, doc: 'Decay rate of the motion below 1 − xn' },
    eta: { default: 1, min: -1, max: 1, doc: 'Direction of state motion relative to the voltage polarity (+1 or −1)' },
    x0: { default: 0.11, min: 0, max: 1, doc: 'Initial state', aliases: ['xo'] },
  },
  states: { x: { init: 'x0', min: 0, max: 1, doc: 'Normalised state variable', abstol: 1e-9 } },
  jacobian: twoTerminalStateJacobian('x'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['yakopcic', '3'] },
  evaluate(ctx) {
    const [vp, vn, xs] = ctx.x;
    const [fp, fn, fx] = ctx.f;
    const [jpp, jpn, jpx, jnp, jnn, jnx, jxp, jxn, jxx] = ctx.df;
    const P = ctx.p;
    const t = new Float64Array(2);
    for (let i = 0; i < ctx.n; i++) {
      const v = vp[i] - vn[i];
      const x = xs[i];
      const b = P.b[i];
      const a = v >= 0 ? P.a1[i] : P.a2[i];
      cappedSinh(b * v, EXP_CAP, t);
      const cur = a * x * t[0];
      const gv = a * x * b * t[1];
      const dIdx = a * t[0];
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = gv;
      jpn[i] = -gv;
      jpx[i] = dIdx;
      jnp[i] = -gv;
      jnn[i] = gv;
      jnx[i] = -dIdx;

      // Threshold function g(v) and g'(v).
      let g = 0;
      let dg = 0;
      if (v > P.vp[i]) {
        cappedExp(v, EXP_CAP, t);
        g = P.ap[i] * (t[0] - Math.exp(P.vp[i]));
        dg = P.ap[i] * t[1];
      } else if (v < -P.vn[i]) {
        cappedExp(-v, EXP_CAP, t);
        g = -P.an[i] * (t[0] - Math.exp(P.vn[i]));
        dg = P.an[i] * t[1];
      }
      if (g === 0 && dg === 0) {
        fx[i] = 0;
        jxp[i] = 0;
        jxn[i] = 0;
        jxx[i] = 0;
        continue;
      }
      // Motion window f(x) and f'(x), on the branch of the drive's direction.
      const eta = P.eta[i];
      let f = 1;
      let df = 0;
      if (eta * v >= 0) {
        const xp = P.xp[i];
        if (x >= xp) {
          const e = Math.exp(-P.alphap[i] * (x - xp));
          const wp = (xp - x) / (1 - xp) + 1;
          f = e * wp;
          df = e * (-P.alphap[i] * wp - 1 / (1 - xp));
        }
      } else {
        const xn = P.xn[i];
        if (x <= 1 - xn) {
          const e = Math.exp(P.alphan[i] * (x + xn - 1));
          const wn = x / (1 - xn);
          f = e * wn;
          df = e * (P.alphan[i] * wn + 1 / (1 - xn));
        }
      }
      fx[i] = eta * g * f;
      jxp[i] = eta * dg * f;
      jxn[i] = -jxp[i];
      jxx[i] = eta * g * df;
    }
  },
};
