import { bindToContext, twoTerminalStateJacobian, type DeviceModel } from '@memflow/plugin-sdk';

const WINDOWS = ['none', 'joglekar', 'biolek', 'prodromakis'] as const;
const NONE = 0;
const JOGLEKAR = 1;
const BIOLEK = 2;
const PRODROMAKIS = 3;

/**
 * Window f(x) and ∂f/∂x. Written from the papers' formulas:
 * Joglekar & Wolf 2009: 1 − (2x − 1)^(2p); Biolek et al. 2009: 1 − (x − stp(−i))^(2p) with stp(z) = 1
 * for z ≥ 0; Prodromakis et al. 2011: j·(1 − [(x − 0.5)² + 0.75]^p).
 */
function windowOf(kind: number, x: number, p: number, j: number, cur: number, out: Float64Array): void {
  switch (kind) {
    case JOGLEKAR: {
      const u = 2 * x - 1;
      const u2p1 = Math.pow(u, 2 * p - 1);
      out[0] = 1 - u2p1 * u;
      out[1] = -2 * p * u2p1 * 2;
      return;
    }
    case BIOLEK: {
      const u = x - (cur <= 0 ? 1 : 0);
      const u2p1 = Math.pow(u, 2 * p - 1);
      out[0] = 1 - u2p1 * u;
      out[1] = -2 * p * u2p1;
      return;
    }
    case PRODROMAKIS: {
      const s = (x - 0.5) * (x - 0.5) + 0.75;
      const sp1 = Math.pow(s, p - 1);
      out[0] = j * (1 - sp1 * s);
      out[1] = -j * p * sp1 * 2 * (x - 0.5);
      return;
    }
    default:
      out[0] = 1;
      out[1] = 0;
  }
}

/**
 * HP linear ion-drift memristor (Strukov et al. 2008): R(x) = ron·x + roff·(1 − x),
 * dx/dt = uv·ron/d² · i · f(x), x ∈ [0, 1] the normalised doped-region width.
 */
/** The evaluation loop bound to one context's arrays (bindToContext); derivatives only when asked for. */
const evaluateBound = bindToContext((ctx) => {
  const [vp, vn, xs] = ctx.x;
  const [fp, fn, fx] = ctx.f;
  const [jpp, jpn, jpx, jnp, jnn, jnx, jxp, jxn, jxx] = ctx.df;
  const { ron, roff, d, uv, window, p, j } = ctx.p;
  const w = new Float64Array(2);
  return (n: number, derivatives: boolean): void => {
    for (let i = 0; i < n; i++) {
      const v = vp[i] - vn[i];
      const x = xs[i];
      const dr = ron[i] - roff[i];
      const r = roff[i] + dr * x;
      const g = 1 / r;
      const cur = v * g;
      const dIdx = -cur * g * dr;
      fp[i] = cur;
      fn[i] = -cur;
      const k = (uv[i] * ron[i]) / (d[i] * d[i]);
      windowOf(window[i] | 0 || NONE, x, p[i], j[i], cur, w);
      fx[i] = k * cur * w[0];
      if (derivatives) {
        jpp[i] = g;
        jpn[i] = -g;
        jpx[i] = dIdx;
        jnp[i] = -g;
        jnn[i] = g;
        jnx[i] = -dIdx;
        jxp[i] = k * g * w[0];
        jxn[i] = -k * g * w[0];
        jxx[i] = k * (dIdx * w[0] + cur * w[1]);
      }
    }
  };
});

export const hpMemristor: DeviceModel = {
  id: 'memristor.hp',
  version: '1.0.0',
  title: 'HP linear ion-drift memristor',
  description:
    'R(x) = ron·x + roff·(1 − x); i = v / R(x); dx/dt = uv·ron/d² · i · f(x), x ∈ [0, 1]. Windows f(x): none (1); Joglekar 1 − (2x − 1)^(2p); Biolek 1 − (x − stp(−i))^(2p) with stp(z) = 1 for z ≥ 0; Prodromakis j·(1 − [(x − 0.5)² + 0.75]^p). x0 = (roff − rinit)/(roff − ron).',
  kind: 'memristor',
  citation:
    'D. B. Strukov, G. S. Snider, D. R. Stewart, R. S. Williams, "The missing memristor found", Nature 453 (2008) 80. Windows: Y. N. Joglekar, S. J. Wolf, Eur. J. Phys. 30 (2009) 661; Z. Biolek, D. Biolek, V. Biolková, Radioengineering 18 (2009) 210; T. Prodromakis et al., IEEE Trans. Electron Devices 58 (2011) 3099.',
  terminals: ['p', 'n'],
  params: {
    ron: { default: 100, unit: 'Ω', min: 0, doc: 'Resistance when fully doped (x = 1)' },
    roff: { default: 16e3, unit: 'Ω', min: 0, doc: 'Resistance when undoped (x = 0)' },
    d: { default: 10e-9, unit: 'm', min: 0, doc: 'Film thickness' },
    uv: { default: 1e-14, unit: 'm²/(V·s)', min: 0, doc: 'Dopant mobility', aliases: ['mu', 'muv'] },
    rinit: { default: 11e3, unit: 'Ω', min: 0, doc: 'Initial resistance (sets x0)' },
    window: { default: 0, choices: WINDOWS, doc: 'Window function' },
    p: { default: 1, min: 1, doc: 'Window exponent' },
    j: { default: 1, min: 0, doc: 'Prodromakis window scale' },
  },
  states: { x: { init: 0, min: 0, max: 1, doc: 'Normalised doped width w/D', abstol: 1e-9 } },
  jacobian: twoTerminalStateJacobian('x'),
  spice: { letter: 'Y', modelType: 'memristor', level: ['hp'] },
  initialState(p, n, [x]) {
    for (let i = 0; i < n; i++) x[i] = (p.roff[i] - p.rinit[i]) / (p.roff[i] - p.ron[i]);
  },
  evaluate(ctx) {
    // The kernel reads no derivatives from some calls (EvalContext.derivatives): skip their stores then.
    evaluateBound(ctx)(ctx.n, ctx.derivatives !== false);
  },
};
