import { it } from 'vitest';
import { networkFromText, run, column } from './run-helpers.js';
import { rcSine, hpSine } from './closed-forms.js';

const last = (a: Float64Array) => a[a.length - 1];
it('scratch', () => {
  const A = 1, f = 200, w = 2 * Math.PI * f, tau = 1e-3, tend = 5e-3;
  const exact = rcSine(A, w, tau)(tend);
  const errs: number[] = [];
  for (const h of [50e-6, 25e-6, 12.5e-6, 6.25e-6, 3.125e-6, 1.5625e-6]) {
    const r = run(networkFromText(`* rc sine\nV1 in 0 SIN(0 ${A} ${f})\nR1 in out 1k\nC1 out 0 1u\n.options fixedstep=1\n.tran ${h} ${tend} 0 ${h}\n.print tran v(out)\n.end\n`));
    const t = column(r, 'time');
    errs.push(Math.abs(last(column(r, 'v(out)')) - exact));
    console.log('rc', h, t.length, last(t), errs[errs.length - 1], errs.length > 1 ? Math.log2(errs[errs.length - 2] / errs[errs.length - 1]) : '');
  }
  const p = { ron: 100, roff: 16e3, d: 10e-9, uv: 1e-14, rinit: 11e3 };
  const hp = hpSine(p, 1, 2 * Math.PI);
  for (const T of [0.75, 0.3, 1.6]) {
  const e2: number[] = [];
  for (const h of [10e-3, 5e-3, 2.5e-3, 1.25e-3, 0.625e-3]) {
    const r = run(networkFromText(`* hp\nV1 1 0 SIN(0 1 1)\nYMEMRISTOR m1 1 0 hpmod\n.model hpmod memristor level=hp window=none ron=100 roff=16k d=10n uv=1e-14 rinit=11k\n.options fixedstep=1 reltol=1e-9\n.tran ${h} ${T} 0 ${h}\n.print tran v(1) i(v1) x(m1)\n.end\n`));
    const t = column(r, 'time');
    const ex = hp.state(T);
    e2.push(Math.abs(last(column(r, 'x(m1)')) - ex));
    const ei = Math.abs(-last(column(r, 'i(v1)')) - hp.current(T));
    console.log('hp', T, h, t.length, last(t), ex, e2[e2.length - 1], ei, e2.length > 1 ? Math.log2(e2[e2.length - 2] / e2[e2.length - 1]) : '');
  }
  }
});
