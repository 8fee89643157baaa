/** The built-in models' declared derivatives against finite differences of their own outputs. */
import { describe, expect, it } from 'vitest';
import { checkDerivatives, type DeviceModel } from '@memflow/plugin-sdk';
import { capacitor, diode, hpMemristor, inductor, resistor, vccs, vcvs, vsource, xspiceMemristor } from '@memflow/nodes';

function expectConsistent(model: DeviceModel, points: number[][], params?: Record<string, number>): void {
  const r = checkDerivatives(model, points, { params });
  expect(r.worst, `${model.id}: ${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
}

describe('derivatives match finite differences', () => {
  it('linear elements', () => {
    expectConsistent(resistor, [[1, -0.5], [0.3, 2]], { r: 470 });
    expectConsistent(capacitor, [[1, -0.5], [0.3, 2]], { c: 1e-6 });
    expectConsistent(inductor, [[1, -0.5, 0.01], [0.3, 2, -1]], { l: 1e-3 });
    expectConsistent(vsource, [[1, -0.5, 0.01]]);
    expectConsistent(vcvs, [[1, 0, 0.2, -0.1, 0.01]], { gain: 4 });
    expectConsistent(vccs, [[1, 0, 0.2, -0.1]], { gm: 1e-3 });
  });
  it('junction diode with series resistance, forward and reverse', () => {
    expectConsistent(diode, [[0.8, 0, 0.7], [0.2, 0, 0.19], [-3, 0, -3], [0.75, 0.1, 0.68]], { is: 1e-14, n: 1.2, rs: 5 });
    expectConsistent(diode, [[0.7, 0, 0.7], [0.2, 0.1, 0.2], [-3, 0, -3]], { is: 1e-14, n: 1, rs: 0 });
  });
  it('XSPICE threshold memristor, below and above threshold', () => {
    const params = { rmin: 1e3, rmax: 1e4, rinit: 5e3, alpha: 10, beta: 1e5, vt: 1 };
    expectConsistent(xspiceMemristor, [[0.5, 0, 4000], [2, 0, 7000], [-1.5, 0.2, 2000], [-0.3, 0, 9000]], params);
  });
  for (const [window, name] of [[0, 'none'], [1, 'joglekar'], [2, 'biolek'], [3, 'prodromakis']] as const) {
    it(`HP memristor, window ${name}`, () => {
      expectConsistent(hpMemristor, [[0.5, 0, 0.3], [-0.8, 0, 0.7], [1, 0.5, 0.1], [-0.2, 0, 0.95]], { window, p: 2 });
    });
  }
  it('catches a wrong derivative and an undeclared one', () => {
    const broken: DeviceModel = {
      ...resistor,
      evaluate(ctx) {
        resistor.evaluate(ctx);
        ctx.df[0][0] *= 1.01;
      },
    };
    expect(checkDerivatives(broken, [[1, 0]], { params: { r: 100 } }).worst).toBeGreaterThan(1e-3);
    const undeclared: DeviceModel = {
      ...resistor,
      jacobian: [['p', 'p'], ['p', 'n']],
      evaluate(ctx) {
        const [vp, vn] = ctx.x;
        for (let i = 0; i < ctx.n; i++) {
          const g = 1 / ctx.p.r[i];
          ctx.f[0][i] = g * (vp[i] - vn[i]);
          ctx.f[1][i] = -ctx.f[0][i];
          ctx.df[0][i] = g;
          ctx.df[1][i] = -g;
        }
      },
    };
    const r = checkDerivatives(undeclared, [[1, 0]], { params: { r: 100 } });
    expect(r.where).toMatch(/not declared/);
  });
});
