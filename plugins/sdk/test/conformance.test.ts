import { describe, expect, it } from 'vitest';
import { defineScalarDevice, formatConformance, parameterGrid, runConformance, type DeviceModel, type LoopRun, type ScalarDeviceSpec } from '../src/index.js';

const spec: ScalarDeviceSpec = {
  id: 'test.linear',
  version: '1.0.0',
  title: 'Linear-drift memristor',
  params: { ron: { default: 100, min: 10, max: 1e3 }, roff: { default: 1e4, min: 1e3, max: 1e5 }, k: { default: 1, min: 0 } },
  states: { x: { init: 0.5, min: 0, max: 1 } },
  current: (v, [x], p, m) => m.div(v, m.add(m.mul(p.ron, x), m.mul(p.roff, m.sub(1, x)))),
  rate: (v, _x, p, m) => [m.mul(p.k, v)],
};
const good = defineScalarDevice(spec);
const check = (r: ReturnType<typeof runConformance>, name: string) => r.checks.find((c) => c.name === name)!;

describe('runConformance', () => {
  it('passes a well-behaved device; the loop checks are skipped without a simulator', () => {
    const r = runConformance(good);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(['declaration', 'finite outputs', 'derivatives', 'determinism', 'zero current at zero voltage', 'states stay in bounds', 'pinched hysteresis']);
    expect(check(r, 'pinched hysteresis').skipped).toBe(true);
    expect(formatConformance(r)).toMatch(/test.linear: PASS\n {2}ok {4}declaration/);
  });

  it('grids the parameters: defaults, then each finite min and max alone', () => {
    const grid = parameterGrid(good);
    expect(grid).toHaveLength(1 + 2 + 2 + 1);
    expect(grid).toContainEqual({ ron: 10, roff: 1e4, k: 1 });
    // k's lower bound 0 is open: it is tried at 1e-3 of its default.
    expect(grid).toContainEqual({ ron: 100, roff: 1e4, k: 1e-3 });
  });

  it('fails wrong derivatives, naming where', () => {
    const wrong: DeviceModel = {
      ...good,
      evaluate(ctx) {
        good.evaluate(ctx);
        for (let i = 0; i < ctx.n; i++) ctx.df[0][i] *= 1.01;
      },
    };
    const c = check(runConformance(wrong), 'derivatives');
    expect(c.ok).toBe(false);
    expect(c.detail).toMatch(/∂f\[p\]\/∂p/);
  });

  it('fails non-finite outputs somewhere in the declared parameter range', () => {
    // Infinite current when ron = its min and x = 1 ... reached only at the range's edge.
    const nan = defineScalarDevice({ ...spec, current: (v, [x], p, m) => m.div(v, m.sub(m.mul(p.ron, x), 10)) });
    const c = check(runConformance(nan), 'finite outputs');
    expect(c.ok).toBe(false);
    expect(c.detail).toMatch(/ron=10/);
  });

  it('fails a non-deterministic model', () => {
    const noisy = defineScalarDevice({ ...spec, current: (v, _x, _p, m) => m.mul(v, 1 + Math.random()) });
    expect(check(runConformance(noisy), 'determinism').ok).toBe(false);
  });

  it('fails a memristor that conducts at zero voltage', () => {
    const leaky = defineScalarDevice({ ...spec, current: (v, [x], _p, m) => m.add(m.mul(v, 1e-3), m.mul(x, 1e-6)) });
    expect(check(runConformance(leaky), 'zero current at zero voltage').ok).toBe(false);
  });

  it('fails a bad declaration and stops there', () => {
    const r = runConformance({ ...good, jacobian: [['p', 'zz']] });
    expect(r.ok).toBe(false);
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0].detail).toMatch(/names an unknown/);
  });

  it('judges the simulated loop: states in bounds, pinched, with area', () => {
    const loop = (over: Partial<LoopRun>): LoopRun => ({ v: [0, 1, 0], i: [0, 1e-3, 0], states: { x: [0.5, 0.6, 0.7] }, pinchError: 0, lobeAreaPositive: 1e-4, lobeAreaNegative: 1e-4, ...over });
    const drives: unknown[] = [];
    const pass = runConformance(good, { simulateLoop: (_m, d) => (drives.push(d), loop({})), drive: { frequency: 10 } });
    expect(pass.ok).toBe(true);
    expect(drives).toEqual([{ amplitude: 1, frequency: 10, cycles: 2, params: {} }]);
    const out = runConformance(good, { simulateLoop: () => loop({ states: { x: [0.5, 1.2] } }) });
    expect(check(out, 'states stay in bounds').detail).toMatch(/x = 1.2 outside \[0, 1\]/);
    const open = runConformance(good, { simulateLoop: () => loop({ pinchError: 0.1 }) });
    expect(check(open, 'pinched hysteresis').ok).toBe(false);
    const flat = runConformance(good, { simulateLoop: () => loop({ lobeAreaPositive: 0, lobeAreaNegative: 0 }) });
    expect(check(flat, 'pinched hysteresis').detail).toMatch(/no hysteresis/);
    const crash = runConformance(good, {
      simulateLoop: () => {
        throw new Error('no convergence');
      },
    });
    expect(check(crash, 'states stay in bounds').detail).toMatch(/simulation failed: no convergence/);
  });
});
