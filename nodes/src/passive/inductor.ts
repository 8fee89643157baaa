import type { DeviceModel } from '@memflow/plugin-sdk';

/** The branch current is an unknown, so the flux l·i is integrated like a charge: v = l · di/dt. */
export const inductor: DeviceModel = {
  id: 'inductor',
  version: '1.0.0',
  title: 'Inductor',
  kind: 'passive',
  description: 'Linear inductor: v(p) − v(n) = l · di/dt.',
  terminals: ['p', 'n'],
  branches: ['i'],
  params: { l: { default: 1e-6, unit: 'H', min: 0, doc: 'Inductance', aliases: ['inductance'] } },
  jacobian: [
    ['p', 'i'],
    ['n', 'i'],
    ['i', 'p'],
    ['i', 'n'],
  ],
  charges: { rows: ['i'], jacobian: [['i', 'i']] },
  linear: true,
  spice: { letter: 'L', value: 'l' },
  evaluate(ctx) {
    const [vp, vn, ib] = ctx.x;
    const [fp, fn, fb] = ctx.f;
    const qb = ctx.q[2];
    const [jpi, jni, jip, jin] = ctx.df;
    const [jii] = ctx.dq;
    const l = ctx.p.l;
    for (let i = 0; i < ctx.n; i++) {
      fp[i] = ib[i];
      fn[i] = -ib[i];
      fb[i] = vp[i] - vn[i];
      qb[i] = -l[i] * ib[i];
      jpi[i] = 1;
      jni[i] = -1;
      jip[i] = 1;
      jin[i] = -1;
      jii[i] = -l[i];
    }
  },
};
