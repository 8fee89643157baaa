import type { DeviceModel } from '@memflow/plugin-sdk';

export const vcvs: DeviceModel = {
  id: 'vcvs',
  version: '1.0.0',
  title: 'Voltage-controlled voltage source',
  kind: 'controlled',
  description: 'v(op) − v(on) = gain · (v(ip) − v(in)).',
  terminals: ['op', 'on', 'ip', 'in'],
  branches: ['i'],
  params: { gain: { default: 1, unit: 'V/V', doc: 'Voltage gain' } },
  jacobian: [
    ['op', 'i'],
    ['on', 'i'],
    ['i', 'op'],
    ['i', 'on'],
    ['i', 'ip'],
    ['i', 'in'],
  ],
  linear: true,
  spice: { letter: 'E', value: 'gain' },
  evaluate(ctx) {
    const [vop, von, vip, vin, ib] = ctx.x;
    const fop = ctx.f[0];
    const fon = ctx.f[1];
    const fb = ctx.f[4];
    const [jopi, joni, jiop, jion, jiip, jiin] = ctx.df;
    const gain = ctx.p.gain;
    for (let i = 0; i < ctx.n; i++) {
      fop[i] = ib[i];
      fon[i] = -ib[i];
      fb[i] = vop[i] - von[i] - gain[i] * (vip[i] - vin[i]);
      jopi[i] = 1;
      joni[i] = -1;
      jiop[i] = 1;
      jion[i] = -1;
      jiip[i] = -gain[i];
      jiin[i] = gain[i];
    }
  },
};

export const vccs: DeviceModel = {
  id: 'vccs',
  version: '1.0.0',
  title: 'Voltage-controlled current source',
  kind: 'controlled',
  description: 'A current gm · (v(ip) − v(in)) flows from op through the source to on.',
  terminals: ['op', 'on', 'ip', 'in'],
  params: { gm: { default: 1, unit: 'S', doc: 'Transconductance', aliases: ['gain'] } },
  jacobian: [
    ['op', 'ip'],
    ['op', 'in'],
    ['on', 'ip'],
    ['on', 'in'],
  ],
  linear: true,
  spice: { letter: 'G', value: 'gm' },
  evaluate(ctx) {
    const [, , vip, vin] = ctx.x;
    const [fop, fon] = ctx.f;
    const [jopip, jopin, jonip, jonin] = ctx.df;
    const gm = ctx.p.gm;
    for (let i = 0; i < ctx.n; i++) {
      const cur = gm[i] * (vip[i] - vin[i]);
      fop[i] = cur;
      fon[i] = -cur;
      jopip[i] = gm[i];
      jopin[i] = -gm[i];
      jonip[i] = -gm[i];
      jonin[i] = gm[i];
    }
  },
};
