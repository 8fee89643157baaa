import { twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';
import { bindThresholdFamily, teamCommonParams } from './team.js';

const vteamLoop = bindThresholdFamily('von', 'voff', false);

/**
 * VTEAM, the voltage-controlled ThrEshold Adaptive Memristor model (Kvatinsky et al. 2015):
 *
 *   dw/dt = k_off·(v/v_off − 1)^α_off·f_off(w)   for 0 < v_off < v
 *         = 0                                   for v_on ≤ v ≤ v_off
 *         = k_on·(v/v_on − 1)^α_on·f_on(w)      for v < v_on < 0
 *   i = v/R(w), R linear or exponential in w (as TEAM), w ∈ [w_on, w_off].
 */
export const vteamMemristor: DeviceModel = {
  id: 'memristor.vteam',
  version: '1.0.0',
  title: 'VTEAM threshold adaptive memristor (voltage threshold)',
  kind: 'memristor',
  description: [
    'Voltage-controlled threshold memristor (VTEAM). State w (m) in [w_on, w_off]; w_on < w_off, R = R_on at w_on and R_off at w_off.',
    'State equation: dw/dt = k_off*(v/v_off - 1)^alpha_off * f_off(w) if v > v_off > 0; 0 if v_on <= v <= v_off; k_on*(v/v_on - 1)^alpha_on * f_on(w) if v < v_on < 0 (k_off > 0, k_on < 0).',
    'I-V as TEAM: i = v/R(w) with R = R_on + (R_off - R_on)*(w - w_on)/(w_off - w_on) (linear) or R = R_on*exp(lambda*(w - w_on)/(w_off - w_on)), lambda = ln(R_off/R_on) (exponential).',
    'Windows as TEAM: Kvatinsky f_off = exp(-exp((w - a_off)/w_c)), f_on = exp(-exp(-(w - a_on)/w_c)); or Joglekar, Biolek, Prodromakis on s = (w - w_on)/(w_off - w_on); or none.',
    'The kernel keeps w exactly inside [w_on, w_off]. Numerics: exponent arguments above 80 are continued linearly (C1), so Newton never meets Inf.',
  ].join('\n'),
  citation:
    'S. Kvatinsky, M. Ramadan, E. G. Friedman, A. Kolodny, "VTEAM: A General Model for Voltage-Controlled Memristors", IEEE Trans. Circuits Syst. II 62 (2015) 786–790. I–V and windows as S. Kvatinsky et al., "TEAM: ThrEshold Adaptive Memristor Model", IEEE Trans. Circuits Syst. I 60 (2013) 211.',
  terminals: ['p', 'n'],
  params: {
    kon: { default: -10, unit: 'm/s', max: 0, doc: 'Rate constant towards ON (negative: w decreases for v < v_on)' },
    koff: { default: 5e-4, unit: 'm/s', min: 0, doc: 'Rate constant towards OFF (positive: w increases for v > v_off)' },
    alphaon: { default: 3, min: 0, doc: 'Exponent of the ON rate (≥ 1 keeps dw/dt differentiable at v_on)' },
    alphaoff: { default: 1, min: 0, doc: 'Exponent of the OFF rate (≥ 1 keeps dw/dt differentiable at v_off)' },
    von: { default: -0.2, unit: 'V', max: 0, doc: 'ON voltage threshold (negative)' },
    voff: { default: 0.02, unit: 'V', min: 0, doc: 'OFF voltage threshold (positive)' },
    ...teamCommonParams,
  },
  states: {
    w: { init: 'w0', min: 'won', max: 'woff', unit: 'm', doc: 'State variable (undoped/oxide width), w_on ≤ w ≤ w_off', abstol: 1e-18 },
  },
  jacobian: twoTerminalStateJacobian('w'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['vteam'] },
  evaluate(ctx) {
    vteamLoop(ctx)(ctx.n, ctx.derivatives !== false);
  },
};
