/** Yakopcic memristor: derivatives, pinched loops, bounds, thresholds, SPICE spelling, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise, parseNetlist, simulate, spiceToNetwork } from '@memflow/core';
import { yakopcicMemristor } from '../src/memristors/yakopcic.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, expectWithin, registryWith, sine } from './memristor-checks.js';

const registry = registryWith(yakopcicMemristor);

describe('Yakopcic memristor', () => {
  it('declares the 2011 paper’s parameters as defaults', () => {
    const d = Object.fromEntries(Object.entries(yakopcicMemristor.params).map(([k, s]) => [k, s.default]));
    expect(d).toEqual({ a1: 0.17, a2: 0.17, b: 0.05, vp: 0.16, vn: 0.15, ap: 4000, an: 4000, xp: 0.3, xn: 0.5, alphap: 1, alphan: 5, eta: 1, x0: 0.11 });
    expect(yakopcicMemristor.spice).toEqual({ letter: 'Y', modelType: 'memristor', level: ['yakopcic', '3'] });
    for (const [name, spec] of Object.entries(yakopcicMemristor.params)) expect(spec.doc, `doc of ${name}`).toBeTruthy();
    expect(yakopcicMemristor.states!.x.doc).toBeTruthy();
  });

  it('derivatives match finite differences on every branch of g and f', () => {
    // (v_p, v_n, x): v > Vp with x ≥ xp and x < xp; v < −Vn with x ≤ 1 − xn and x > 1 − xn; below threshold.
    const points = [
      [0.4, 0, 0.6],
      [0.3, 0, 0.2],
      [-0.4, 0, 0.33],
      [-0.3, 0, 0.8],
      [0.1, 0, 0.45],
      [-0.2, 0.1, 0.42],
    ];
    expectDerivatives(yakopcicMemristor, points);
    expectDerivatives(yakopcicMemristor, points, { a1: 0.1, a2: 0.3, b: 3, alphap: 4, alphan: 2, xp: 0.4, xn: 0.3 });
    // η = −1: the windows swap with the drive's polarity.
    expectDerivatives(yakopcicMemristor, points, { eta: -1 });
    // Beyond the exponent cap (|v| > 80 V, |b·v| > 80) the linear continuation has consistent slopes.
    expectDerivatives(yakopcicMemristor, [[90, 0, 0.55], [-95, 0, 0.35], [50, 0, 0.5]], { b: 2 });
  });

  it('shows pinched loops whose lobes shrink with frequency', () => {
    const [slow] = expectPinchedLoops(yakopcicMemristor, registry, { amplitude: 0.5, frequencies: [100, 1e3, 1e4] });
    expect(slow.rMax / slow.rMin).toBeGreaterThan(5);
    // A tunnelling-like I–V (larger b) and asymmetric amplitudes.
    expectPinchedLoops(yakopcicMemristor, registry, { amplitude: 0.5, frequencies: [100, 1e3, 1e4], params: { a1: 0.1, a2: 0.2, b: 3 } });
  });

  it('keeps x in [0, 1] under a 10× larger drive', () => {
    const cases: Record<string, number>[] = [{}, { b: 3 }, { eta: -1 }];
    for (const params of cases) {
      const r = characterise(yakopcicMemristor, registry.lookup, { amplitude: 5, frequency: 100, params });
      const { min, max } = expectWithin(r.states.x, 0, 1, `x with ${JSON.stringify(params)}`);
      expectWithin(r.i, -1e6, 1e6, 'i'); // b = 3: sinh(15) makes 0.17·x·sinh(b·v) reach 2.8e5 A
      console.log(`yakopcic 5 V ${JSON.stringify(params)}: x in [${min}, ${max}]`);
      expect(max).toBeGreaterThan(0.99);
      expect(min).toBeLessThan(0.01);
    }
  });

  it('does not move for −Vn ≤ v ≤ Vp, and only downwards for Vn < |v| < Vp on the negative side', () => {
    const x0 = 0.11;
    const quiet = drive(yakopcicMemristor, registry, { source: sine(0.14, 100), tstop: 0.02, tstep: 1e-5 });
    let drift = 0;
    for (const x of quiet.states.x) drift = Math.max(drift, Math.abs(x - x0));
    console.log(`yakopcic: largest |x − x0| for |v| ≤ 0.14 V over ${quiet.states.x.length} points: ${drift.toExponential(2)}`);
    expect(drift).toBeLessThanOrEqual(1e-15); // rounding of the integrator's history only
    // 0.155 V: above Vn = 0.15 V in magnitude on the negative half-wave, below Vp = 0.16 V on the positive one.
    const down = drive(yakopcicMemristor, registry, { source: sine(0.155, 100), tstop: 0.02, tstep: 1e-5 });
    const x = down.states.x;
    let rises = 0;
    for (let k = 1; k < x.length; k++) if (x[k] > x[k - 1] + 1e-15) rises++;
    expect(rises).toBe(0);
    expect(x[x.length - 1]).toBeLessThan(x0 - 1e-4);
  });

  it('reads Xyce’s YMEMRISTOR level=3 card with its parameter names', () => {
    const text = [
      'Yakopcic memristor',
      'V1 a 0 SIN(0 0.5 100)',
      'YMEMRISTOR m1 a 0 my xo=0.11',
      '.model my memristor level=3 a1=0.17 a2=0.17 b=0.05 vp=0.16 vn=0.15 ap=4000 an=4000 xp=0.3 xn=0.5 alphap=1 alphan=5 eta=1',
      '.tran 10u 20m',
      '.print tran v(a) i(v1) x(m1)',
      '.end',
    ].join('\n');
    const network = spiceToNetwork(parseNetlist(text, { file: 'yakopcic.cir' }), registry);
    expect(network.elements[1].device).toBe('memristor.yakopcic');
    const result = simulate(network, registry.lookup, network.analyses![0]);
    const x = result.data[result.columns.indexOf('x(m1)')];
    const { max } = expectWithin(x, 0, 1, 'x');
    expect(max).toBeGreaterThan(0.9);
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(yakopcicMemristor, registry.lookup, { amplitude: 0.5, frequency: 100 });
      return [r.time, r.v, r.i, r.states.x];
    };
    expectBitIdentical(run(), run());
  });
});
