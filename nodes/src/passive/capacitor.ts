import type { DeviceModel } from '@memflow/plugin-sdk';

export const capacitor: DeviceModel = {
  id: 'capacitor',
  version: '1.0.0',
  title: 'Capacitor',
  kind: 'passive',
  description: 'Linear capacitor: q = c · (v(p) − v(n)).',
  terminals: ['p', 'n'],
  params: { c: { default: 1e-12, unit: 'F', min: 0, doc: 'Capacitance', aliases: ['capacitance'] } },
  jacobian: [],
  charges: {
    rows: ['p', 'n'],
    jacobian: [
      ['p', 'p'],
      ['p', 'n'],
      ['n', 'p'],
      ['n', 'n'],
    ],
  },
  linear: true,
  spice: { letter: 'C', value: 'c' },
  evaluate(ctx) {
    const [vp, vn] = ctx.x;
    const [fp, fn] = ctx.f;
    const [qp, qn] = ctx.q;
    const [jpp, jpn, jnp, jnn] = ctx.dq;
    const c = ctx.p.c;
    for (let i = 0; i < ctx.n; i++) {
      const q = c[i] * (vp[i] - vn[i]);
      fp[i] = 0;
      fn[i] = 0;
      qp[i] = q;
      qn[i] = -q;
      jpp[i] = c[i];
      jpn[i] = -c[i];
      jnp[i] = -c[i];
      jnn[i] = c[i];
    }
  },
};
