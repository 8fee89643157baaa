import { cappedExp, twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

/**
 * Exponent arguments of the Schottky term are capped here: beyond the cap, exp continues along its tangent
 * (continuous value and slope), so Newton never meets Inf or NaN. e^80 ≈ 5.5e34, far beyond any physical
 * operating point (β·|v| of 80).
 */
const EXP_CAP = 80;

/** Logistic σ(z) = 1/(1 + e^−z), evaluated without overflow on either side; σ' = σ(1 − σ). */
function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Knowm generalised mean metastable switch (MSS) memristor (Molter & Nugent 2016), deterministic mean form:
 *
 *   dx/dt = (1/τ)·[P_on(v)·(1 − x) − P_off(v)·x],  x ∈ [0, 1] the fraction of switches ON
 *   P_on = σ((v − V_on)/V_T),  P_off = 1 − σ((v + V_off)/V_T),  σ(z) = 1/(1 + e^−z)
 *   i = φ·v·(x/R_on + (1 − x)/R_off) + (1 − φ)·(α_f·e^(β_f·v) − α_r·e^(−β_r·v))
 */
export const mssMemristor: DeviceModel = {
  id: 'memristor.mss',
  version: '1.0.0',
  title: 'Knowm generalised mean metastable switch memristor',
  kind: 'memristor',
  description: [
    'Collection of metastable switches, each ON (R_on) or OFF (R_off); x in [0, 1] is the ON fraction (mean, deterministic form).',
    'State: dx/dt = (1/tau)*(P_on(v)*(1 - x) - P_off(v)*x), P_on = 1/(1 + exp(-(v - V_on)/V_T)), P_off = 1 - 1/(1 + exp(-(v + V_off)/V_T)).',
    'Under a constant v, x relaxes to P_on/(P_on + P_off) with time constant tau/(P_on + P_off).',
    'I-V: i = phi*v*(x/R_on + (1 - x)/R_off) + (1 - phi)*(alpha_f*exp(beta_f*v) - alpha_r*exp(-beta_r*v)); phi = 1 (default) has no Schottky part.',
    'The Schottky part is pinched at v = 0 only when alpha_f = alpha_r.',
    'Numerics: the logistic is evaluated without overflow; Schottky exponents above 80 are continued linearly (C1), so Newton never meets Inf.',
  ].join('\n'),
  citation:
    'T. W. Molter, M. A. Nugent, "The Generalized Metastable Switch Memristor Model", arXiv:1601.05494 (2016); Proc. CNNA 2016. M. A. Nugent, T. W. Molter, "AHaH Computing—From Metastable Switches to Attractors to Machine Learning", PLoS ONE 9 (2014) e85175.',
  terminals: ['p', 'n'],
  params: {
    tau: { default: 1e-4, unit: 's', min: 0, doc: 'Switching time constant (> 0)' },
    vt: { default: 0.025, unit: 'V', min: 0, doc: 'Thermal voltage kT/q (> 0)' },
    von: { default: 0.27, unit: 'V', doc: 'Voltage at which half the switches turn ON' },
    voff: { default: 0.27, unit: 'V', doc: 'Magnitude of the (negative) voltage at which half the switches turn OFF' },
    ron: { default: 15e3, unit: 'Ω', min: 0, doc: 'Resistance with every switch ON (x = 1)' },
    roff: { default: 45e3, unit: 'Ω', min: 0, doc: 'Resistance with every switch OFF (x = 0)' },
    phi: { default: 1, min: 0, max: 1, doc: 'Fraction of the current through the memristive switches (1 − φ through the Schottky part)' },
    alphaf: { default: 0, unit: 'A', min: 0, doc: 'Schottky forward prefactor', aliases: ['sfa'] },
    betaf: { default: 0, unit: '1/V', min: 0, doc: 'Schottky forward exponent', aliases: ['sfb'] },
    alphar: { default: 0, unit: 'A', min: 0, doc: 'Schottky reverse prefactor', aliases: ['sra'] },
    betar: { default: 0, unit: '1/V', min: 0, doc: 'Schottky reverse exponent', aliases: ['srb'] },
    x0: { default: 0, min: 0, max: 1, doc: 'Initial ON fraction (used when rinit is 0)' },
    rinit: { default: 0, unit: 'Ω', min: 0, doc: 'Initial resistance of the switch part; sets x0 = (1/rinit − 1/R_off)/(1/R_on − 1/R_off) when > 0', aliases: ['r_init'] },
  },
  states: { x: { init: 'x0', min: 0, max: 1, doc: 'Fraction of switches in the ON state', abstol: 1e-9 } },
  jacobian: twoTerminalStateJacobian('x'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['mss', '5'] },
  initialState(p, n, [x]) {
    for (let i = 0; i < n; i++) {
      const r = p.rinit[i];
      if (r > 0) {
        const gon = 1 / p.ron[i];
        const goff = 1 / p.roff[i];
        x[i] = (1 / r - goff) / (gon - goff);
      }
    }
  },
  evaluate(ctx) {
    const [vp, vn, xs] = ctx.x;
    const [fp, fn, fx] = ctx.f;
    const [jpp, jpn, jpx, jnp, jnn, jnx, jxp, jxn, jxx] = ctx.df;
    const { tau, vt, von, voff, ron, roff, phi, alphaf, betaf, alphar, betar } = ctx.p;
    const ef = new Float64Array(2);
    const er = new Float64Array(2);
    for (let i = 0; i < ctx.n; i++) {
      const v = vp[i] - vn[i];
      const x = xs[i];
      const gon = 1 / ron[i];
      const goff = 1 / roff[i];
      const ph = phi[i];
      const gm = x * gon + (1 - x) * goff;
      let cur = ph * v * gm;
      let gv = ph * gm;
      if (ph !== 1) {
        cappedExp(betaf[i] * v, EXP_CAP, ef);
        cappedExp(-betar[i] * v, EXP_CAP, er);
        cur += (1 - ph) * (alphaf[i] * ef[0] - alphar[i] * er[0]);
        gv += (1 - ph) * (alphaf[i] * betaf[i] * ef[1] + alphar[i] * betar[i] * er[1]);
      }
      const dIdx = ph * v * (gon - goff);
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = gv;
      jpn[i] = -gv;
      jpx[i] = dIdx;
      jnp[i] = -gv;
      jnn[i] = gv;
      jnx[i] = -dIdx;

      const invTau = 1 / tau[i];
      const invVt = 1 / vt[i];
      // 1 − σ(z) = σ(−z): both probabilities and their slopes σ(z)·σ(−z)/V_T keep full relative precision.
      const zon = (v - von[i]) * invVt;
      const zoff = (v + voff[i]) * invVt;
      const pon = logistic(zon);
      const poff = logistic(-zoff);
      const dpon = pon * logistic(-zon) * invVt;
      const dpoff = -poff * logistic(zoff) * invVt;
      fx[i] = invTau * (pon * (1 - x) - poff * x);
      jxp[i] = invTau * (dpon * (1 - x) - dpoff * x);
      jxn[i] = -jxp[i];
      jxx[i] = -invTau * (pon + poff);
    }
  },
};
