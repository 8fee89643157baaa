import { cappedSinh, twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

/** Boltzmann constant over the elementary charge (V/K), CODATA 2018 exact. */
const KB_Q = 1.380649e-23 / 1.602176634e-19;

/**
 * Largest sinh argument evaluated exactly. Beyond it sinh is continued by its tangent line at the cap
 * (sinh 200 ≈ 3.6e86), so currents, temperatures, rates and slopes stay finite whatever Newton tries.
 */
const SINH_CAP = 200;

/**
 * Stanford/PKU metal-oxide RRAM compact model (Guan, Yu, Wong 2012; Jiang et al. 2016), without the
 * stochastic gap fluctuation (deltaGap), which would break determinism:
 *   i = I0·e^(−g/g0)·sinh(v/V0),
 *   dg/dt = −v0·e^(−Ea/(kT))·sinh(γ·a0/tox·q·v/(kT)),   γ = γ0 − β·(g/g1)^α,
 *   T = T0 + |v·i|·Rth  (local temperature, algebraic: no thermal capacitance),
 * g the tunnelling gap between the conductive filament's tip and the electrode, g ∈ [gmin, gmax].
 * Positive v shrinks the gap (SET, lower resistance); negative v grows it (RESET).
 */
export const stanfordRram: DeviceModel = {
  id: 'memristor.stanford',
  version: '1.0.0',
  title: 'Stanford/PKU metal-oxide RRAM',
  kind: 'memristor',
  description:
    'Filament-gap RRAM model. i = i0·exp(−g/g0)·sinh(v/v0); dg/dt = −vel0·exp(−ea/(k·T))·sinh(gamma·a0/tox·q·v/(k·T)) ' +
    'with gamma = gamma0 − beta·(g/g1)^alpha and the local temperature T = t0 + |v·i|·rth, computed from the same v and g ' +
    '(algebraic, instantaneous; its derivatives are included). g in [gmin, gmax] is kept by the kernel. Optional field ' +
    'threshold of the Stanford v1.0 Verilog-A: if gamma·|v|/tox < fmin the gap does not move (fmin = 0, the default, ' +
    'disables it; the Verilog-A uses 1.4e9 V/m). The stochastic gap fluctuation of the Verilog-A "dynamic" mode is not ' +
    'modelled. sinh arguments beyond ±200 are continued linearly (tangent at 200), so Newton never sees an overflow. ' +
    'k/q uses the exact SI constants (the Verilog-A uses 1.3806503e-23/1.6e-19, 0.14 % larger).',
  citation:
    'Z. Jiang, Y. Wu, S. Yu, L. Yang, K. Song, Z. Karim, H.-S. P. Wong, "A compact model for metal-oxide resistive random access memory with experiment verification", IEEE Trans. Electron Devices 63 (2016) 1884; ' +
    'X. Guan, S. Yu, H.-S. P. Wong, "A SPICE compact model of metal oxide resistive switching memory with variations", IEEE Electron Device Lett. 33 (2012) 1405; ' +
    'S. Yu, X. Guan, H.-S. P. Wong, "On the stochastic nature of resistive switching in metal oxide RRAM: physical modeling, Monte Carlo simulation, and experimental characterization", IEDM 2011, 17.3; ' +
    'Z. Jiang, H.-S. P. Wong, "Stanford University Resistive-Switching Random Access Memory (RRAM) Verilog-A Model" v1.0.0, nanoHUB (2014), doi:10.4231/D37H1DN48.',
  terminals: ['p', 'n'],
  params: {
    i0: { default: 1e-3, unit: 'A', min: 0, doc: 'Current scale I0' },
    g0: { default: 0.25e-9, unit: 'm', min: 0, doc: 'Gap decay length of the tunnelling current' },
    v0: { default: 0.25, unit: 'V', min: 0, doc: 'Voltage scale V0 of the current nonlinearity' },
    vel0: { default: 10, unit: 'm/s', min: 0, doc: 'Gap velocity prefactor v0 (attempt velocity)' },
    ea: { default: 0.6, unit: 'eV', min: 0, doc: 'Activation energy of oxygen-vacancy generation/recombination' },
    a0: { default: 0.25e-9, unit: 'm', min: 0, doc: 'Atomic hopping distance' },
    tox: { default: 12e-9, unit: 'm', min: 0, doc: 'Oxide thickness' },
    gamma0: { default: 16, doc: 'Local field enhancement factor at zero gap γ0' },
    beta: { default: 0.8, doc: 'Gap dependence of the field enhancement β' },
    alpha: { default: 3, min: 1, doc: 'Exponent of the gap dependence of the field enhancement α' },
    g1: { default: 1e-9, unit: 'm', min: 0, doc: 'Gap normalisation of the field enhancement (1 nm)' },
    t0: { default: 298, unit: 'K', min: 0, doc: 'Ambient temperature T0', aliases: ['t_ini', 'tini'] },
    rth: { default: 2.1e3, unit: 'K/W', min: 0, doc: 'Effective thermal resistance (temperature rise per watt dissipated)' },
    fmin: { default: 0, unit: 'V/m', min: 0, doc: 'Field threshold: no gap motion while γ·|v|/tox < fmin (0 disables; Stanford Verilog-A uses 1.4e9)', aliases: ['f_min'] },
    gmin: { default: 0.2e-9, unit: 'm', min: 0, doc: 'Smallest gap (low-resistance state)', aliases: ['gap_min'] },
    gmax: { default: 1.7e-9, unit: 'm', min: 0, doc: 'Largest gap (high-resistance state)', aliases: ['gap_max'] },
    gini: { default: 0.2e-9, unit: 'm', min: 0, doc: 'Initial gap', aliases: ['gap_ini'] },
  },
  states: {
    gap: { init: 'gini', min: 'gmin', max: 'gmax', unit: 'm', doc: 'Tunnelling gap between the filament tip and the electrode', abstol: 1e-14 },
  },
  jacobian: twoTerminalStateJacobian('gap'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['stanford'] },
  evaluate(ctx) {
    const [vp, vn, gs] = ctx.x;
    const [fp, fn, fg] = ctx.f;
    const [jpp, jpn, jpg, jnp, jnn, jng, jgp, jgn, jgg] = ctx.df;
    const { i0, g0, v0, vel0, ea, a0, tox, gamma0, beta, alpha, g1, t0, rth, fmin } = ctx.p;
    const s = new Float64Array(2);
    for (let i = 0; i < ctx.n; i++) {
      const v = vp[i] - vn[i];
      const g = gs[i];

      // Current i = I0·e^(−g/g0)·sinh(v/V0).
      const eg = Math.exp(-g / g0[i]);
      cappedSinh(v / v0[i], SINH_CAP, s);
      const cur = i0[i] * eg * s[0];
      const dIdv = (i0[i] * eg * s[1]) / v0[i];
      const dIdg = -cur / g0[i];
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = dIdv;
      jpn[i] = -dIdv;
      jpg[i] = dIdg;
      jnp[i] = -dIdv;
      jnn[i] = dIdv;
      jng[i] = -dIdg;

      // Field enhancement γ(g) and the optional field threshold.
      const gr = g / g1[i];
      const grA1 = Math.pow(gr, alpha[i] - 1);
      const gam = gamma0[i] - beta[i] * grA1 * gr;
      const dGam = (-beta[i] * alpha[i] * grA1) / g1[i];
      if (fmin[i] > 0 && (gam * Math.abs(v)) / tox[i] < fmin[i]) {
        fg[i] = 0;
        jgp[i] = 0;
        jgn[i] = 0;
        jgg[i] = 0;
        continue;
      }

      // Local temperature T = T0 + |v·i|·Rth (v·i ≥ 0 for I0 ≥ 0, so |·| is smooth in practice).
      const pw = v * cur;
      const sp = pw > 0 ? 1 : pw < 0 ? -1 : 0;
      const temp = t0[i] + rth[i] * Math.abs(pw);
      const dTdv = rth[i] * sp * (cur + v * dIdv);
      const dTdg = rth[i] * sp * v * dIdg;

      // Rate dg/dt = −vel0·e^(−Ea/(kT))·sinh(γ·a0/tox·v/(kT/q)).
      const eak = ea[i] / KB_Q;
      const arr = Math.exp(-eak / temp);
      const dArrdT = (arr * eak) / (temp * temp);
      const c = a0[i] / (tox[i] * KB_Q);
      const u = (c * gam * v) / temp;
      cappedSinh(u, SINH_CAP, s);
      const dudv = c * gam * (1 / temp - (v * dTdv) / (temp * temp));
      const dudg = c * v * (dGam / temp - (gam * dTdg) / (temp * temp));
      fg[i] = -vel0[i] * arr * s[0];
      const dRdv = -vel0[i] * (dArrdT * dTdv * s[0] + arr * s[1] * dudv);
      jgp[i] = dRdv;
      jgn[i] = -dRdv;
      jgg[i] = -vel0[i] * (dArrdT * dTdg * s[0] + arr * s[1] * dudg);
    }
  },
};
