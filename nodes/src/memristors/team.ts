import { bindToContext, twoTerminalStateJacobian, type DeviceModel, type EvalContext, type ParamSpec } from '@memflow/plugin-sdk';

/**
 * Window choices shared by TEAM and VTEAM, numbered as Xyce's `WT` (0 none, 1 Joglekar, 2 Biolek,
 * 3 Prodromakis, 4 Kvatinsky), so a Xyce netlist's `wt=4` means the same window here.
 */
export const TEAM_WINDOWS = ['none', 'joglekar', 'biolek', 'prodromakis', 'kvatinsky'] as const;
const JOGLEKAR = 1;
const BIOLEK = 2;
const PRODROMAKIS = 3;
const KVATINSKY = 4;

/** I–V relations shared by TEAM and VTEAM, numbered as Xyce's `IVRELATION` (0 linear, 1 exponential). */
export const TEAM_IV = ['linear', 'exponential'] as const;
const EXPONENTIAL = 1;

/**
 * Exponent arguments are capped here: exp(z) for z above the cap is replaced by its tangent at the cap
 * (continuous value and slope), so Newton never meets Inf or NaN. e^80 ≈ 5.5e34, far beyond any physical
 * operating point of these models.
 */
const EXP_CAP = 80;

/** |u|^e for e ≥ 0 and its derivative e·|u|^(e−1)·sign(u): an even power for integer e/2, defined for every real e. */
function powAbs(u: number, e: number, out: Float64Array): void {
  const a = Math.abs(u);
  if (a === 0) {
    out[0] = e === 0 ? 1 : 0;
    out[1] = e === 1 ? Math.sign(u) : 0;
    return;
  }
  const pm1 = Math.pow(a, e - 1);
  out[0] = pm1 * a;
  out[1] = e * pm1 * (u < 0 ? -1 : 1);
}

const scratch = new Float64Array(2);

/**
 * TEAM/VTEAM window f(w) and ∂f/∂w for motion towards w_off (`toOff`, positive drive) or towards w_on.
 * s = (w − w_on)/(w_off − w_on) ∈ [0, 1] is the normalised state for the Joglekar, Biolek and
 * Prodromakis windows. Written from the papers' formulas:
 *  - Joglekar & Wolf 2009: 1 − (2s − 1)^(2p);
 *  - Biolek et al. 2009: 1 − (s − stp(−i))^(2p), stp(z) = 1 for z ≥ 0 (positive drive moves s up here);
 *  - Prodromakis et al. 2011: j·(1 − [(s − 0.5)² + 0.75]^p);
 *  - Kvatinsky et al. 2013 (TEAM eq. 11): f_off = exp(−exp((w − a_off)/w_c)), f_on = exp(−exp(−(w − a_on)/w_c)).
 * Even powers are taken as |·|^(2p), which equals the formula for integer p and stays real otherwise.
 * @internal shared by the TEAM and VTEAM models.
 */
export function teamWindow(
  kind: number,
  w: number,
  toOff: boolean,
  won: number,
  woff: number,
  p: number,
  j: number,
  aon: number,
  aoff: number,
  wc: number,
  out: Float64Array,
): void {
  const span = woff - won;
  const s = (w - won) / span;
  switch (kind) {
    case JOGLEKAR: {
      powAbs(2 * s - 1, 2 * p, scratch);
      out[0] = 1 - scratch[0];
      out[1] = (-scratch[1] * 2) / span;
      return;
    }
    case BIOLEK: {
      powAbs(s - (toOff ? 0 : 1), 2 * p, scratch);
      out[0] = 1 - scratch[0];
      out[1] = -scratch[1] / span;
      return;
    }
    case PRODROMAKIS: {
      const c = (s - 0.5) * (s - 0.5) + 0.75;
      const cp1 = Math.pow(c, p - 1);
      out[0] = j * (1 - cp1 * c);
      out[1] = (-j * p * cp1 * 2 * (s - 0.5)) / span;
      return;
    }
    case KVATINSKY: {
      // f = exp(−e^u); the inner exponent is capped (f is already 0 to double precision there).
      const u = toOff ? (w - aoff) / wc : -(w - aon) / wc;
      const e = Math.exp(Math.min(u, 700));
      const f = Math.exp(-e);
      out[0] = f;
      out[1] = u < 700 ? ((toOff ? -1 : 1) * f * e) / wc : 0;
      return;
    }
    default:
      out[0] = 1;
      out[1] = 0;
  }
}

/**
 * Resistance R(w) and ∂R/∂w (TEAM eqs. 15–17): linear R_on + (R_off − R_on)(w − w_on)/(w_off − w_on), or
 * exponential R_on·e^(λ(w − w_on)/(w_off − w_on)) with λ = ln(R_off/R_on). The state is kept in
 * [w_on, w_off] by the kernel, so the exponent stays within [0, λ].
 * @internal shared by the TEAM and VTEAM models.
 */
export function teamResistance(iv: number, w: number, won: number, woff: number, ron: number, roff: number, out: Float64Array): void {
  const span = woff - won;
  const s = (w - won) / span;
  if (iv === EXPONENTIAL) {
    const lambda = Math.log(roff / ron);
    const z = lambda * s;
    const e = Math.exp(Math.min(z, EXP_CAP));
    out[0] = ron * (z < EXP_CAP ? e : e * (1 + z - EXP_CAP));
    out[1] = (ron * e * lambda) / span;
    return;
  }
  out[0] = ron + (roff - ron) * s;
  out[1] = (roff - ron) / span;
}

/** Parameters common to TEAM and VTEAM: geometry, resistances, windows and I–V relation (Xyce spellings as aliases). */
export const teamCommonParams: Readonly<Record<string, ParamSpec>> = {
  won: { default: 0, unit: 'm', doc: 'State at the ON bound (R = R_on); w_on < w_off', aliases: ['xon'] },
  woff: { default: 3e-9, unit: 'm', doc: 'State at the OFF bound (R = R_off); w_off > w_on', aliases: ['xoff'] },
  w0: { default: 0, unit: 'm', doc: 'Initial state (clamped into [w_on, w_off])', aliases: ['x0'] },
  ron: { default: 50, unit: 'Ω', min: 0, doc: 'ON resistance, at w = w_on' },
  roff: { default: 1e3, unit: 'Ω', min: 0, doc: 'OFF resistance, at w = w_off' },
  iv: { default: 0, choices: TEAM_IV, doc: 'I–V relation: linear R(w), or exponential R(w) = R_on·e^(λ(w−w_on)/(w_off−w_on)), λ = ln(R_off/R_on)', aliases: ['ivrelation'] },
  window: { default: KVATINSKY, choices: TEAM_WINDOWS, doc: "Window function f_on/f_off (Xyce's WT numbering; Xyce's default is none)", aliases: ['wt'] },
  aon: { default: 0, unit: 'm', doc: 'Kvatinsky window: position of the f_on edge (usually w_on)' },
  aoff: { default: 3e-9, unit: 'm', doc: 'Kvatinsky window: position of the f_off edge (usually w_off)' },
  wc: { default: 1.07e-12, unit: 'm', min: 0, doc: 'Kvatinsky window: width of its edges' },
  p: { default: 1, min: 0.5, doc: 'Joglekar/Biolek/Prodromakis window exponent (a positive integer in the papers)' },
  j: { default: 1, min: 0, doc: 'Prodromakis window scale' },
};

/**
 * TEAM, the ThrEshold Adaptive Memristor model (Kvatinsky et al. 2013), current-controlled.
 *
 *   dw/dt = k_off·(i/i_off − 1)^α_off·f_off(w)   for 0 < i_off < i
 *         = 0                                   for i_on ≤ i ≤ i_off
 *         = k_on·(i/i_on − 1)^α_on·f_on(w)      for i < i_on < 0
 *   v = R(w)·i, R linear or exponential in w, w ∈ [w_on, w_off].
 */
const teamLoop = bindThresholdFamily('ion', 'ioff', true);

export const teamMemristor: DeviceModel = {
  id: 'memristor.team',
  version: '1.0.0',
  title: 'TEAM threshold adaptive memristor (current threshold)',
  kind: 'memristor',
  description: [
    'Current-controlled threshold memristor (TEAM). State w (m) in [w_on, w_off]; w_on < w_off, R = R_on at w_on and R_off at w_off.',
    'State equation: dw/dt = k_off*(i/i_off - 1)^alpha_off * f_off(w) if i > i_off > 0; 0 if i_on <= i <= i_off; k_on*(i/i_on - 1)^alpha_on * f_on(w) if i < i_on < 0 (k_off > 0, k_on < 0).',
    'I-V: i = v/R(w) with R = R_on + (R_off - R_on)*(w - w_on)/(w_off - w_on) (linear) or R = R_on*exp(lambda*(w - w_on)/(w_off - w_on)), lambda = ln(R_off/R_on) (exponential).',
    'Windows: Kvatinsky f_off = exp(-exp((w - a_off)/w_c)), f_on = exp(-exp(-(w - a_on)/w_c)); or Joglekar 1-(2s-1)^(2p), Biolek 1-(s-stp(-i))^(2p), Prodromakis j*(1-((s-0.5)^2+0.75)^p) with s = (w - w_on)/(w_off - w_on); or none.',
    'The kernel keeps w exactly inside [w_on, w_off]. i_on is negative as in the paper (Xyce lists its magnitude, 8.9 uA, as the default of ION; give ION negative in Xyce netlists).',
    'Numerics: exponent arguments above 80 are continued linearly (C1), so Newton never meets Inf.',
  ].join('\n'),
  citation:
    'S. Kvatinsky, E. G. Friedman, A. Kolodny, U. C. Weiser, "TEAM: ThrEshold Adaptive Memristor Model", IEEE Trans. Circuits Syst. I 60 (2013) 211–221. Defaults from Xyce\'s MemristorTEAM (level 2). Windows: Y. N. Joglekar, S. J. Wolf, Eur. J. Phys. 30 (2009) 661; Z. Biolek, D. Biolek, V. Biolková, Radioengineering 18 (2009) 210; T. Prodromakis et al., IEEE Trans. Electron Devices 58 (2011) 3099.',
  terminals: ['p', 'n'],
  params: {
    kon: { default: -8e-13, unit: 'm/s', max: 0, doc: 'Rate constant towards ON (negative: w decreases for i < i_on)' },
    koff: { default: 8e-13, unit: 'm/s', min: 0, doc: 'Rate constant towards OFF (positive: w increases for i > i_off)' },
    alphaon: { default: 3, min: 0, doc: 'Exponent of the ON rate (≥ 1 keeps dw/dt differentiable at i_on)' },
    alphaoff: { default: 3, min: 0, doc: 'Exponent of the OFF rate (≥ 1 keeps dw/dt differentiable at i_off)' },
    ion: { default: -8.9e-6, unit: 'A', max: 0, doc: 'ON current threshold (negative)' },
    ioff: { default: 115e-6, unit: 'A', min: 0, doc: 'OFF current threshold (positive)' },
    ...teamCommonParams,
  },
  states: {
    w: { init: 'w0', min: 'won', max: 'woff', unit: 'm', doc: 'State variable (undoped/oxide width), w_on ≤ w ≤ w_off', abstol: 1e-18 },
  },
  jacobian: twoTerminalStateJacobian('w'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['team', '2'] },
  evaluate(ctx) {
    teamLoop(ctx)(ctx.n, ctx.derivatives !== false);
  },
};

/**
 * The TEAM family's evaluation: R(w) and i = v/R(w); dw/dt = k·(u/u_th − 1)^α·f(w) beyond the
 * thresholds u_on < 0 < u_off (parameters `onName`, `offName`), 0 between, where the drive u is the
 * current (TEAM) or the voltage (VTEAM). The loop is bound to one context's arrays (bindToContext);
 * without `derivatives` (the kernel reads none from that call) their stores are skipped.
 */
export function bindThresholdFamily(onName: string, offName: string, byCurrent: boolean): (ctx: EvalContext) => (n: number, derivatives: boolean) => void {
  return bindToContext((ctx) => {
    const [vp, vn, ws] = ctx.x;
    const [fp, fn, fw] = ctx.f;
    const [jpp, jpn, jpw, jnp, jnn, jnw, jwp, jwn, jww] = ctx.df;
    const { kon, koff, alphaon, alphaoff, won, woff, ron, roff, iv, window, aon, aoff, wc, p, j } = ctx.p;
    const uOn = ctx.p[onName];
    const uOff = ctx.p[offName];
    const r = new Float64Array(2);
    const win = new Float64Array(2);
    return (n: number, derivatives: boolean): void => {
      for (let i = 0; i < n; i++) {
        const v = vp[i] - vn[i];
        const w = ws[i];
        teamResistance(iv[i], w, won[i], woff[i], ron[i], roff[i], r);
        const g = 1 / r[0];
        const cur = v * g;
        const dIdw = -cur * g * r[1];
        fp[i] = cur;
        fn[i] = -cur;
        if (derivatives) {
          jpp[i] = g;
          jpn[i] = -g;
          jpw[i] = dIdw;
          jnp[i] = -g;
          jnn[i] = g;
          jnw[i] = -dIdw;
        }
        const u = byCurrent ? cur : v;
        // Active piece of the threshold law: k·(u/u_th − 1)^α·f(w).
        let k = 0;
        let uth = 1;
        let alpha = 0;
        if (u > uOff[i]) {
          k = koff[i];
          uth = uOff[i];
          alpha = alphaoff[i];
        } else if (u < uOn[i]) {
          k = kon[i];
          uth = uOn[i];
          alpha = alphaon[i];
        }
        if (k === 0) {
          fw[i] = 0;
          if (derivatives) {
            jwp[i] = 0;
            jwn[i] = 0;
            jww[i] = 0;
          }
          continue;
        }
        teamWindow(window[i], w, u > 0, won[i], woff[i], p[i], j[i], aon[i], aoff[i], wc[i], win);
        const base = u / uth - 1;
        const bm1 = Math.pow(base, alpha - 1);
        const b = bm1 * base;
        const dBase = (alpha * bm1) / uth; // ∂(base^α)/∂u
        const dudv = byCurrent ? g : 1;
        const dudw = byCurrent ? dIdw : 0;
        fw[i] = k * b * win[0];
        if (derivatives) {
          jwp[i] = k * dBase * dudv * win[0];
          jwn[i] = -jwp[i];
          jww[i] = k * (dBase * dudw * win[0] + b * win[1]);
        }
      }
    };
  });
}
