import { it } from 'vitest';
import { join } from 'node:path';
import { networkFromFile, REFERENCE, registry } from './run-helpers.js';
import { Kernel } from '../../src/common/solver/kernel.js';
import { operatingPoint } from '../../src/common/solver/operating-point.js';
import { resolveOptions } from '../../src/common/solver/options.js';
import { compileSystem } from '../../src/common/solver/system.js';
function trueResidual(k: Kernel) {
  for (const g of k.sys.groups) if (g.model.id === 'diode') for (let i = 0; i < g.n; i++) {
    const y = (loc: number) => { const r = g.idx[loc * g.n + i]; return r >= 0 ? k.y[r] : 0; };
    g.work.vd[i] = y(2) - y(1);
  }
  k.assemble(false);
  let m = 0; for (const r of k.residual) m = Math.max(m, Math.abs(r));
  return m;
}
it('x', () => {
  for (const [file, v] of [['rd_dc', 2.5], ['rd_dc', 3], ['rd_dc', 5], ['rd_dc', -3], ['bridge_tran', 10], ['bridge_tran', 3]] as const) {
    const net = networkFromFile(join(REFERENCE, file + '.cir'));
    const n2 = { ...net, elements: net.elements.map((e) => (e.id.toLowerCase() === 'v1' ? { ...e, source: { dc: v } } : e)) };
    const sys = compileSystem(n2, registry.lookup);
    const k = new Kernel(sys, resolveOptions(n2.options));
    const res = operatingPoint(k, { dcSources: true, time: 0 });
    const r0 = trueResidual(k);
    const more = k.newton(100);
    const r1 = trueResidual(k);
    console.log(`${file} V1=${v}: op ${JSON.stringify(res)} true residual ${r0.toExponential(2)}; extra newton ${JSON.stringify(more)} → ${r1.toExponential(2)}`);
  }
});
