import { cappedExp, twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

const MODES = ['binary', 'tunnelling'] as const;
const TUNNELLING = 1;

/** Largest tunnelling exponent C0·φ²·s evaluated exactly; beyond it exp is continued by its tangent line. */
const EXP_CAP = 200;
const capped = new Float64Array(2);

/**
 * Memristive junction between two crossing nanowires (Kuncic group: Zhu et al. 2021, Hochstetter et al.
 * 2021). The state Λ is a filament "flux" (V·s):
 *   dΛ/dt = (|v| − Vset)·sgn(v)            if |v| > Vset        (filament growth, polarity-driven)
 *          = −b·(Vreset − |v|)·σ(Λ)          if |v| < Vreset      (spontaneous decay towards Λ = 0)
 *          = 0                                otherwise,           Λ ∈ [lmin, lmax] (normally ±Λmax).
 * σ(Λ) = tanh(Λ/ε), ε = sgnwidth·Λcrit, is the published sgn(Λ) made smooth and monotone: with implicit
 * integration the step equation Λ = H − h·b·(Vreset − |v|)·σ(Λ) then has exactly one root, which lands on
 * Λ ≈ 0 (within ~ε) instead of stepping across it; a literal sgn makes the decay overshoot and chatter
 * around 0 (DOMAIN §6). Backward Euler then cannot cross 0 at all (the root lies in [0, Λn]); the kernel's
 * BDF2 can, by a residue of the order of the state's tolerance (measured −3e-10 V·s), because its two-step
 * history H = a·Λn − b·Λn−1 may be negative just after the landing; the residue then dies out.
 * Conductance, `mode`:
 *   binary:      G = 1/Ron if |Λ| ≥ Λcrit, 1/Roff if |Λ| ≤ Λcrit − w, a C¹ cubic step in between
 *                (w = bwidth·Λcrit, default 1e-3·Λcrit). The published jump gives Newton no slope across the
 *                switching point and adaptive steps shrink to nothing there ("time step too small"); the
 *                narrow smooth step keeps the model's ON/OFF levels and its ON point and is resolvable;
 *   tunnelling:  G = 1/(Rt + Ron) + 1/Roff, Rt = (2/A)·s^p/√φ·e^(C0·φ²·s)/J1, s = s0·(Λcrit − |Λ|)/Λcrit ≥ 0 (nm),
 *                p = gappow: 2 in the group's Python code, 1 in Hochstetter's MATLAB tunnelSwitchL.
 */
export const nanowireJunction: DeviceModel = {
  id: 'memristor.nanowire',
  version: '1.0.0',
  title: 'Nanowire junction (Kuncic group)',
  kind: 'memristor',
  description:
    'Filament state L (V·s): dL/dt = (|v| − vset)·sgn(v) if |v| > vset; −b·(vreset − |v|)·tanh(L/(sgnwidth·lcrit)) if |v| < vreset; 0 in between; ' +
    'L in [lmin, lmax] (lmin = −lmax for the published symmetric model; a state bound can only name a parameter, hence lmin). ' +
    'tanh replaces the published sgn(L): it saturates within a width sgnwidth·lcrit (1e-8 V·s by default) and is monotone, so the ' +
    'implicit step has one root and the decay stops at L = 0 instead of overshooting and chattering around it (with BDF2 a ' +
    'residue of the order of the state tolerance, ~1e-10 V·s, may cross 0 right after the landing and then dies out). ' +
    'Conductance (mode): binary — G = 1/ron when |L| ≥ lcrit, 1/roff when |L| ≤ lcrit·(1 − bwidth), and a C¹ cubic step ' +
    'in between (the published jump gives Newton no slope and makes transient steps shrink to nothing; bwidth = 0 restores it); tunnelling — G = 1/(Rt + ron) + 1/roff with the Simmons-type ' +
    'Rt = (2/a)·s^gappow/sqrt(phi)·exp(c0·phi²·s)/j1 and gap s = s0·(lcrit − |L|)/lcrit nm, s ≥ 0; gappow = 2 is the form of the group\'s Python ' +
    'code (ASN_simulation), gappow = 1 that of Hochstetter\'s MATLAB tunnelSwitchL. i = G·v. The tunnelling exponent is ' +
    'continued linearly beyond 200. The derivatives of |v| at v = 0 and of |L| at L = 0 are taken as 0.',
  citation:
    'J. Hochstetter, R. Zhu, A. Loeffler, A. Diaz-Alvarez, T. Nakayama, Z. Kuncic, "Avalanches and edge-of-chaos learning in neuromorphic nanowire networks", Nat. Commun. 12 (2021) 4008; ' +
    'R. Zhu, J. Hochstetter, A. Loeffler, A. Diaz-Alvarez, T. Nakayama, J. T. Lizier, Z. Kuncic, "Information dynamics in neuromorphic nanowire networks", Sci. Rep. 11 (2021) 13047; ' +
    'tunnelling: J. G. Simmons, J. Appl. Phys. 34 (1963) 1793.',
  terminals: ['p', 'n'],
  params: {
    vset: { default: 1e-2, unit: 'V', min: 0, doc: 'Set threshold: Λ grows (with the sign of v) when |v| > vset' },
    vreset: { default: 5e-3, unit: 'V', min: 0, doc: 'Reset threshold: Λ decays towards 0 when |v| < vreset (≤ vset)' },
    b: { default: 10, min: 0, doc: 'Decay (reset) rate factor', aliases: ['boost', 'decay'] },
    lcrit: { default: 1e-2, unit: 'V·s', min: 0, doc: 'Critical |Λ| at which the junction is ON (filament touches)', aliases: ['lambdacrit', 'fluxcrit'] },
    lmax: { default: 1.5e-2, unit: 'V·s', min: 0, doc: 'Upper bound of Λ', aliases: ['lambdamax', 'maxflux'] },
    lmin: { default: -1.5e-2, unit: 'V·s', max: 0, doc: 'Lower bound of Λ (−lmax for the symmetric published model)', aliases: ['lambdamin'] },
    linit: { default: 0, unit: 'V·s', doc: 'Initial Λ', aliases: ['lambda0'] },
    ron: { default: 12.9e3, unit: 'Ω', min: 0, doc: 'ON resistance (≈ 1/G0, the conductance quantum)' },
    roff: { default: 12.9e6, unit: 'Ω', min: 0, doc: 'OFF (residual) resistance, in parallel' },
    mode: { default: TUNNELLING, choices: MODES, doc: 'Conductance model: binary ON/OFF (a steep C¹ step just below |Λ| = lcrit, see bwidth) or tunnelling (Simmons-type gap)' },
    phi: { default: 0.81, unit: 'V', min: 0, doc: 'Tunnelling barrier height φ' },
    c0: { default: 10.19, doc: 'Tunnelling exponent constant C0 (per nm, with φ in V)' },
    j1: { default: 4.71307e-5, min: 0, doc: 'Tunnelling current constant J1 (with s in nm and φ in V, Rt comes out in Ω)' },
    a: { default: 0.17, min: 0, doc: 'Tunnelling amplitude (area) constant A' },
    s0: { default: 5, unit: 'nm', min: 0, doc: 'Tunnelling gap at Λ = 0 (nm, the unit the empirical constants are defined in)', aliases: ['grow'] },
    gappow: { default: 2, min: 0, doc: "Power of the gap s in the tunnelling prefactor, Rt ∝ s^gappow·exp(C0·φ²·s): 2 as in the group's Python code (ASN_simulation), 1 as in Hochstetter's MATLAB tunnelSwitchL (NWNsim, Nat. Commun. 2021)" },
    bwidth: { default: 1e-3, min: 0, doc: 'Binary mode: width of the OFF→ON transition below lcrit, relative to lcrit (a C¹ cubic step over [lcrit·(1 − bwidth), lcrit]; 0 = the published jump, which transient analysis cannot step across)' },
    sgnwidth: { default: 1e-6, min: 0, doc: 'Width of the smooth sgn(Λ) in the reset term, relative to lcrit (tanh(Λ/(sgnwidth·lcrit)))' },
  },
  states: {
    // Backward Euler: the reset must stop at Λ = 0 and never cross it (DOMAIN §6), which BDF2's
    // two-step history can do by a residue right after landing.
    lambda: { init: 'linit', min: 'lmin', max: 'lmax', unit: 'V·s', doc: 'Filament state Λ (flux-like: time integral of the over-threshold voltage)', abstol: 1e-9, firstOrder: true },
  },
  jacobian: twoTerminalStateJacobian('lambda'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['nanowire'] },
  evaluate(ctx) {
    const [vp, vn, ls] = ctx.x;
    const [fp, fn, fl] = ctx.f;
    const [jpp, jpn, jpl, jnp, jnn, jnl, jlp, jln, jll] = ctx.df;
    const { vset, vreset, b, lcrit, ron, roff, mode, phi, c0, j1, a, s0, gappow, sgnwidth, bwidth } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const v = vp[i] - vn[i];
      const lam = ls[i];
      const av = Math.abs(v);
      const sv = v > 0 ? 1 : v < 0 ? -1 : 0;
      const al = Math.abs(lam);
      const sl = lam > 0 ? 1 : lam < 0 ? -1 : 0;
      const lc = lcrit[i];

      // Conductance and its slope in Λ.
      const goff = 1 / roff[i];
      let g: number;
      let dGdl = 0;
      if ((mode[i] | 0) === TUNNELLING) {
        const s = (s0[i] * (lc - al)) / lc;
        if (s > 0) {
          const ph = phi[i];
          const k = 2 / (a[i] * Math.sqrt(ph) * j1[i]);
          const c = c0[i] * ph * ph;
          const z = c * s;
          cappedExp(z, EXP_CAP, capped);
          const e = capped[0];
          const de = capped[1];
          const q = gappow[i];
          // The default p = 2 keeps its original arithmetic (bit-identical results); s > 0 here.
          const rt = q === 2 ? k * s * s * e : k * Math.pow(s, q) * e;
          const dRt = q === 2 ? k * (2 * s * e + s * s * c * de) : k * (q * Math.pow(s, q - 1) * e + Math.pow(s, q) * c * de);
          const gt = 1 / (rt + ron[i]);
          g = gt + goff;
          // ∂s/∂Λ = −s0·sgn(Λ)/Λcrit
          dGdl = -gt * gt * dRt * ((-s0[i] * sl) / lc);
        } else {
          g = 1 / ron[i] + goff;
        }
      } else {
        // Binary, smoothed: a C¹ cubic step over |Λ| ∈ [Λcrit − w, Λcrit], exactly OFF below and ON above.
        // A true jump leaves Newton no slope and makes the step control shrink the step to nothing.
        const w = bwidth[i] * lc;
        const u = w > 0 ? Math.min(1, Math.max(0, (al - (lc - w)) / w)) : al >= lc ? 1 : 0;
        const span = 1 / ron[i] - goff;
        g = goff + span * u * u * (3 - 2 * u);
        if (w > 0) dGdl = (span * 6 * u * (1 - u) * sl) / w;
      }
      const cur = g * v;
      const dIdl = v * dGdl;
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = g;
      jpn[i] = -g;
      jpl[i] = dIdl;
      jnp[i] = -g;
      jnn[i] = g;
      jnl[i] = -dIdl;

      // State rate, piecewise in |v| and continuous at both thresholds.
      if (av > vset[i]) {
        fl[i] = v - sv * vset[i];
        jlp[i] = 1;
        jln[i] = -1;
        jll[i] = 0;
      } else if (av < vreset[i]) {
        const eps = sgnwidth[i] * lc;
        let sig: number;
        let dsig: number;
        if (eps > 0) {
          sig = Math.tanh(lam / eps);
          dsig = (1 - sig * sig) / eps;
        } else {
          sig = sl;
          dsig = 0;
        }
        const depth = vreset[i] - av;
        fl[i] = -b[i] * depth * sig;
        const dRdv = b[i] * sv * sig;
        jlp[i] = dRdv;
        jln[i] = -dRdv;
        jll[i] = -b[i] * depth * dsig;
      } else {
        fl[i] = 0;
        jlp[i] = 0;
        jln[i] = 0;
        jll[i] = 0;
      }
    }
  },
};
