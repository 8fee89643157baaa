import { cappedExp, cappedSinh, twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

const WINDOWS = ['none', 'joglekar'] as const;
const JOGLEKAR = 1;

/**
 * Largest argument of exp/sinh evaluated exactly. Beyond it both are continued by their tangent line at
 * the cap (e^200 ≈ 7e86), so currents and slopes stay finite whatever voltage Newton tries.
 */
const EXP_CAP = 200;
const capped = new Float64Array(2);

/**
 * Lehtonen–Laiho nonlinear ion-drift memristor (voltage controlled):
 *   i = w^n·β·sinh(α·v) + χ·(e^(γ·v) − 1),   dw/dt = a·f(w)·v^q,   w ∈ [wmin, wmax].
 * v^q is evaluated as sgn(v)·|v|^q, which is v^q for the odd integer q of the paper and keeps the sign
 * for any real q ≥ 1. f(w) is Joglekar's window 1 − (2w − 1)^(2p) (default) or 1; the kernel's projection
 * stops w exactly at its bounds, which lie inside (0, 1) so Joglekar's window never freezes the state.
 */
export const lehtonenLaihoMemristor: DeviceModel = {
  id: 'memristor.lehtonen-laiho',
  version: '1.0.0',
  title: 'Lehtonen–Laiho nonlinear ion-drift memristor',
  kind: 'memristor',
  description:
    'i = w^n·beta·sinh(alpha·v) + chi·(exp(gamma·v) − 1); dw/dt = a·f(w)·v^q with v^q = sgn(v)·|v|^q (q odd in the paper), ' +
    'w in [wmin, wmax]. The first current term is the state-modulated tunnelling/drift conduction, the second a ' +
    'rectifying (Schottky-like) leakage independent of the state. Window f(w): "joglekar" 1 − (2w − 1)^(2p) ' +
    '(default, as in the Lehtonen–Laiho CNN paper and the Technion Verilog-A implementation) or "none" (f = 1; the ' +
    'state bounds alone confine w). sinh, exp and |v|^q are exact up to an argument of 200 (for |v|^q: q·ln|v| ≤ 200) ' +
    'and continued by their tangent line beyond, so Newton never sees an overflow.',
  citation:
    'E. Lehtonen, M. Laiho, "CNN using memristors for neighborhood connections", 12th Int. Workshop on Cellular Nanoscale Networks and their Applications (CNNA 2010), Berkeley, 2010; ' +
    'window: Y. N. Joglekar, S. J. Wolf, Eur. J. Phys. 30 (2009) 661; see also S. Kvatinsky et al., "TEAM: ThrEshold Adaptive Memristor Model", IEEE Trans. Circuits Syst. I 60 (2013) 211.',
  terminals: ['p', 'n'],
  params: {
    a: { default: 2, unit: '1/(s·V^q)', min: 0, doc: 'State rate coefficient' },
    q: { default: 13, min: 1, doc: 'Voltage exponent of the state rate (an odd integer in the paper; v^q keeps the sign of v)' },
    n: { default: 4, min: 1, doc: 'State exponent of the conduction term w^n (≥ 1 keeps ∂i/∂w finite at w = 0)' },
    beta: { default: 9e-4, unit: 'A', min: 0, doc: 'Conduction-term current scale β (illustrative mA-level default; fit to the device)' },
    alpha: { default: 2, unit: '1/V', min: 0, doc: 'Conduction-term voltage scale α' },
    chi: { default: 1e-6, unit: 'A', min: 0, doc: 'Rectifying-term current scale χ (illustrative default; fit to the device)' },
    gamma: { default: 4, unit: '1/V', doc: 'Rectifying-term voltage scale γ' },
    wmin: { default: 0.05, min: 0, max: 1, doc: 'Lower bound of the state w' },
    wmax: { default: 0.95, min: 0, max: 1, doc: 'Upper bound of the state w' },
    winit: { default: 0.5, min: 0, max: 1, doc: 'Initial state w' },
    window: { default: JOGLEKAR, choices: WINDOWS, doc: 'Window function f(w): none (1) or joglekar (1 − (2w − 1)^(2p))' },
    p: { default: 2, min: 0.5, doc: 'Joglekar window exponent p' },
  },
  states: {
    w: { init: 'winit', min: 'wmin', max: 'wmax', doc: 'Normalised state (doped-region width)', abstol: 1e-9 },
  },
  jacobian: twoTerminalStateJacobian('w'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['lehtonen', 'll'] },
  evaluate(ctx) {
    const [vp, vn, ws] = ctx.x;
    const [fp, fn, fw] = ctx.f;
    const [jpp, jpn, jpw, jnp, jnn, jnw, jwp, jwn, jww] = ctx.df;
    const { a, q, n, beta, alpha, chi, gamma, window, p } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const v = vp[i] - vn[i];
      const w = ws[i];
      const sv = v > 0 ? 1 : v < 0 ? -1 : 0;

      // Conduction: w^n·β·sinh(αv), sinh continued linearly beyond |αv| = 200.
      const u = alpha[i] * v;
      cappedSinh(u, EXP_CAP, capped);
      const sh = capped[0];
      const ch = capped[1];
      const ni = n[i];
      const wn = Math.pow(w, ni);
      const dwn = ni * Math.pow(w, ni - 1);
      // Rectifying leakage: χ(e^(γv) − 1), exp continued linearly beyond γv = 200.
      const z = gamma[i] * v;
      cappedExp(z, EXP_CAP, capped);
      const ez = capped[0];
      const dez = capped[1];
      const cur = wn * beta[i] * sh + chi[i] * (ez - 1);
      const dIdv = wn * beta[i] * alpha[i] * ch + chi[i] * gamma[i] * dez;
      const dIdw = dwn * beta[i] * sh;
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = dIdv;
      jpn[i] = -dIdv;
      jpw[i] = dIdw;
      jnp[i] = -dIdv;
      jnn[i] = dIdv;
      jnw[i] = -dIdw;

      // Drive sgn(v)·|v|^q, continued linearly beyond q·ln|v| = 200.
      const qi = q[i];
      const av = Math.abs(v);
      const vc = Math.exp(EXP_CAP / qi);
      let drv: number;
      let ddrv: number;
      if (av <= vc) {
        const pw = Math.pow(av, qi - 1);
        drv = sv * pw * av;
        ddrv = qi * pw;
      } else {
        const pw = Math.pow(vc, qi - 1);
        drv = sv * (pw * vc + qi * pw * (av - vc));
        ddrv = qi * pw;
      }
      // Window and its slope.
      let f = 1;
      let df = 0;
      if ((window[i] | 0) === JOGLEKAR) {
        const x = 2 * w - 1;
        const ax = Math.abs(x);
        const e = 2 * p[i];
        const px = Math.pow(ax, e - 1);
        f = 1 - px * ax;
        df = -2 * e * (x > 0 ? px : x < 0 ? -px : 0);
      }
      fw[i] = a[i] * f * drv;
      jwp[i] = a[i] * f * ddrv;
      jwn[i] = -a[i] * f * ddrv;
      jww[i] = a[i] * df * drv;
    }
  },
};
