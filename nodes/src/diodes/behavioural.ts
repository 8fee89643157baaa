import type { DeviceModel } from '@memflow/plugin-sdk';

const { abs, exp, log1p, max } = Math;

/** SPICE's default reltol and abstol (A), for the device convergence test below. */
const RELTOL = 1e-3;
const ABSTOL = 1e-12;

/** vs·ln(1 + e^(x/vs)), the softplus of width vs (max(0, x) when vs = 0), evaluated without overflow. */
function ramp(x: number, vs: number): number {
  if (!(vs > 0)) return x > 0 ? x : 0;
  const z = x / vs;
  return z > 0 ? x + vs * log1p(exp(-z)) : vs * log1p(exp(z));
}

/** d ramp / dx = 1 / (1 + e^(−x/vs)) (the step when vs = 0). */
function rampSlope(x: number, vs: number): number {
  if (!(vs > 0)) return x > 0 ? 1 : 0;
  const z = x / vs;
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

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
 * As ngspice does for B sources (ASRCconvTest), an iterate is accepted only when the current agrees with
 * the previous linearisation's prediction (reltol 1e-3, abstol 1 pA; signalled through `noncon`): on a
 * piecewise-linear I–V a Newton update below vntol can still sit on the wrong segment.
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
    roff: { default: 1e20, unit: 'Ω', min: 1e-12, doc: 'Off resistance below threshold (EBANA ROFF)' },
    vs: { default: 0, unit: 'V', min: 0, doc: 'Corner smoothing width (softplus); 0 = EBANA\'s exact max()' },
  },
  work: ['vlast', 'ilast', 'glast', 'seen'],
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
    const { vlast, ilast, glast, seen } = ctx.work;
    for (let i = 0; i < ctx.n; i++) {
      const x = va[i] - vk[i] - vth[i];
      const goff = 1 / roff[i];
      const dg = 1 / ron[i] - goff;
      const cur = goff * x + dg * ramp(x, vs[i]);
      const g = goff + dg * rampSlope(x, vs[i]);
      // SPICE's device convergence test (DIOconvTest): the current must agree with what the last
      // linearisation predicted here, or this iterate is not accepted. A stiff diode (1/ron large) can
      // otherwise take a Newton update below vntol while its current is still far off.
      if (seen[i] === 1) {
        const pred = ilast[i] + glast[i] * (x - vlast[i]);
        if (abs(cur - pred) > RELTOL * max(abs(cur), abs(pred)) + ABSTOL) ctx.noncon++;
      }
      vlast[i] = x;
      ilast[i] = cur;
      glast[i] = g;
      seen[i] = 1;
      fa[i] = cur;
      fk[i] = -cur;
      jaa[i] = g;
      jak[i] = -g;
      jka[i] = -g;
      jkk[i] = g;
    }
  },
};
