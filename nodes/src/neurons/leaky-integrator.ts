import type { DeviceModel } from '@memflow/plugin-sdk';

/**
 * Leaky integrator, τ·du/dt = −u + gain·w, as a voltage-in / voltage-out four-terminal element
 * (terminal order as a VCVS: op, on, ip, in).
 *
 * Input: the voltage w = v(ip) − v(in) across two sensing terminals that draw no current.
 * Output: u itself, as an ideal voltage source u = v(op) − v(on) whose current is a circuit unknown
 * (i(element), SPICE sign: into `op`, through the source, out of `on`). The integrator is the output
 * branch's own equation, with u's "charge" τ·u:
 *
 *   branch row:  (u − gain·w) + d(τ·u)/dt = 0.
 *
 * So u is read as v(op, on) (or v(op) with on grounded), drives any load without changing its dynamics,
 * and the element composes: cascades give higher-order low-passes, a summing resistor network in front
 * gives τ·u̇ = −u + Σ_j w_j·x_j, and feeding u through an activation (e.g. a `neuron.hopfield` output or
 * a controlled source) and synapses back into the input gives the recurrent network
 * τ·u̇ = −u + W·ρ(u) + b of Zoppo et al. In .op/.dc the integrator is at its equilibrium u = gain·w.
 * Its state u lives in the circuit unknowns (not in a device state), so the DC operating point sets it,
 * and `.tran … uic` starts it at u = 0.
 */
export const leakyIntegrator: DeviceModel = {
  id: 'neuron.leaky',
  version: '1.0.0',
  title: 'Leaky integrator (voltage in, voltage out)',
  kind: 'neuron',
  description:
    'τ·du/dt = −u + gain·(v(ip) − v(in)), u = v(op) − v(on) an ideal voltage-source output; the inputs draw no current.',
  citation:
    'G. Zoppo, F. Marrone, F. Corinto, "A continuous-time learning rule for memristor-based recurrent neural networks", Proc. IEEE ICECS 2019, 494, doi:10.1109/ICECS46596.2019.8964918.',
  terminals: ['op', 'on', 'ip', 'in'],
  branches: ['i'],
  params: {
    tau: { default: 1e-3, unit: 's', min: 0, doc: 'Time constant τ (0 makes it a VCVS)', aliases: ['t', 'tc'] },
    gain: { default: 1, unit: 'V/V', doc: 'Input gain: equilibrium u = gain·w' },
  },
  jacobian: [
    ['op', 'i'],
    ['on', 'i'],
    ['i', 'op'],
    ['i', 'on'],
    ['i', 'ip'],
    ['i', 'in'],
  ],
  charges: {
    rows: ['i'],
    jacobian: [
      ['i', 'op'],
      ['i', 'on'],
    ],
  },
  linear: true,
  spice: { letter: 'Y', modelType: 'neuron', level: ['leaky', 'integrator'] },
  evaluate(ctx) {
    const [vop, von, vip, vin, ib] = ctx.x;
    const fop = ctx.f[0];
    const fon = ctx.f[1];
    const fb = ctx.f[4];
    const qb = ctx.q[4];
    const [jopi, joni, jiop, jion, jiip, jiin] = ctx.df;
    const [qiop, qion] = ctx.dq;
    const { tau, gain } = ctx.p;
    for (let i = 0; i < ctx.n; i++) {
      const u = vop[i] - von[i];
      fop[i] = ib[i];
      fon[i] = -ib[i];
      fb[i] = u - gain[i] * (vip[i] - vin[i]);
      qb[i] = tau[i] * u;
      jopi[i] = 1;
      joni[i] = -1;
      jiop[i] = 1;
      jion[i] = -1;
      jiip[i] = -gain[i];
      jiin[i] = gain[i];
      qiop[i] = tau[i];
      qion[i] = -tau[i];
    }
  },
};
