import { it } from 'vitest';
import { networkFromText, run, column } from './run-helpers.js';

const last = (a: Float64Array) => a[a.length - 1];
it('scratch', () => {
  for (const [name, body, T, h0] of [
    ['d1', 'V1 in 0 SIN(0 2 100)\nR1 in a 1k\nD1 a out DMOD\nC1 out 0 1u\nR2 out 0 10k\n.model DMOD D(IS=1e-14 N=1)', 10e-3, 100e-6],
    ['d2', 'V1 in 0 SIN(0 2 100)\nD1 in out DMOD\nC1 out 0 1u\nR2 out 0 1k\n.model DMOD D(IS=1e-14 N=1 RS=100)', 10e-3, 100e-6],
    ['d3', 'V1 in 0 SIN(0 2 100)\nR1 in a 1k\nD1 a out DMOD\nC1 out 0 1u\nR2 out 0 10k\n.model DMOD D(IS=1e-14 N=1)', 7.5e-3, 50e-6],
  ] as const) {
    const vals: number[] = [];
    const hs = [h0, h0 / 2, h0 / 4, h0 / 8, h0 / 16, h0 / 64];
    for (const h of hs) {
      const t0 = performance.now();
      const r = run(networkFromText(`* ${name}\n${body}\n.options fixedstep=1 reltol=1e-10 vntol=1e-12 abstol=1e-16 itl4=50\n.tran ${h} ${T} 0 ${h}\n.print tran v(out)\n.end\n`));
      vals.push(last(column(r, 'v(out)')));
      console.log(name, h, column(r, "time").length, vals[vals.length - 1], JSON.stringify(r.stats), (performance.now() - t0).toFixed(0));
    }
    const ref16 = vals[4], ref64 = vals[5];
    const e16 = vals.slice(0, 4).map((v) => Math.abs(v - ref16));
    const e64 = vals.slice(0, 5).map((v) => Math.abs(v - ref64));
    const ord = (e: number[]) => e.slice(1).map((x, k) => Math.log2(e[k] / x).toFixed(3));
    console.log(name + " e16 " + JSON.stringify(e16) + JSON.stringify(ord(e16)) + " e64 " + JSON.stringify(e64) + JSON.stringify(ord(e64)));
  }
});
