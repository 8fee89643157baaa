/**
 * Convergence order of the transient integrators. With `.options fixedstep=1` the step is the constant
 * tmax (`.tran h tstop 0 h`) and no error control intervenes; the global error at t_end for h, h/2, h/4,
 * h/8 must fall as h² — observed order log2(e(h)/e(h/2)) in [1.8, 2.3] — for both second-order
 * integrators: BDF2 (the default) and TR-BDF2 (`.options trbdf2=1`). A first-order slip (a backward-Euler
 * step left in the middle of a run, a history term of the wrong step) shows up as order ≈ 1.
 *
 * Newton is converged far below the truncation error (reltol 1e-9 or tighter) so the figures measure the
 * integrator alone.
 */
import { describe, expect, it } from 'vitest';
import { hpSine, rcSine } from './closed-forms.js';
import { column, networkFromText, run } from './run-helpers.js';

const INTEGRATORS = [
  { name: 'BDF2 (default)', option: '' },
  { name: 'TR-BDF2', option: 'trbdf2=1' },
] as const;

const FACTORS = [1, 2, 4, 8];

/** Value of `probe` at the end of a fixed-step run of `body` with step h. */
function finalValue(body: string, options: string, h: number, tend: number, probe: string): number {
  const net = networkFromText(`* order study\n${body}\n.options fixedstep=1 ${options}\n.tran ${h} ${tend} 0 ${h}\n.print tran ${probe}\n.end\n`);
  const result = run(net);
  const t = column(result, 'time');
  expect(t[t.length - 1]).toBe(tend);
  // Every step is h, but the last one or two may be split to land exactly on tend.
  expect(t.length - 1).toBeGreaterThanOrEqual(Math.round(tend / h));
  expect(t.length - 1).toBeLessThanOrEqual(Math.round(tend / h) + 1);
  const y = column(result, probe);
  return y[y.length - 1];
}

function orders(errors: number[]): number[] {
  return errors.slice(1).map((e, k) => Math.log2(errors[k] / e));
}

function report(label: string, errors: number[]): number[] {
  const p = orders(errors);
  console.log(`${label}: errors ${errors.map((e) => e.toExponential(3)).join(', ')}; observed orders ${p.map((x) => x.toFixed(3)).join(', ')}`);
  return p;
}

function expectSecondOrder(p: number[]): void {
  for (const x of p) {
    expect(x).toBeGreaterThanOrEqual(1.8);
    expect(x).toBeLessThanOrEqual(2.3);
  }
}

describe.each(INTEGRATORS)('$name is second order', ({ name, option }) => {
  it('on an RC low-pass driven by a sine (closed form with its transient)', () => {
    // τ = 1 ms, 200 Hz (ωτ ≈ 1.26), t_end = 5 ms, h = 50 µs … 6.25 µs.
    const amplitude = 1;
    const freq = 200;
    const tend = 5e-3;
    const exact = rcSine(amplitude, 2 * Math.PI * freq, 1e-3)(tend);
    const body = `V1 in 0 SIN(0 ${amplitude} ${freq})\nR1 in out 1k\nC1 out 0 1u`;
    const errors = FACTORS.map((f) => Math.abs(finalValue(body, `reltol=1e-9 ${option}`, 50e-6 / f, tend, 'v(out)') - exact));
    expectSecondOrder(report(`${name}, RC sine`, errors));
  });

  it('on the HP memristor without window under a sine (closed-form charge)', () => {
    // hp_sine's device; t_end = 0.75 s (mid-way down the negative half wave, x well inside (0, 1)).
    const params = { ron: 100, roff: 16e3, d: 10e-9, uv: 1e-14, rinit: 11e3 };
    const hp = hpSine(params, 1, 2 * Math.PI);
    const tend = 0.75;
    const body = `V1 1 0 SIN(0 1 1)\nYMEMRISTOR m1 1 0 hpmod\n.model hpmod memristor level=hp window=none ron=100 roff=16k d=10n uv=1e-14 rinit=11k`;
    const hs = FACTORS.map((f) => 10e-3 / f);
    const stateErrors = hs.map((h) => Math.abs(finalValue(body, `reltol=1e-9 ${option}`, h, tend, 'x(m1)') - hp.state(tend)));
    // i(v1) is the source's current: into its + terminal, so minus the memristor's.
    const currentErrors = hs.map((h) => Math.abs(-finalValue(body, `reltol=1e-9 ${option}`, h, tend, 'i(v1)') - hp.current(tend)));
    expectSecondOrder(report(`${name}, HP memristor x`, stateErrors));
    expectSecondOrder(report(`${name}, HP memristor i`, currentErrors));
  });

  it('on a nonlinear RC with a diode (Richardson: errors against a 64× finer run)', () => {
    // Half-wave rectifier charging C through R and a Shockley diode; no closed form. The reference is
    // the run with h/64: against h/16, as often done, the h/8 error would be biased by the reference's
    // own error (e(h/8) − e(h/16) = 3/4·e(h/8)), giving 2.32 for the last ratio by construction.
    const tend = 10e-3;
    const body = `V1 in 0 SIN(0 2 100)\nR1 in a 1k\nD1 a out DMOD\nC1 out 0 1u\nR2 out 0 10k\n.model DMOD D(IS=1e-14 N=1)`;
    const options = `reltol=1e-10 vntol=1e-12 abstol=1e-16 itl4=50 ${option}`;
    const h = 100e-6;
    const reference = finalValue(body, options, h / 64, tend, 'v(out)');
    const errors = FACTORS.map((f) => Math.abs(finalValue(body, options, h / f, tend, 'v(out)') - reference));
    expectSecondOrder(report(`${name}, diode RC`, errors));
  });
});
