/** VTEAM voltage-threshold memristor: derivatives, pinched loops, bounds, dead zone, SPICE spelling, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise, parseNetlist, simulate, spiceToNetwork } from '@memflow/core';
import { TEAM_IV, TEAM_WINDOWS } from '../src/memristors/team.js';
import { vteamMemristor } from '../src/memristors/vteam.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, expectWithin, registryWith, sine } from './memristor-checks.js';

const registry = registryWith(vteamMemristor);
const WOFF = vteamMemristor.params.woff.default;

describe('VTEAM memristor', () => {
  it('declares the paper’s signs and the usual defaults', () => {
    const p = vteamMemristor.params;
    expect([p.kon.default, p.koff.default, p.alphaon.default, p.alphaoff.default]).toEqual([-10, 5e-4, 3, 1]);
    expect([p.von.default, p.voff.default, p.ron.default, p.roff.default, p.woff.default]).toEqual([-0.2, 0.02, 50, 1e3, 3e-9]);
    expect(vteamMemristor.spice).toEqual({ letter: 'Y', modelType: 'memristor', level: ['vteam'] });
    for (const [name, spec] of Object.entries(p)) expect(spec.doc, `doc of ${name}`).toBeTruthy();
    for (const [name, spec] of Object.entries(vteamMemristor.states!)) expect(spec.doc, `doc of state ${name}`).toBeTruthy();
  });

  // Lengths in nanometres (w ∈ [0, 3], k in nm/s): checkDerivatives' step, h·max(|x|, 1e-3), would be the
  // whole range for a state in metres; the model is invariant under the change of unit.
  const nm = { won: 0, woff: 3, aon: 0, aoff: 3, wc: 0.25, kon: -1e10, koff: 5e5, p: 2, j: 1 };
  // (v_p, v_n, w): above v_off, below v_on, and in the dead zone, away from the thresholds.
  const points = [
    [0.5, 0, 1.2],
    [-0.5, 0, 2.1],
    [0.1, 0.02, 2.7],
    [-0.35, 0, 0.6],
    [0.01, 0, 1.5],
    [-0.1, 0, 0.4],
  ];
  for (let iv = 0; iv < TEAM_IV.length; iv++) {
    for (let window = 0; window < TEAM_WINDOWS.length; window++) {
      it(`derivatives match finite differences: ${TEAM_IV[iv]} I–V, ${TEAM_WINDOWS[window]} window`, () => {
        expectDerivatives(vteamMemristor, points, { ...nm, iv, window });
        expectDerivatives(vteamMemristor, points, { ...nm, iv, window, alphaon: 2.5, alphaoff: 3 });
      });
    }
  }

  it('shows pinched loops whose lobes shrink with frequency (defaults, linear and exponential I–V)', () => {
    const params = { w0: 1.5e-9 };
    const [slow] = expectPinchedLoops(vteamMemristor, registry, { amplitude: 0.5, frequencies: [1e7, 1e8, 1e9], params });
    expect(slow.rMax / slow.rMin).toBeGreaterThan(2);
    expectPinchedLoops(vteamMemristor, registry, { amplitude: 0.5, frequencies: [1e7, 1e8, 1e9], params: { ...params, iv: 1 } });
  });

  it('keeps w in [w_on, w_off] under a 10× larger drive', () => {
    type Case = { w0: number; ion?: number; iv?: number; window?: number; p?: number };
    const cases: Case[] = [
      { w0: 1.5e-9 },
      { w0: 1.5e-9, iv: 1 },
      { w0: 1.5e-9, window: 0 },
      { w0: 1.5e-9, window: 1, p: 1 },
    ];
    for (const params of cases) {
      const r = characterise(vteamMemristor, registry.lookup, { amplitude: 5, frequency: 1e7, params });
      const { min, max } = expectWithin(r.states.w, 0, WOFF, `w with ${JSON.stringify(params)}`);
      expectWithin(r.i, -0.1, 0.1, 'i');
      // Without a window that vanishes there, the drive pushes the state onto both bounds, where it stops.
      if (params.window === undefined || params.window === 0) {
        expect(min).toBe(0);
        expect(max).toBe(WOFF);
      }
    }
  });

  it('does not move while v_on ≤ v ≤ v_off, and only towards OFF between v_off and |v_on|', () => {
    const w0 = 1.5e-9;
    const quiet = drive(vteamMemristor, registry, { source: sine(0.015, 1e6), tstop: 2e-6, tstep: 1e-9, params: { w0 } });
    let drift = 0;
    for (const w of quiet.states.w) drift = Math.max(drift, Math.abs(w - w0));
    console.log(`vteam: largest |w − w0| for |v| ≤ 15 mV over ${quiet.states.w.length} points: ${drift.toExponential(2)} m`);
    expect(drift).toBeLessThanOrEqual(1e-14 * w0); // rounding of the integrator's history only
    // |v| ≤ 0.1 V: beyond v_off = 0.02 V on the positive half-wave, never below v_on = −0.2 V: w never decreases.
    const off = drive(vteamMemristor, registry, { source: sine(0.1, 1e6), tstop: 2e-6, tstep: 1e-9, params: { w0 } });
    const w = off.states.w;
    let falls = 0;
    for (let k = 1; k < w.length; k++) if (w[k] < w[k - 1] - 1e-14 * w0) falls++;
    expect(falls).toBe(0);
    expect(w[w.length - 1]).toBeGreaterThan(w0 * 1.01);
  });

  it('reads a YMEMRISTOR level=vteam card', () => {
    const text = [
      'VTEAM memristor',
      'V1 a 0 SIN(0 0.5 10meg)',
      'YMEMRISTOR m1 a 0 mv w0=1.5n',
      '.model mv memristor level=vteam kon=-10 koff=5e-4 alphaon=3 alphaoff=1 von=-0.2 voff=0.02 xon=0 xoff=3n window=kvatinsky iv=exponential',
      '.tran 1n 200n',
      '.print tran v(a) i(v1) x(m1)',
      '.end',
    ].join('\n');
    const network = spiceToNetwork(parseNetlist(text, { file: 'vteam.cir' }), registry);
    expect(network.elements[1].device).toBe('memristor.vteam');
    const result = simulate(network, registry.lookup, network.analyses![0]);
    const w = result.data[result.columns.indexOf('x(m1)')];
    expectWithin(w, 0, WOFF, 'w');
    expect(Math.max(...w)).toBeGreaterThan(1.6e-9);
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(vteamMemristor, registry.lookup, { amplitude: 0.5, frequency: 1e7, params: { w0: 1.5e-9 } });
      return [r.time, r.v, r.i, r.states.w];
    };
    expectBitIdentical(run(), run());
  });
});
