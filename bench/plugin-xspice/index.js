// The Pershin–Di Ventra threshold memristor exactly as the built-in `memristor.xspice`
// (nodes/src/memristors/xspice-threshold.ts), written the way a third party would: a vectorised
// evaluate, defined with the SDK. bench/plugins.mjs runs the 64×64 crossbar with each and compares.
import { bindToContext, defineDevice } from '@memflow/plugin-sdk';

// Bound once: inside the confinement a global looked up in the loop costs a scope lookup per use.
const { min, max } = Math;

// The loop bound to one context's arrays, derivatives only when asked for: as the built-in does it.
const evaluateBound = bindToContext((ctx) => {
  const [vp, vn, r] = ctx.x;
  const [fp, fn, fr] = ctx.f;
  const [jpp, jpn, jpr, jnp, jnn, jnr, jrp, jrn] = ctx.df;
  const { alpha, beta, vt } = ctx.p;
  return (n, derivatives) => {
    for (let i = 0; i < n; i++) {
      const v = vp[i] - vn[i];
      const g = 1 / r[i];
      const cur = v * g;
      fp[i] = cur;
      fn[i] = -cur;
      const a = alpha[i];
      const b = beta[i];
      const th = vt[i];
      // f(v) = α·v + (β − α)·(v − clamp(v, −vt, vt)), as the built-in writes it.
      const inBand = min(th, max(-th, v));
      fr[i] = a * v + (b - a) * (v - inBand);
      if (derivatives) {
        const dIdR = -cur * g;
        jpp[i] = g;
        jpn[i] = -g;
        jpr[i] = dIdR;
        jnp[i] = -g;
        jnn[i] = g;
        jnr[i] = -dIdR;
        const slope = v === inBand ? a : b;
        jrp[i] = slope;
        jrn[i] = -slope;
      }
    }
  };
});

export const devices = [
  defineDevice({
    id: 'bench.xspice',
    version: '1.0.0',
    title: 'Threshold memristor (plugin copy of memristor.xspice)',
    kind: 'memristor',
    terminals: ['p', 'n'],
    params: {
      rmin: { default: 10, unit: 'Ω', min: 0 },
      rmax: { default: 10e3, unit: 'Ω', min: 0 },
      rinit: { default: 7e3, unit: 'Ω', min: 0 },
      alpha: { default: 0, unit: 'Ω/(V·s)' },
      beta: { default: 1, unit: 'Ω/(V·s)' },
      vt: { default: 0, unit: 'V', min: 0 },
    },
    states: { r: { init: 'rinit', min: 'rmin', max: 'rmax', unit: 'Ω', abstol: 1e-6 } },
    jacobian: [
      ['p', 'p'],
      ['p', 'n'],
      ['p', 'r'],
      ['n', 'p'],
      ['n', 'n'],
      ['n', 'r'],
      ['r', 'p'],
      ['r', 'n'],
    ],
    evaluate(ctx) {
      evaluateBound(ctx)(ctx.n, ctx.derivatives !== false);
    },
  }),
];
