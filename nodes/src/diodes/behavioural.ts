import type { DeviceModel } from '@memflow/plugin-sdk';
import { ramp, rampSlope } from './ramp.js';

/**
 * EBANA's behavioural threshold diode (Watfa et al. 2023). EBANA writes each diode as an ngspice
 * behavioural current source between the node and a bias node,
 *
 *   B n bias I = { max((V(n) − V(bias) − VTH)/ROFF, (V(n) − V(bias) − VTH)/RON) },
 *
 * with VTH = 0.15 V, RON = 1 Ω, ROFF = 1e20 Ω in its experiments; a "down" diode has its anode at the
 * layer node and its cathode at a bias source, an "up" diode the reverse (anode at the bias node).
 * Here, with v = v(a) − v(k) and x = v − vth (ron < roff):
 *
 *   i(v) = max(x/ron, x/roff) = x/roff + (1/ron − 1/roff)·s(x),   s(x) = max(0, x)
 *
 * exactly as ngspice evaluates it (the default vs = 0). Optionally the corner can be rounded with
 * s(x) = vs·ln(1 + e^(x/vs)) (vs > 0), which EBANA does not do. Like an ngspice B source, the model adds
 * no gmin; its 1/roff is the only leak. At the corner (x = 0, vs = 0) the derivative is the off slope.
 * On a piecewise-linear I–V a Newton update below vntol can still sit on the wrong segment; the kernel's
 * current test on the residual (as ngspice's ASRCconvTest does for B sources) catches it.
 */
export const behaviouralDiode: DeviceModel = {
  id: 'diode.behavioural',
  version: '1.0.0',
  title: 'Behavioural threshold diode (EBANA)',
  kind: 'diode',
  description:
    'i = max((v − vth)/ron, (v − vth)/roff), v = v(a) − v(k) (EBANA\'s ngspice B-source diode, VTH 0.15 V, RON 1 Ω, ROFF 1e20 Ω); optional corner smoothing vs.',
  citation:
    'M. Watfa, A. Garcia-Ortiz, G. Sassatelli, "Energy-based analog neural network framework", Front. Comput. Neurosci. 17 (2023) 1114651, doi:10.3389/fncom.2023.1114651 (behavioural diode of its ngspice netlists).',
  terminals: ['a', 'k'],
  params: {
    vth: { default: 0.15, unit: 'V', doc: 'Threshold voltage (EBANA VTH)', aliases: ['vt'] },
    ron: { default: 1, unit: 'Ω', min: 1e-12, doc: 'On resistance above threshold (EBANA RON)' },
    roff: { default: 1e20, unit: 'Ω', min: 1e3, doc: 'Off resistance below threshold (EBANA ROFF); far above ron' },
    vs: { default: 0, unit: 'V', min: 0, doc: 'Corner smoothing width (softplus); 0 = EBANA\'s exact max()' },
  },
  jacobian: [
    ['a', 'a'],
    ['a', 'k'],
    ['k', 'a'],
    ['k', 'k'],
  ],
  spice: { letter: 'D', modelType: 'd', level: ['behavioural', 'behavioral', 'ebana'] },
  evaluate(ctx) {
    const [va, vk] = ctx.x;
    const [fa, fk] = ctx.f;
    const [jaa, jak, jka, jkk] = ctx.df;
    const { vth, ron, roff, vs } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const x = va[i] - vk[i] - vth[i];
      const goff = 1 / roff[i];
      const dg = 1 / ron[i] - goff;
      const cur = goff * x + dg * ramp(x, vs[i]);
      const g = goff + dg * rampSlope(x, vs[i]);
      fa[i] = cur;
      fk[i] = -cur;
      jaa[i] = g;
      jak[i] = -g;
      jka[i] = -g;
      jkk[i] = g;
    }
  },
};
