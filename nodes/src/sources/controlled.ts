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

/**
 * Current mirror: a current-controlled current source with its own ammeter (SPICE's F element together
 * with the zero-volt source it senses, as one two-port). The sense port sp–sn is a short (v(sp) = v(sn))
 * whose current i, flowing in at sp and out at sn, is a circuit unknown; the output port copies it
 * scaled: a current gain·i flows from op through the source to on (same direction convention as the
 * VCCS), so with op at ground gain·i is injected into on. Sense ports can be chained in series to copy
 * one current into several nodes. Memristor Hopfield networks use it to feed the current of one shared
 * (symmetric) memristor into both neurons it connects.
 */
export const currentMirror: DeviceModel = {
  id: 'mirror',
  version: '1.0.0',
  title: 'Current mirror (current-controlled current source with built-in ammeter)',
  kind: 'controlled',
  description: 'Sense port sp–sn is a short carrying the unknown current i (in at sp, out at sn); a current gain·i flows from op through the source to on.',
  terminals: ['sp', 'sn', 'op', 'on'],
  branches: ['i'],
  params: { gain: { default: 1, unit: 'A/A', doc: 'Current gain (negative to invert)' } },
  jacobian: [
    ['sp', 'i'],
    ['sn', 'i'],
    ['op', 'i'],
    ['on', 'i'],
    ['i', 'sp'],
    ['i', 'sn'],
  ],
  linear: true,
  spice: { letter: 'Y', modelType: 'mirror', level: ['current'] },
  evaluate(ctx) {
    const [vsp, vsn, , , ib] = ctx.x;
    const [fsp, fsn, fop, fon, fb] = ctx.f;
    const [jspi, jsni, jopi, joni, jisp, jisn] = ctx.df;
    const gain = ctx.p.gain;
    for (let i = 0; i < ctx.n; i++) {
      fsp[i] = ib[i];
      fsn[i] = -ib[i];
      fop[i] = gain[i] * ib[i];
      fon[i] = -gain[i] * ib[i];
      fb[i] = vsp[i] - vsn[i];
      jspi[i] = 1;
      jsni[i] = -1;
      jopi[i] = gain[i];
      joni[i] = -gain[i];
      jisp[i] = 1;
      jisn[i] = -1;
    }
  },
};

/**
 * SPICE's F element: a current-controlled current source. A current gain·i flows from op through the
 * source to on, i being the current through the element the card names (into its first terminal,
 * through it, out of its second). The netlist gives op, on and that element; the compiler puts the
 * sense port sp–sn (a short whose current i is an unknown) in series with it, so any two-terminal
 * element can control, and i(F) reads the output current gain·i.
 */
export const cccs: DeviceModel = {
  id: 'cccs',
  version: '1.0.0',
  title: 'Current-controlled current source (SPICE F)',
  kind: 'controlled',
  description: 'A current gain · i(control) flows from op through the source to on; the sense port sp–sn is placed by the compiler in series with the control element.',
  terminals: ['op', 'on', 'sp', 'sn'],
  branches: ['i'],
  params: { gain: { default: 1, unit: 'A/A', doc: 'Current gain' } },
  jacobian: [
    ['op', 'i'],
    ['on', 'i'],
    ['sp', 'i'],
    ['sn', 'i'],
    ['i', 'sp'],
    ['i', 'sn'],
  ],
  linear: true,
  spice: { letter: 'F', value: 'gain', controlledByCurrent: true },
  evaluate(ctx) {
    const [, , vsp, vsn, ib] = ctx.x;
    const [fop, fon, fsp, fsn, fb] = ctx.f;
    const [jopi, joni, jspi, jsni, jisp, jisn] = ctx.df;
    const gain = ctx.p.gain;
    for (let i = 0; i < ctx.n; i++) {
      fop[i] = gain[i] * ib[i];
      fon[i] = -gain[i] * ib[i];
      fsp[i] = ib[i];
      fsn[i] = -ib[i];
      fb[i] = vsp[i] - vsn[i];
      jopi[i] = gain[i];
      joni[i] = -gain[i];
      jspi[i] = 1;
      jsni[i] = -1;
      jisp[i] = 1;
      jisn[i] = -1;
    }
  },
};

/**
 * SPICE's H element: a current-controlled voltage source, v(op) − v(on) = r·i with i the current through
 * the element the card names; its own current io flows into op. The sense port sp–sn is placed by the
 * compiler in series with that element, as for the F element.
 */
export const ccvs: DeviceModel = {
  id: 'ccvs',
  version: '1.0.0',
  title: 'Current-controlled voltage source (SPICE H)',
  kind: 'controlled',
  description: 'v(op) − v(on) = r · i(control); the sense port sp–sn is placed by the compiler in series with the control element.',
  terminals: ['op', 'on', 'sp', 'sn'],
  branches: ['io', 'is'],
  params: { r: { default: 1, unit: 'Ω', doc: 'Transresistance', aliases: ['gain'] } },
  jacobian: [
    ['op', 'io'],
    ['on', 'io'],
    ['sp', 'is'],
    ['sn', 'is'],
    ['io', 'op'],
    ['io', 'on'],
    ['io', 'is'],
    ['is', 'sp'],
    ['is', 'sn'],
  ],
  linear: true,
  spice: { letter: 'H', value: 'r', controlledByCurrent: true },
  evaluate(ctx) {
    const [vop, von, vsp, vsn, io, is] = ctx.x;
    const [fop, fon, fsp, fsn, fo, fs] = ctx.f;
    const [jopo, jono, jsps, jsns, joop, joon, jois, jssp, jssn] = ctx.df;
    const r = ctx.p.r;
    for (let i = 0; i < ctx.n; i++) {
      fop[i] = io[i];
      fon[i] = -io[i];
      fsp[i] = is[i];
      fsn[i] = -is[i];
      fo[i] = vop[i] - von[i] - r[i] * is[i];
      fs[i] = vsp[i] - vsn[i];
      jopo[i] = 1;
      jono[i] = -1;
      jsps[i] = 1;
      jsns[i] = -1;
      joop[i] = 1;
      joon[i] = -1;
      jois[i] = -r[i];
      jssp[i] = 1;
      jssn[i] = -1;
    }
  },
};
