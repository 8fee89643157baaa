import { bindToContext, type DeviceModel } from '@memflow/plugin-sdk';

/**
 * The evaluation loop bound to one context's arrays (bindToContext). f(v) = α·v + (β − α)·(v − clamp(v,
 * −vt, vt)) is the same as β·v ± (α − β)·vt outside the threshold band and α·v inside it, written without
 * branches: a branch first taken after V8 compiled this loop costs a deoptimisation, and the band is
 * left only once the drive grows. Without `derivatives` (the kernel reads none from that call) their
 * stores are skipped.
 */
const evaluateBound = bindToContext((ctx) => {
  const [vp, vn, r] = ctx.x;
  const [fp, fn, fr] = ctx.f;
  const [jpp, jpn, jpr, jnp, jnn, jnr, jrp, jrn] = ctx.df;
  const { alpha, beta, vt } = ctx.p;
  return (n: number, derivatives: boolean): void => {
    for (let i = 0; i < n; i++) {
      const v = vp[i] - vn[i];
      const g = 1 / r[i];
      const cur = v * g;
      fp[i] = cur;
      fn[i] = -cur;
      const a = alpha[i];
      const b = beta[i];
      const th = vt[i];
      const inBand = Math.min(th, Math.max(-th, v));
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

/**
 * Pershin–Di Ventra threshold memristor, as ngspice's XSPICE `memristor` code model:
 * i = v / R, dR/dt = f(v) = β·v + ½(α − β)(|v + vt| − |v − vt|), R ∈ [rmin, rmax].
 * ngspice stops the integration only after the bound is crossed; here the kernel keeps R exactly
 * inside [rmin, rmax]. In .op/.dc the resistance is its initial value, as in ngspice.
 */
export const xspiceMemristor: DeviceModel = {
  id: 'memristor.xspice',
  version: '1.0.0',
  title: 'Threshold memristor (Pershin–Di Ventra, ngspice XSPICE)',
  description:
    'i = v / R; dR/dt = f(v) = β·v + ½(α − β)(|v + vt| − |v − vt|) while R is inside [rmin, rmax]; R stops exactly at a bound it is driven against (the ngspice code model overshoots by one step). In .op/.dc, R = rinit.',
  kind: 'memristor',
  citation:
    'Y. V. Pershin, M. Di Ventra, "SPICE model of memristive devices with threshold", Radioengineering 22 (2013) 485; arXiv:1204.2600.',
  terminals: ['p', 'n'],
  params: {
    rmin: { default: 10, unit: 'Ω', min: 0, doc: 'Lowest resistance' },
    rmax: { default: 10e3, unit: 'Ω', min: 0, doc: 'Highest resistance' },
    rinit: { default: 7e3, unit: 'Ω', min: 0, doc: 'Initial resistance' },
    alpha: { default: 0, unit: 'Ω/(V·s)', doc: 'Rate below threshold' },
    beta: { default: 1, unit: 'Ω/(V·s)', doc: 'Rate above threshold' },
    vt: { default: 0, unit: 'V', min: 0, doc: 'Threshold voltage' },
  },
  states: { r: { init: 'rinit', min: 'rmin', max: 'rmax', unit: 'Ω', doc: 'Resistance', abstol: 1e-6 } },
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
  spice: { letter: 'A', modelType: 'memristor' },
  evaluate(ctx) {
    evaluateBound(ctx)(ctx.n, ctx.derivatives !== false);
  },
};
