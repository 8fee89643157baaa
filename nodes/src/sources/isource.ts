import { waveformBreakpoints, type DeviceModel, type SourceSpec } from '@memflow/plugin-sdk';
import { sourceValue } from './vsource.js';

export const isource: DeviceModel = {
  id: 'isource',
  version: '1.0.0',
  title: 'Independent current source',
  kind: 'source',
  description: 'A current I(t) flows from p through the source to n (SPICE convention).',
  terminals: ['p', 'n'],
  params: { dc: { default: 0, unit: 'A', doc: 'DC value (used by .op and .dc; swept by .dc)' } },
  jacobian: [],
  linear: true,
  spice: { letter: 'I', source: true },
  breakpoints(inst, t0, t1) {
    const spec = inst.data as SourceSpec | undefined;
    return spec?.wave ? waveformBreakpoints(spec.wave, t0, t1) : [];
  },
  evaluate(ctx) {
    const [fp, fn] = ctx.f;
    const dc = ctx.p.dc;
    for (let i = 0; i < ctx.n; i++) {
      const cur = ctx.sourceScale * sourceValue(ctx.data[i] as SourceSpec | undefined, dc[i], ctx.dcSources, ctx.time);
      fp[i] = cur;
      fn[i] = -cur;
    }
  },
};
