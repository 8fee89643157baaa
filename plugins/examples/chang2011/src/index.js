// A third-party-style memflow plugin: the Chang et al. (2011) WOx memristor, written with the SDK's
// scalar authoring helper. Plain ESM JavaScript (no build step); types come from JSDoc.
import { defineScalarDevice } from '@memflow/plugin-sdk';

/**
 * T. Chang, S.-H. Jo, K.-H. Kim, P. Sheridan, S. Gaba, W. Lu, "Synaptic behaviors and modeling of a
 * metal oxide memristive device", Appl. Phys. A 102 (2011) 857–863:
 *   i = (1 − w)·α·(1 − e^(−β·v)) + w·γ·sinh(δ·v)
 *   dw/dt = λ·sinh(η·v) − w/τ,   w ∈ [0, 1]
 * The first current term is the Schottky-dominated conduction of the vacancy-poor region, the second
 * the tunnelling through the vacancy-rich region of relative area w. The rate is the field-driven drift
 * of oxygen vacancies (sinh of the voltage) minus their diffusion back (retention loss, time constant
 * τ), which is what gives the device its short-term memory. The defaults are illustrative, not the
 * paper's fitted values (see README.md).
 */
export const chang2011 = defineScalarDevice({
  id: 'chang2011.wox',
  version: '1.0.0',
  title: 'Chang et al. 2011 WOx memristor',
  description: 'i = (1 − w)·α·(1 − exp(−β·v)) + w·γ·sinh(δ·v); dw/dt = λ·sinh(η·v) − w/τ, w ∈ [0, 1].',
  citation:
    'T. Chang, S.-H. Jo, K.-H. Kim, P. Sheridan, S. Gaba, W. Lu, "Synaptic behaviors and modeling of a metal oxide memristive device", Appl. Phys. A 102 (2011) 857–863.',
  params: {
    alpha: { default: 5e-7, unit: 'A', min: 0, doc: 'Schottky-barrier current scale' },
    beta: { default: 0.5, unit: '1/V', min: 0, max: 10, doc: 'Schottky-barrier exponent' },
    gamma: { default: 4e-6, unit: 'A', min: 0, doc: 'Tunnelling current scale' },
    delta: { default: 2, unit: '1/V', min: 0, max: 10, doc: 'Tunnelling exponent' },
    lambda: { default: 1, unit: '1/s', min: 0, max: 100, doc: 'State rate scale' },
    eta: { default: 4, unit: '1/V', min: 0, max: 10, doc: 'State rate exponent' },
    tau: { default: 10, unit: 's', min: 1e-9, doc: 'Diffusion (retention) time constant: vacancies spread back at rate w/τ' },
    w0: { default: 0.5, min: 0, max: 1, doc: 'Initial state' },
  },
  states: {
    w: { init: 'w0', min: 0, max: 1, doc: 'Fraction of the conduction channel with oxygen vacancies (tunnelling path)' },
  },
  spice: { level: ['chang2011'] },
  /**
   * @param {import('@memflow/plugin-sdk').Num} v
   * @param {readonly import('@memflow/plugin-sdk').Num[]} x
   * @param {import('@memflow/plugin-sdk').ScalarParams} p
   * @param {import('@memflow/plugin-sdk').ScalarMath} m
   */
  current(v, [w], p, m) {
    const schottky = m.mul(m.sub(1, w), p.alpha, m.sub(1, m.exp(m.mul(-p.beta, v))));
    const tunnel = m.mul(w, p.gamma, m.sinh(m.mul(p.delta, v)));
    return m.add(schottky, tunnel);
  },
  /**
   * @param {import('@memflow/plugin-sdk').Num} v
   * @param {readonly import('@memflow/plugin-sdk').Num[]} x
   * @param {import('@memflow/plugin-sdk').ScalarParams} p
   * @param {import('@memflow/plugin-sdk').ScalarMath} m
   */
  rate(v, [w], p, m) {
    return [m.sub(m.mul(p.lambda, m.sinh(m.mul(p.eta, v))), m.div(w, p.tau))];
  },
});

/** The devices this package contributes (the host reads this export). */
export const devices = [chang2011];
