import type { DeviceModel } from '@memflow/plugin-sdk';

export const resistor: DeviceModel = {
  id: 'resistor',
  version: '1.0.0',
  title: 'Resistor',
  kind: 'passive',
  description: 'Linear resistor: i = (v(p) − v(n)) / r.',
  terminals: ['p', 'n'],
  params: { r: { default: 1e3, unit: 'Ω', min: 0, doc: 'Resistance', aliases: ['resistance'] } },
  jacobian: [
    ['p', 'p'],
    ['p', 'n'],
    ['n', 'p'],
    ['n', 'n'],
  ],
  linear: true,
  spice: { letter: 'R', value: 'r' },
  evaluate(ctx) {
    const [vp, vn] = ctx.x;
    const [fp, fn] = ctx.f;
    const [jpp, jpn, jnp, jnn] = ctx.df;
    const r = ctx.p.r;
    for (let i = 0; i < ctx.n; i++) {
      // A zero resistance would make the matrix singular; SPICE substitutes a tiny one the same way.
      const g = 1 / Math.max(r[i], 1e-9);
      const cur = g * (vp[i] - vn[i]);
      fp[i] = cur;
      fn[i] = -cur;
      jpp[i] = g;
      jpn[i] = -g;
      jnp[i] = -g;
      jnn[i] = g;
    }
  },
};
