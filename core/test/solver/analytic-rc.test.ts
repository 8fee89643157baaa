/**
 * First-order linear circuits against their closed forms over the whole run: an RC charged and
 * discharged by a PULSE, and an RL whose inductor current rises as 1 − e^(−tR/L). The exact solution
 * integrates every linear piece of the source (including its 1 ns edges) exactly, so any difference is
 * the integrator's. Error = max |ours − exact| over the output points / range of the exact waveform.
 *
 * Two regimes:
 *  - the reference netlist's own grid (`.tran 10u …`, internal steps capped at 10 µs = τ/100): at the
 *    default tolerances the error is below 1e-3;
 *  - a coarse grid (`.tran 1m 20m`, steps capped at 0.4 ms), where the truncation-error control and
 *    not the cap sets the step: tightening reltol must then shrink the error, and reltol = 1e-8 must
 *    reach 1e-5. Both integrators (BDF2, the default, and TR-BDF2) are held to this.
 */
import { describe, expect, it } from 'vitest';
import { firstOrderPwl, pulseCorners, pwl } from './closed-forms.js';
import { column, networkFromText, relativeError, run } from './run-helpers.js';

const TAU = 1e-3;
const PULSE = { v1: 0, v2: 1, td: 0, tr: 1e-9, tf: 1e-9, pw: 5e-3, per: 10e-3 };
const TSTOP = 20e-3;
const corners = pulseCorners(PULSE.v1, PULSE.v2, PULSE.td, PULSE.tr, PULSE.tf, PULSE.pw, PULSE.per, TSTOP);
const vin = pwl(corners.ts, corners.us);
/** v(out) of the RC: τ·v′ = vin − v. */
const vout = firstOrderPwl(corners.ts, corners.us, TAU, 1);
/** i(v1) of the RC, SPICE sign (into the source's + terminal): −(vin − vout)/R. */
const isrc = (t: number) => -(vin(t) - vout(t)) / 1e3;
/** Inductor current of the RL (R = 1 Ω, L = 1 mH) under a 1 V step with a 1 ns edge. */
const iL = firstOrderPwl([0, 1e-9], [0, 1], TAU, 1);

const pulse = `PULSE(${PULSE.v1} ${PULSE.v2} ${PULSE.td} ${PULSE.tr} ${PULSE.tf} ${PULSE.pw} ${PULSE.per})`;
const rcNetlist = (tran: string, options: string) =>
  `* RC under a pulse\nV1 in 0 ${pulse}\nR1 in out 1k\nC1 out 0 1u\n${options ? `.options ${options}` : ''}\n${tran}\n.print tran v(out) i(v1)\n.end\n`;
const rlNetlist = (tran: string, options: string) =>
  `* RL step response\nV1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in a 1\nL1 a 0 1m\n${options ? `.options ${options}` : ''}\n${tran}\n.print tran i(l1)\n.end\n`;

interface Errors {
  v: number;
  i: number;
  rl: number;
  points: number;
}

function errors(tran: string, options: string): Errors {
  const rc = run(networkFromText(rcNetlist(tran, options)));
  const t = column(rc, 'time');
  expect(t[t.length - 1]).toBe(TSTOP);
  const rl = run(networkFromText(rlNetlist(tran, options)));
  const t2 = column(rl, 'time');
  return {
    v: relativeError(t, column(rc, 'v(out)'), vout),
    i: relativeError(t, column(rc, 'i(v1)'), isrc),
    rl: relativeError(t2, column(rl, 'i(l1)'), iL),
    points: t.length,
  };
}

const show = (label: string, e: Errors) =>
  console.log(`${label}: RC v(out) ${e.v.toExponential(2)}, i(v1) ${e.i.toExponential(2)} (${e.points} points); RL i(l1) ${e.rl.toExponential(2)}`);

describe('closed forms used here', () => {
  it('satisfy their differential equations', () => {
    // τ·y′ = g·u − y by central differences, away from the corners.
    for (const t of [0.5e-3, 3e-3, 7.5e-3, 12e-3]) {
      const d = 1e-7;
      const dv = (vout(t + d) - vout(t - d)) / (2 * d);
      expect(Math.abs(TAU * dv - (vin(t) - vout(t)))).toBeLessThan(1e-8);
    }
    expect(vout(5e-3)).toBeCloseTo(1 - Math.exp(-5), 6);
    expect(iL(2e-3)).toBeCloseTo(1 - Math.exp(-2), 6);
  });
});

describe.each([
  { name: 'BDF2 (default)', option: '' },
  { name: 'TR-BDF2', option: 'trbdf2=1' },
])('$name against the closed forms', ({ name, option }) => {
  it('is within 1e-3 at the default tolerances on the reference grid (.tran 10u 20m)', () => {
    const e = errors('.tran 10u 20m', option);
    show(`${name}, .tran 10u, default tolerances`, e);
    expect(e.v).toBeLessThan(1e-3);
    expect(e.i).toBeLessThan(1e-3);
    expect(e.rl).toBeLessThan(1e-3);
  });

  it('gets more accurate as reltol tightens when the error control sets the step (.tran 1m 20m)', () => {
    const tran = '.tran 1m 20m';
    const loose = errors(tran, option);
    const mid = errors(tran, `${option} reltol=1e-6`);
    const tight = errors(tran, `${option} reltol=1e-8`);
    show(`${name}, .tran 1m, reltol 1e-3`, loose);
    show(`${name}, .tran 1m, reltol 1e-6`, mid);
    show(`${name}, .tran 1m, reltol 1e-8`, tight);
    for (const k of ['v', 'i', 'rl'] as const) {
      // Error per step ∝ tolerance and error ∝ h² give error ∝ reltol^(2/3): ×100 per 3 decades, ×21.5
      // per 2; asked for: ×20 and ×5.
      expect(mid[k], k).toBeLessThan(loose[k] / 20);
      expect(tight[k], k).toBeLessThan(mid[k] / 5);
      expect(tight[k], k).toBeLessThan(1e-5);
    }
    expect(mid.points).toBeGreaterThan(loose.points);
    expect(tight.points).toBeGreaterThan(mid.points);
  });
});
