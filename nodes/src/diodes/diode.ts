import type { DeviceModel } from '@memflow/plugin-sdk';
import { pnjlim, THERMAL_VOLTAGE } from './junction.js';

/**
 * Shockley junction diode with series resistance: i = is·(exp(vd/(n·Vt)) − 1), vd across the junction
 * between the internal node `a1` and the cathode; rs between the anode and `a1`. Junction voltages are
 * limited between Newton iterations with pnjlim, and gmin is added across the junction, as in SPICE.
 */
export const diode: DeviceModel = {
  id: 'diode',
  version: '1.0.0',
  title: 'Junction diode (Shockley, series resistance)',
  description:
    'i = is·area·(exp(vd/(n·Vt)) − 1) + gmin·vd across the junction (internal node a1 to k), Vt = kT/q at 300.15 K; rs/area in series from a to a1. Junction voltages are limited between Newton iterations with pnjlim.',
  kind: 'diode',
  citation: 'W. Shockley, Bell Syst. Tech. J. 28 (1949) 435; L. W. Nagel, SPICE2, UCB/ERL M520 (1975).',
  terminals: ['a', 'k'],
  internalNodes: ['a1'],
  params: {
    is: { default: 1e-14, unit: 'A', min: 0, doc: 'Saturation current' },
    n: { default: 1, min: 0.1, max: 10, doc: 'Emission coefficient' },
    rs: { default: 0, unit: 'Ω', min: 0, doc: 'Series resistance' },
    area: { default: 1, min: 0, doc: 'Area factor (scales is, divides rs)' },
  },
  work: ['vd'],
  jacobian: [
    ['a', 'a'],
    ['a', 'a1'],
    ['a1', 'a'],
    ['a1', 'a1'],
    ['a1', 'k'],
    ['k', 'a1'],
    ['k', 'k'],
    ['a', 'k'],
    ['k', 'a'],
  ],
  spice: { letter: 'D', modelType: 'd', level: ['1', 'shockley'] },
  evaluate(ctx) {
    const [va, vk, va1] = ctx.x;
    const [fa, fk, fa1] = ctx.f;
    const [jaa, jaa1, ja1a, ja1a1, ja1k, jka1, jkk, jak, jka] = ctx.df;
    const { is, n, rs, area } = ctx.p;
    const vdOld = ctx.work.vd;
    const gmin = ctx.gmin;
    for (let i = 0; i < ctx.n; i++) {
      const isat = is[i] * area[i];
      const vt = n[i] * THERMAL_VOLTAGE;
      const vcrit = vt * Math.log(vt / (Math.SQRT2 * isat));
      // Without series resistance the junction sits between a and k, and a1 just follows a: a huge
      // "short" conductance instead would make KCL at a unresolvable below 1e9·eps·|v|.
      const series = rs[i] > 0;
      const vd = (series ? va1[i] : va[i]) - vk[i];
      const vdl = pnjlim(vd, vdOld[i], vt, vcrit);
      if (vdl !== vd) ctx.noncon++;
      vdOld[i] = vdl;
      const e = Math.exp(vdl / vt);
      const gd = (isat * e) / vt + gmin;
      // Linearised at the limited voltage, so residual and Jacobian describe the same Newton model.
      const id = isat * (e - 1) + gmin * vdl + gd * (vd - vdl);
      fk[i] = -id;
      jkk[i] = gd;
      if (series) {
        const gs = area[i] / rs[i];
        const is_ = gs * (va[i] - va1[i]);
        fa[i] = is_;
        fa1[i] = id - is_;
        jaa[i] = gs;
        jaa1[i] = -gs;
        ja1a[i] = -gs;
        ja1a1[i] = gs + gd;
        ja1k[i] = -gd;
        jka1[i] = -gd;
        jak[i] = 0;
        jka[i] = 0;
      } else {
        fa[i] = id;
        fa1[i] = va1[i] - va[i];
        jaa[i] = gd;
        jaa1[i] = 0;
        ja1a[i] = -1;
        ja1a1[i] = 1;
        ja1k[i] = 0;
        jka1[i] = 0;
        jak[i] = -gd;
        jka[i] = -gd;
      }
    }
  },
};
