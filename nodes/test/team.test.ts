/** TEAM current-threshold memristor: derivatives, pinched loops, bounds, dead zone, SPICE spelling, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise, parseNetlist, simulate, spiceToNetwork } from '@memflow/core';
import { TEAM_IV, TEAM_WINDOWS, teamMemristor } from '../src/memristors/team.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, expectWithin, registryWith, sine } from './memristor-checks.js';

const registry = registryWith(teamMemristor);
const WOFF = teamMemristor.params.woff.default;

describe('TEAM memristor', () => {
  it('declares the paper’s signs and Xyce’s defaults', () => {
    const p = teamMemristor.params;
    expect([p.kon.default, p.koff.default, p.alphaon.default, p.alphaoff.default]).toEqual([-8e-13, 8e-13, 3, 3]);
    expect([p.won.default, p.woff.default, p.ron.default, p.roff.default]).toEqual([0, 3e-9, 50, 1e3]);
    // i < i_on < 0 < i_off < i: the ON threshold is negative (Xyce lists its magnitude).
    expect([p.ion.default, p.ioff.default]).toEqual([-8.9e-6, 115e-6]);
    expect(teamMemristor.spice).toEqual({ letter: 'Y', modelType: 'memristor', level: ['team', '2'] });
    for (const [name, spec] of Object.entries(p)) expect(spec.doc, `doc of ${name}`).toBeTruthy();
    for (const [name, spec] of Object.entries(teamMemristor.states!)) expect(spec.doc, `doc of state ${name}`).toBeTruthy();
  });

  // checkDerivatives steps by h·max(|x|, 1e-3), i.e. a whole 1e-9 m for a state in metres; the model is
  // invariant under a change of length unit, so the check runs with lengths in nanometres (w ∈ [0, 3]).
  const nm = { won: 0, woff: 3, aon: 0, aoff: 3, wc: 0.25, kon: -8e-4, koff: 8e-4, p: 2, j: 1 };
  // (v_p, v_n, w): above i_off, below i_on, and in the dead zone between, away from the thresholds.
  const points = [
    [0.5, 0, 1.2],
    [-0.3, 0, 2.1],
    [0.8, 0.1, 2.7],
    [-0.02, 0.01, 0.6],
    [0.01, 0, 1.5],
    [-0.6, 0, 0.3],
  ];
  for (let iv = 0; iv < TEAM_IV.length; iv++) {
    for (let window = 0; window < TEAM_WINDOWS.length; window++) {
      it(`derivatives match finite differences: ${TEAM_IV[iv]} I–V, ${TEAM_WINDOWS[window]} window`, () => {
        expectDerivatives(teamMemristor, points, { ...nm, iv, window, alphaon: 3, alphaoff: 2.5 });
      });
    }
  }

  it('shows pinched loops whose lobes shrink with frequency (symmetric thresholds, linear and exponential I–V)', () => {
    const params = { w0: 1.5e-9, ion: -115e-6 };
    const [slow] = expectPinchedLoops(teamMemristor, registry, { amplitude: 1, frequencies: [0.1, 1, 10], params });
    // At 0.1 Hz the state sweeps the whole range: R from R_on to R_off.
    expect(slow.rMin).toBeLessThan(51);
    expect(slow.rMax).toBeGreaterThan(990);
    expectPinchedLoops(teamMemristor, registry, { amplitude: 1, frequencies: [1, 10, 100], params: { ...params, iv: 1 } });
  });

  it('shows pinched loops whose lobes shrink with frequency (Xyce defaults)', () => {
    const [loop] = expectPinchedLoops(teamMemristor, registry, { amplitude: 1, frequencies: [1e3, 1e4, 1e5], params: { w0: 1.5e-9 } });
    expect(loop.rMax / loop.rMin).toBeGreaterThan(2);
  });

  it('keeps w in [w_on, w_off] under a 10× larger drive', () => {
    type Case = { w0: number; ion?: number; iv?: number; window?: number; p?: number };
    const cases: Case[] = [
      { w0: 1.5e-9, ion: -115e-6 },
      { w0: 1.5e-9, iv: 1 },
      { w0: 1.5e-9, window: 0 },
      { w0: 1.5e-9, window: 2, p: 1 },
    ];
    for (const params of cases) {
      const r = characterise(teamMemristor, registry.lookup, { amplitude: 10, frequency: 0.1, params });
      const { min, max } = expectWithin(r.states.w, 0, WOFF, `w with ${JSON.stringify(params)}`);
      expectWithin(r.i, -1, 1, 'i');
      // Without a window that vanishes there, the drive pushes the state onto both bounds, where it stops.
      if (params.window === undefined || params.window === 0) {
        expect(min).toBe(0);
        expect(max).toBe(WOFF);
      }
    }
  });

  it('does not move while i_on ≤ i ≤ i_off, and only towards ON between |i_on| and i_off', () => {
    const w0 = 1.5e-9; // R = 525 Ω
    // |i| ≤ 4 mV / 525 Ω ≈ 7.6 µA < |i_on| = 8.9 µA: no motion at all.
    const quiet = drive(teamMemristor, registry, { source: sine(4e-3, 1e3), tstop: 2e-3, tstep: 1e-6, params: { w0 } });
    // (The integrator's history a·w_n − b·w_(n−1) with a − b = 1 reproduces a constant only to rounding.)
    let drift = 0;
    for (const w of quiet.states.w) drift = Math.max(drift, Math.abs(w - w0));
    console.log(`team: largest |w − w0| below threshold over ${quiet.states.w.length} points: ${drift.toExponential(2)} m`);
    expect(drift).toBeLessThanOrEqual(1e-14 * w0);
    // |i| ≤ 40 mV / R ≈ 76 µA...0.8 mA: beyond i_on on the negative half-wave, below i_off = 115 µA on the
    // positive one while R ≥ 348 Ω: w only ever decreases.
    const on = drive(teamMemristor, registry, { source: sine(40e-3, 1e3), tstop: 2e-3, tstep: 1e-6, params: { w0 } });
    const w = on.states.w;
    let rises = 0;
    for (let k = 1; k < w.length; k++) if (w[k] > w[k - 1] + 1e-14 * w0) rises++;
    for (let k = 0; k < w.length; k++) if (on.i[k] > 115e-6) rises++;
    expect(rises).toBe(0);
    expect(w[w.length - 1]).toBeLessThan(w0 - 1e-13); // moved (by ≈ 0.14 pm)
  });

  it('reads Xyce’s YMEMRISTOR level=2 card with its parameter names', () => {
    const text = [
      'TEAM memristor',
      'V1 a 0 SIN(0 1 1)',
      'YMEMRISTOR m1 a 0 mt x0=1.5n',
      '.model mt memristor level=2 kon=-8e-13 koff=8e-13 alphaon=3 alphaoff=3 xon=0 xoff=3n ron=50 roff=1k',
      '+ ion=-115u ioff=115u wt=4 aon=0 aoff=3n wc=1.07p ivrelation=0',
      '.tran 1m 1',
      '.print tran v(a) i(v1) x(m1)',
      '.end',
    ].join('\n');
    const network = spiceToNetwork(parseNetlist(text, { file: 'team.cir' }), registry);
    expect(network.elements[1].device).toBe('memristor.team');
    const result = simulate(network, registry.lookup, network.analyses![0]);
    const w = result.data[result.columns.indexOf('x(m1)')];
    expect(w[0]).toBe(1.5e-9);
    expectWithin(w, 0, WOFF, 'w');
    expect(Math.max(...w)).toBeGreaterThan(1.6e-9);
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(teamMemristor, registry.lookup, { amplitude: 1, frequency: 1, params: { w0: 1.5e-9, ion: -115e-6 } });
      return [r.time, r.v, r.i, r.states.w];
    };
    expectBitIdentical(run(), run());
  });
});
