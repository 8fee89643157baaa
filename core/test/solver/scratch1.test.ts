import { it } from 'vitest';
import { networkFromText, run, column, relativeError } from './run-helpers.js';
import { firstOrderPwl, pulseCorners, pwl } from './closed-forms.js';

const rc = (tran: string, opts: string) => `* rc
V1 in 0 PULSE(0 1 0 1n 1n 5m 10m)
R1 in out 1k
C1 out 0 1u
${opts}
${tran}
.print tran v(out) i(v1)
.end
`;
const rl = (tran: string, opts: string) => `* rl
V1 in 0 PULSE(0 1 0 1n 1n 1 2)
R1 in a 1
L1 a 0 2m
${opts}
${tran}
.print tran i(l1) i(v1) v(a)
.end
`;
it('scratch', () => {
  const { ts, us } = pulseCorners(0, 1, 0, 1e-9, 1e-9, 5e-3, 10e-3, 20e-3);
  const vx = firstOrderPwl(ts, us, 1e-3, 1);
  const ix = firstOrderPwl([0, 1e-9], [0, 1], 2e-3, 1);
  for (const tran of ['.tran 1m 20m', '.tran 0.2m 20m', '.tran 0.1m 20m', '.tran 20m 20m'])
  for (const o of ['', '.options reltol=1e-4', '.options reltol=1e-6', '.options reltol=1e-6 trtol=1', '.options reltol=1e-7']) {
    let t0 = performance.now();
    const r = run(networkFromText(rc(tran, o)));
    const t = column(r, 'time');
    const e1 = relativeError(t, column(r, 'v(out)'), vx);
    const e2 = relativeError(t, column(r, 'i(v1)'), (tt) => -(pwl(ts, us)(tt) - vx(tt)) / 1e3);
    const r2 = run(networkFromText(rl(tran.replace('20m', '10m'), o)));
    const t2 = column(r2, 'time');
    const e3 = relativeError(t2, column(r2, 'i(l1)'), ix);
    console.log(`${tran} ${o}: RC ${t.length} pts v ${e1.toExponential(2)} i ${e2.toExponential(2)}; RL ${t2.length} pts i ${e3.toExponential(2)}  ${(performance.now() - t0).toFixed(0)}ms`);
  }
});
