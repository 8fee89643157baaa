import type { DeviceModel } from '@memflow/plugin-sdk';

/**
 * Bidirectional amplifier of equilibrium-propagation circuits (Kendall et al. 2020; EBANA's
 * amplification layer, gain 4, shift 0.6 V). A two-port between an input `in` and an output `out`, both
 * referenced to `ref`:
 *
 *  - forward, voltage gain A: the output is an ideal voltage source
 *      v(out) − v(ref) = shift + A·(v(in) − v(ref) − shift),
 *    whose current i (SPICE sign: into `out`, through the source, out of `ref`) is a circuit unknown;
 *  - backward, current gain 1/A: the input is a current source driven by that current, drawing
 *      i(in) = −i/A   (into the device at `in`, returned at `ref`)
 *    i.e. a current I injected into the output node (absorbed by the output source, i = I) reappears as
 *    I/A injected into the input node, so the nudging currents of the output layer propagate back
 *    through the amplifier to the earlier layers.
 *
 * This is EBANA's ngspice pair `B out 0 V = {shift + A·(V(in) − shift)}`, `Bi in 0 I = {−1/A · I(B)}`.
 * The input draws no current in the free phase beyond −i/A; the output ideal source decouples the
 * layers' voltages. The two-port is linear, active and non-reciprocal (an ideal transformer of ratio A
 * would return A·I, not I/A). Positive gains only; `shift` is the voltage mapped to itself.
 */
export const bidirectionalAmplifier: DeviceModel = {
  id: 'amplifier.bidirectional',
  version: '1.0.0',
  title: 'Bidirectional amplifier (voltage gain A forward, current gain 1/A backward)',
  kind: 'controlled',
  description:
    'v(out) − v(ref) = shift + A·(v(in) − v(ref) − shift) (ideal source, branch current i into `out`); the input draws −i/A (injects i/A into `in`).',
  citation:
    'J. Kendall, R. Pantone, K. Manickavasagam, Y. Bengio, B. Scellier, "Training end-to-end analog neural networks with equilibrium propagation", arXiv:2006.01981 (2020); M. Watfa, A. Garcia-Ortiz, G. Sassatelli, "Energy-based analog neural network framework", Front. Comput. Neurosci. 17 (2023) 1114651.',
  terminals: ['in', 'out', 'ref'],
  branches: ['i'],
  params: {
    gain: { default: 4, unit: 'V/V', min: 1e-12, doc: 'Forward voltage gain A; the backward current gain is 1/A', aliases: ['a'] },
    shift: { default: 0.6, unit: 'V', doc: 'Voltage shift: the input voltage (from ref) that maps to itself' },
  },
  jacobian: [
    ['in', 'i'],
    ['out', 'i'],
    ['ref', 'i'],
    ['i', 'in'],
    ['i', 'out'],
    ['i', 'ref'],
  ],
  linear: true,
  spice: { letter: 'Y', modelType: 'amplifier', level: ['bidirectional'] },
  evaluate(ctx) {
    const [vin, vout, vref, ib] = ctx.x;
    const [fin, fout, fref, fb] = ctx.f;
    const [jin, jout, jref, jbi, jbo, jbr] = ctx.df;
    const { gain, shift } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const a = gain[i];
      const back = 1 / a;
      fin[i] = -back * ib[i];
      fout[i] = ib[i];
      fref[i] = (back - 1) * ib[i];
      fb[i] = vout[i] - vref[i] - shift[i] - a * (vin[i] - vref[i] - shift[i]);
      jin[i] = -back;
      jout[i] = 1;
      jref[i] = back - 1;
      jbi[i] = -a;
      jbo[i] = 1;
      jbr[i] = a - 1;
    }
  },
};
