/** The somn-* experiments through `memflow experiment run NAME --quick --json`: report contract, figures, and what each must show. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'memflow-somn-'));

async function run(name: string, ...extra: string[]) {
  const { code, out, err } = await cli('experiment', 'run', name, '--quick', '--json', '--seed', '1', '--out', dir, ...extra);
  expect(err).toBe('');
  expect(code).toBe(0);
  const report = JSON.parse(out);
  expect(report.experiment).toBe(name);
  expect(report.figures.length).toBeGreaterThan(0);
  for (const f of report.figures) expect(existsSync(f)).toBe(true);
  return report;
}

describe('somn experiments (quick)', () => {
  it('somn-avalanches: switching events, avalanches and fitted exponents', async () => {
    const r = await run('somn-avalanches');
    expect(r.events).toBeGreaterThan(50);
    expect(r.avalanches).toBeGreaterThan(10);
    expect(r.sizeExponent.exponent).toBeGreaterThan(1);
    expect(r.sizeExponent.pValue).toBeGreaterThanOrEqual(0);
  });

  it('somn-edge-of-chaos: a finite exponent per frequency', async () => {
    const r = await run('somn-edge-of-chaos');
    expect(r.lyapunov).toHaveLength(2);
    expect(r.network.perturbedJunctions).toHaveLength(3);
    for (const p of r.lyapunov) {
      expect(Number.isFinite(p.lambda)).toBe(true);
      // The reported exponent is the mean of the one-junction-at-a-time exponents.
      expect(p.perJunction).toHaveLength(3);
      expect(p.lambda).toBeCloseTo(p.perJunction.reduce((s: number, x: number) => s + x, 0) / 3, 10);
    }
  });

  it('somn-reservoir: the network beats the raw-input readout where a linear map of the input cannot work', async () => {
    const r = await run('somn-reservoir');
    // cos(2ωt) is orthogonal to sin(ωt): the raw-input readout scores NMSE ≈ 1.
    expect(r.nmse.doubleFrequency.rawInput).toBeGreaterThan(0.95);
    expect(r.nmse.doubleFrequency.network).toBeLessThan(0.7);
    expect(r.memoryCapacity.rawInput).toBeGreaterThan(0.9);
    expect(r.memoryCapacity.rawInput).toBeLessThan(1.2);
    // Digits from the electrode signals alone (chance: 10 %).
    expect(r.digits.network.test).toBeGreaterThan(0.6);
    // Mackey–Glass is smooth: a 5-tap line of raw samples extrapolates one step almost exactly; 20 steps
    // ahead (~0.4 of its pseudo-period) the present value alone is a poor predictor.
    expect(r.mackeyGlass.map((m: { horizon: number }) => m.horizon)).toEqual([1, 20]);
    const [one, twenty] = r.mackeyGlass;
    expect(one.delayLine).toBeLessThan(1e-3);
    expect(twenty.rawInput).toBeGreaterThan(0.3);
    for (const m of r.mackeyGlass) expect(m.network).toBeLessThan(1);
  });

  it('somn-online: the RLS readout tracks the target and re-learns after the switch', async () => {
    const r = await run('somn-online');
    expect(r.nmse.doubleFrequencyEnd.rawInput).toBeGreaterThan(0.9);
    expect(r.nmse.doubleFrequencyEnd.network).toBeLessThan(r.nmse.doubleFrequencyEnd.rawInput);
  });

  it('somn-plasticity: sparse trains leave no trace, dense ones potentiate at every pulse and outlast the rest probe', async () => {
    const r = await run('somn-plasticity');
    const [sparse, dense5, dense10] = r.trains;
    expect(sparse.interval).toBeGreaterThan(dense5.interval);
    for (let n = 1; n < dense5.count; n++) expect(dense5.afterPulseRatios[n]).toBeGreaterThan(dense5.afterPulseRatios[n - 1]);
    expect(dense5.trainRatio).toBeGreaterThan(sparse.trainRatio);
    expect(dense10.restRatio).toBeGreaterThan(dense5.restRatio);
    for (const t of r.trains) expect(t.maxKcl).toBeLessThan(1e-9);
    expect(r.singleJunctionTau).toBeCloseTo(0.01 / (10.19 * 0.81 ** 2 * 5 * 10 * 0.005), 12);
  });

  it('somn-plasticity: a pulse width that is not a whole number of steps is an input error (exit 2)', async () => {
    const { code, err } = await cli('experiment', 'run', 'somn-plasticity', '--quick', '--set', 'width=0.0105', '--out', dir);
    expect(code).toBe(2);
    expect(err).toContain('pulse width (0.0105 s) must be a whole number of time steps');
  });

  it('rejects unknown knobs with exit code 2', async () => {
    const { code, err } = await cli('experiment', 'run', 'somn-reservoir', '--quick', '--set', 'nope=1', '--out', dir);
    expect(code).toBe(2);
    expect(err).toContain('somn-reservoir: unknown option --set nope=…; it takes wires, mode, readouts');
  });
});
