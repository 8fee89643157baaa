/** Stanford/PKU RRAM: derivatives, pinched loops, gap bounds, SET/RESET physics, Joule heating, determinism. */
import { describe, expect, it } from 'vitest';
import { characterise } from '@memflow/core';
import type { DeviceModel } from '@memflow/plugin-sdk';
import { stanfordRram } from '../src/memristors/stanford.js';
import { drive, expectBitIdentical, expectDerivatives, expectPinchedLoops, expectWithin, registryWith } from './memristor-checks.js';

const registry = registryWith(stanfordRram);
const GMIN = 0.2e-9;
const GMAX = 1.7e-9;

/**
 * The same model with its gap in nanometres. The SDK's finite-difference step has had an absolute floor
 * h·1e-3 = 1e-9, as large as the gap itself in metres, so the derivative check runs on this rescaled
 * view, which does not depend on that floor: it evaluates the model's own code and rescales the gap row
 * and column of its outputs.
 */
const NM = 1e-9;
const stanfordNm: DeviceModel = {
  ...stanfordRram,
  id: 'memristor.stanford.nm',
  evaluate(ctx) {
    const x = [ctx.x[0], ctx.x[1], ctx.x[2].map((g) => g * NM)];
    stanfordRram.evaluate({ ...ctx, x });
    const [, , fg] = ctx.f;
    const [, , jpg, , , jng, jgp, jgn, jgg] = ctx.df;
    for (let i = 0; i < ctx.n; i++) {
      fg[i] /= NM;
      jpg[i] *= NM;
      jng[i] *= NM;
      jgp[i] /= NM;
      jgn[i] /= NM;
    }
    void jgg; // ∂(rate/NM)/∂(g/NM): the two scalings cancel.
  },
};

describe('Stanford/PKU RRAM', () => {
  it('declared derivatives match finite differences (Joule heating included)', () => {
    const points = [
      [0.5, 0, 0.5],
      [-0.8, 0, 1.2],
      [1.2, 0.1, 0.3],
      [-1.5, 0, 1.6],
      [2, 0, 0.25],
    ];
    expectDerivatives(stanfordNm, points);
    expectDerivatives(stanfordNm, points, { rth: 0 });
    expectDerivatives(stanfordNm, points, { alpha: 2.5, beta: 1.1, t0: 350 });
    // Field threshold on: above it the rate's derivatives, below it zeros.
    expectDerivatives(stanfordNm, [[1.5, 0, 0.5], [-1.4, 0, 1], [0.3, 0, 0.5], [-0.2, 0, 1.5]], { fmin: 1.4e9 });
    // Beyond the sinh cap (|v|/V0 > 200) the tangent-line continuation has consistent slopes.
    expectDerivatives(stanfordNm, [[60, -1, 0.5], [-70, 1, 1.5]]);
  });

  it('shows a pinched loop whose lobes shrink with frequency', () => {
    const [slow] = expectPinchedLoops(stanfordRram, registry, { amplitude: 1, frequencies: [1e4, 1e5, 1e6] });
    expect(slow.rMax / slow.rMin).toBeGreaterThan(100);
  });

  it('keeps the gap in [gmin, gmax] under a much larger drive', () => {
    const r = characterise(stanfordRram, registry.lookup, { amplitude: 3, frequency: 1e5 });
    const { min, max } = expectWithin(r.states.gap, GMIN, GMAX, 'gap');
    expect(min).toBe(GMIN);
    expect(max).toBe(GMAX);
    expectWithin(r.i, -Infinity, Infinity, 'current');
  });

  it('SET shrinks the gap and the current grows as it does; RESET grows the gap back', () => {
    const set = drive(stanfordRram, registry, { dc: 1.1, tstop: 2e-5, tstep: 2e-8, params: { gini: GMAX } });
    const gap = set.states.gap;
    expectWithin(gap, GMIN, GMAX, 'gap');
    for (let k = 1; k < gap.length; k++) {
      expect(gap[k]).toBeLessThanOrEqual(gap[k - 1]);
      expect(set.i[k]).toBeGreaterThanOrEqual(set.i[k - 1]);
    }
    expect(gap[gap.length - 1]).toBe(GMIN);
    const i0 = stanfordRram.params.i0.default;
    const g0 = stanfordRram.params.g0.default;
    const v0 = stanfordRram.params.v0.default;
    const iOn = i0 * Math.exp(-GMIN / g0) * Math.sinh(1.1 / v0);
    expect(set.i[set.i.length - 1] / iOn - 1).toBeLessThan(1e-12);
    expect(set.i[set.i.length - 1] / set.i[1]).toBeGreaterThan(100);

    const reset = drive(stanfordRram, registry, { dc: -1.1, tstop: 2e-4, tstep: 2e-7, params: { gini: GMIN } });
    const g2 = reset.states.gap;
    for (let k = 1; k < g2.length; k++) expect(g2[k]).toBeGreaterThanOrEqual(g2[k - 1]);
    expect(g2[g2.length - 1]).toBeGreaterThan(1e-9);
    console.log(`stanford: SET at 1.1 V to gmin, i ${set.i[1].toExponential(3)} → ${set.i[set.i.length - 1].toExponential(3)} A; RESET at −1.1 V for 0.2 ms: gap → ${(g2[g2.length - 1] * 1e9).toFixed(3)} nm`);
  });

  it('Joule heating (T = T0 + |v·i|·Rth) speeds up switching', () => {
    const timeToHalf = (rth: number) => {
      const r = drive(stanfordRram, registry, { dc: -1.2, tstop: 1e-4, tstep: 1e-7, params: { gini: GMIN, rth } });
      const k = r.states.gap.findIndex((g) => g >= 0.5 * (GMIN + GMAX));
      return k < 0 ? Infinity : r.time[k];
    };
    const hot = timeToHalf(2.1e3);
    const cold = timeToHalf(0);
    console.log(`stanford: RESET at −1.2 V reaches mid-gap after ${hot.toExponential(3)} s with Rth = 2.1 kK/W, ${cold.toExponential(3)} s without heating`);
    expect(hot).toBeLessThan(cold);
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = () => {
      const r = characterise(stanfordRram, registry.lookup, { amplitude: 1, frequency: 1e5 });
      return [r.time, r.v, r.i, r.states.gap];
    };
    expectBitIdentical(run(), run());
  });
});
