import { waveformBreakpoints, waveformValue, type DeviceModel, type SourceSpec } from '@memflow/plugin-sdk';

/** Value of an independent source for the current analysis (DC value or waveform at ctx.time). */
export function sourceValue(spec: SourceSpec | undefined, dc: number, dcSources: boolean, time: number): number {
  if (dcSources || !spec?.wave) return dc;
  return waveformValue(spec.wave, time);
}

export const vsource: DeviceModel = {
  id: 'vsource',
  version: '1.0.0',
  title: 'Independent voltage source',
  kind: 'source',
  description: 'v(p) − v(n) = E(t); the branch current i flows into p, through the source, out of n (SPICE convention).',
  terminals: ['p', 'n'],
  branches: ['i'],
  params: { dc: { default: 0, unit: 'V', doc: 'DC value (used by .op and .dc; swept by .dc)' } },
  jacobian: [
    ['p', 'i'],
    ['n', 'i'],
    ['i', 'p'],
    ['i', 'n'],
  ],
  linear: true,
  spice: { letter: 'V', source: true },
  breakpoints(inst, t0, t1) {
    const spec = inst.data as SourceSpec | undefined;
    return spec?.wave ? waveformBreakpoints(spec.wave, t0, t1) : [];
  },
  evaluate(ctx) {
    const [vp, vn, ib] = ctx.x;
    const [fp, fn, fb] = ctx.f;
    const [jpi, jni, jip, jin] = ctx.df;
    const dc = ctx.p.dc;
    for (let i = 0; i < ctx.n; i++) {
      const e = ctx.sourceScale * sourceValue(ctx.data[i] as SourceSpec | undefined, dc[i], ctx.dcSources, ctx.time);
      fp[i] = ib[i];
      fn[i] = -ib[i];
      fb[i] = vp[i] - vn[i] - e;
      jpi[i] = 1;
      jni[i] = -1;
      jip[i] = 1;
      jin[i] = -1;
    }
  },
};
