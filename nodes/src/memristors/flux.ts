import { twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

/**
 * Flux-controlled (ideal) memristor, Chua 1971, in the form used for the interconnections of memristor
 * Hopfield / Cohen–Grossberg networks (Di Marco, Forti, Pancioni, Innocenti, Tesi 2025):
 *   dφ/dt = v,  i = G(φ)·v,  φ ∈ [−phimax, phimax];
 *   G(φ) = gmin + (gmax − gmin)·σ(φ/φ0),  σ(u) = 1/(1 + e^(−u)).
 *
 * Choice of memductance: Di Marco et al. take flux-controlled memductances G(φ) that are bounded
 * (0 < G_min ≤ G(φ) ≤ G_max), smooth and monotone in the flux, so that each weight stays a positive,
 * finite conductance while it evolves with the activations. The logistic is the simplest C^∞ function
 * with those properties; it runs from gmin (φ → −∞) to gmax (φ → +∞), equals (gmin + gmax)/2 at φ = 0
 * and has its steepest slope (gmax − gmin)/(4·φ0) there. σ is evaluated in the form whose exponential
 * never overflows, so G and G' are finite for any φ/φ0.
 */
export const fluxMemristor: DeviceModel = {
  id: 'memristor.flux',
  version: '1.0.0',
  title: 'Flux-controlled ideal memristor (Chua), logistic memductance',
  kind: 'memristor',
  description:
    'Ideal flux-controlled memristor: the state is the flux linkage φ (V·s), the time integral of the voltage across ' +
    'the device, dφ/dt = v; the current is i = G(φ)·v with the bounded, smooth, monotone memductance ' +
    'G(φ) = gmin + (gmax − gmin)·σ(φ/phi0), σ(u) = 1/(1 + exp(−u)) the logistic function. G runs from gmin to gmax, ' +
    'is (gmin + gmax)/2 at φ = 0 and steepest there (slope (gmax − gmin)/(4·phi0)). This is the interconnection ' +
    'element of memristor Hopfield networks (Di Marco et al. 2025), whose analysis assumes flux-controlled ' +
    'memductances that are bounded between positive limits; the logistic is one smooth monotone choice. The flux is ' +
    'kept in [−phimax, phimax] by the kernel (a flux pushed against a bound stops there, so G saturates). Under a DC ' +
    'voltage V from φ = 0, φ(t) = V·t and i(t) = G(V·t)·V until the bound. Derivatives are exact.',
  citation:
    'L. O. Chua, "Memristor — the missing circuit element", IEEE Trans. Circuit Theory 18 (1971) 507; ' +
    'M. Di Marco, M. Forti, L. Pancioni, G. Innocenti, A. Tesi, "Convergent weight and activation dynamics in memristor neural networks" (2025) (flux-controlled memristive interconnections with bounded memductance).',
  terminals: ['p', 'n'],
  params: {
    gmin: { default: 1e-4, unit: 'S', min: 0, doc: 'Memductance limit as φ → −∞ (lower bound of G)' },
    gmax: { default: 1e-3, unit: 'S', min: 0, doc: 'Memductance limit as φ → +∞ (upper bound of G)' },
    phi0: { default: 0.1, unit: 'V·s', min: 0, doc: 'Flux scale of the logistic memductance (G′(0) = (gmax − gmin)/(4·phi0))' },
    phi_init: { default: 0, unit: 'V·s', doc: 'Initial flux φ(0), within [−phimax, phimax]', aliases: ['phiinit'] },
    phimax: { default: 1, unit: 'V·s', min: 0, doc: 'Flux bound: φ is kept in [−phimax, phimax]' },
  },
  states: {
    phi: { init: 'phi_init', min: '-phimax', max: 'phimax', unit: 'V·s', doc: 'Flux linkage φ, the time integral of the device voltage', abstol: 1e-9 },
  },
  jacobian: twoTerminalStateJacobian('phi'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['flux'] },
  evaluate(ctx) {
    const [vp, vn, phis] = ctx.x;
    const [fp, fn, fphi] = ctx.f;
    const [jpp, jpn, jpphi, jnp, jnn, jnphi, jphip, jphin, jphiphi] = ctx.df;
    const { gmin, gmax, phi0 } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const v = vp[i] - vn[i];
      const u = phis[i] / phi0[i];
      // Logistic without overflow: e^(−|u|) ≤ 1.
      const e = Math.exp(-Math.abs(u));
      const s = u >= 0 ? 1 / (1 + e) : e / (1 + e);
      const ds = s * (1 - s); // dσ/du
      const dg = gmax[i] - gmin[i];
      const g = gmin[i] + dg * s;
      const dGdphi = (dg * ds) / phi0[i];
      const cur = g * v;
      const dIdphi = dGdphi * v;
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = g;
      jpn[i] = -g;
      jpphi[i] = dIdphi;
      jnp[i] = -g;
      jnn[i] = g;
      jnphi[i] = -dIdphi;
      // dφ/dt = v.
      fphi[i] = v;
      jphip[i] = 1;
      jphin[i] = -1;
      jphiphi[i] = 0;
    }
  },
};
