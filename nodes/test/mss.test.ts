/** Knowm mean metastable switch memristor: derivatives, pinched loops, bounds, steady state, SPICE spelling, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise, parseNetlist, simulate, spiceToNetwork } from '@memflow/core';
import { mssMemristor } from '../src/memristors/mss.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, expectWithin, registryWith } from './memristor-checks.js';

const registry = registryWith(mssMemristor);
const sigma = (z: number) => 1 / (1 + Math.exp(-z));

describe('Knowm mean metastable switch memristor', () => {
  it('declares the usual defaults', () => {
    const p = mssMemristor.params;
    expect([p.tau.default, p.vt.default, p.von.default, p.voff.default, p.ron.default, p.roff.default, p.phi.default]).toEqual([
      1e-4, 0.025, 0.27, 0.27, 15e3, 45e3, 1,
    ]);
    expect(mssMemristor.spice).toEqual({ letter: 'Y', modelType: 'memristor', level: ['mss', '5'] });
    for (const [name, spec] of Object.entries(p)) expect(spec.doc, `doc of ${name}`).toBeTruthy();
    expect(mssMemristor.states!.x.doc).toBeTruthy();
  });

  it('derivatives match finite differences, with and without the Schottky part', () => {
    const points = [
      [0.3, 0, 0.2],
      [-0.4, 0, 0.7],
      [0.1, 0.05, 0.5],
      [-0.2, 0, 0.95],
      [0.27, 0, 0.4],
    ];
    expectDerivatives(mssMemristor, points);
    const schottky = { phi: 0.8, alphaf: 1e-6, betaf: 4, alphar: 2e-6, betar: 3 };
    expectDerivatives(mssMemristor, points, schottky);
    // Far out in both tails of the logistic (|z| > 700: e^|z| would overflow if evaluated naively).
    expectDerivatives(mssMemristor, [[25, 0, 0.3], [-30, 0, 0.6], [3, 0, 0.4], [-2, 0, 0.5]]);
    expectDerivatives(mssMemristor, [[3, 0, 0.3], [-2, 0, 0.6]], schottky);
    // Beyond the Schottky exponent cap (β·|v| > 80), with prefactors small enough that the switch current is
    // still resolved next to the Schottky one (e^80 ≈ 5.5e34).
    expectDerivatives(mssMemristor, [[25, 0, 0.5], [-30, 0, 0.5]], { ...schottky, alphaf: 1e-36, alphar: 1e-36 });
  });

  it('shows pinched loops whose lobes shrink with frequency', () => {
    const [slow] = expectPinchedLoops(mssMemristor, registry, { amplitude: 0.5, frequencies: [1e3, 1e4, 1e5] });
    expect(slow.rMin).toBeLessThan(16e3);
    expect(slow.rMax).toBeGreaterThan(40e3);
    // With a symmetric Schottky part (α_f = α_r) the loop is still pinched at v = 0.
    expectPinchedLoops(mssMemristor, registry, {
      amplitude: 0.5,
      frequencies: [1e3, 1e4, 1e5],
      params: { x0: 0.5, phi: 0.9, alphaf: 1e-7, betaf: 5, alphar: 1e-7, betar: 5 },
    });
  });

  it('keeps x in [0, 1] under a 10× larger drive', () => {
    const cases: Record<string, number>[] = [{}, { x0: 1 }, { vt: 0.005 }];
    for (const params of cases) {
      const r = characterise(mssMemristor, registry.lookup, { amplitude: 5, frequency: 100, params });
      const { min, max } = expectWithin(r.states.x, 0, 1, `x with ${JSON.stringify(params)}`);
      expectWithin(r.i, -1e-3, 1e-3, 'i');
      expect(max).toBeGreaterThan(0.999);
      expect(min).toBeLessThan(1e-3);
    }
  });

  it('relaxes to x = P_on/(P_on + P_off) under a constant voltage', () => {
    const cases: [number, Record<string, number>][] = [
      [0.02, { von: 0.05, voff: 0.05 }],
      [-0.03, { von: 0.05, voff: 0.05 }],
      [0.3, {}],
      [-0.26, { x0: 0.7 }],
    ];
    for (const [v, params] of cases) {
      const p = { tau: 1e-4, vt: 0.025, von: 0.27, voff: 0.27, ron: 15e3, roff: 45e3, ...params };
      const pon = sigma((v - p.von) / p.vt);
      const poff = sigma(-(v + p.voff) / p.vt);
      const expected = pon / (pon + poff);
      const settle = (40 * p.tau) / (pon + poff);
      const r = drive(mssMemristor, registry, { dc: v, tstop: settle, tstep: settle / 400, params: { x0: 0.5, ...params } });
      const x = r.states.x[r.states.x.length - 1];
      console.log(`mss: v = ${v} V ${JSON.stringify(params)}: x = ${x}, P_on/(P_on + P_off) = ${expected}`);
      expect(Math.abs(x - expected)).toBeLessThan(1e-9);
      // The current follows the switch conductance at that state.
      expect(r.i[r.i.length - 1]).toBeCloseTo(v * (x / p.ron + (1 - x) / p.roff), 15);
    }
  });

  it('reads a Knowm YMEMRISTOR level=5 card (with R_init)', () => {
    const text = [
      'Knowm MSS memristor',
      'V1 1 0 SIN(0 0.5 1k)',
      'YMEMRISTOR mr1 1 0 mrm1 r_init=30k',
      '.model mrm1 memristor level=5 roff=45k ron=15k voff=0.27 von=0.27 tau=0.0001 phi=1 sfa=0 sfb=0 sra=0 srb=0',
      '.tran 1u 2m',
      '.print tran v(1) i(v1) x(mr1)',
      '.end',
    ].join('\n');
    const network = spiceToNetwork(parseNetlist(text, { file: 'mss.cir' }), registry);
    expect(network.elements[1].device).toBe('memristor.mss');
    const result = simulate(network, registry.lookup, network.analyses![0]);
    const x = result.data[result.columns.indexOf('x(mr1)')];
    // 1/30k = x/15k + (1 − x)/45k ⇒ x = 0.25.
    expect(x[0]).toBeCloseTo(0.25, 14);
    const { max } = expectWithin(x, 0, 1, 'x');
    expect(max).toBeGreaterThan(0.9);
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(mssMemristor, registry.lookup, { amplitude: 0.5, frequency: 1e4 });
      return [r.time, r.v, r.i, r.states.x];
    };
    expectBitIdentical(run(), run());
  });
});
