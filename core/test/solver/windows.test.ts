/**
 * A transient advanced window by window (as the runtime will drive it, applying events at window ends)
 * gives bit-identical results to one uninterrupted run, whatever the window length.
 */
import { describe, expect, it } from 'vitest';
import { compileSystem, Kernel, resolveOptions, startTransient, transient, type TransientSpec } from '../../src/index.js';
import { networkFromFile, REFERENCE, registry } from './run-helpers.js';
import { join } from 'node:path';

function record(file: string, windows: number | undefined): { t: number[]; y: Float64Array[] } {
  const net = networkFromFile(file);
  const spec = net.analyses!.find((a) => a.type === 'tran') as TransientSpec;
  const kernel = new Kernel(compileSystem(net, registry.lookup), resolveOptions(net.options));
  const t: number[] = [];
  const y: Float64Array[] = [];
  const hooks = { onPoint: (time: number) => (t.push(time), y.push(Float64Array.from(kernel.y))) };
  if (windows === undefined) {
    transient(kernel, spec, hooks);
  } else {
    const run = startTransient(kernel, spec, hooks);
    const dt = spec.tstop / windows;
    let k = 1;
    while (!run.advance(k * dt)) k++;
  }
  return { t, y };
}

describe('windowed transient', () => {
  for (const name of ['bridge_tran', 'pd_memristor', 'rc_pulse']) {
    it(`${name}: 1, 7 and 100 windows give the same bits as one run`, () => {
      const file = join(REFERENCE, `${name}.cir`);
      const whole = record(file, undefined);
      for (const windows of [1, 7, 100]) {
        const parts = record(file, windows);
        expect(parts.t).toEqual(whole.t);
        for (let k = 0; k < whole.y.length; k++) expect(Buffer.from(parts.y[k].buffer).equals(Buffer.from(whole.y[k].buffer))).toBe(true);
      }
    });
  }
  it('advance stops at the first step end at or after the window end, and reports completion', () => {
    const net = networkFromFile(join(REFERENCE, 'rc_pulse.cir'));
    const spec = net.analyses!.find((a) => a.type === 'tran') as TransientSpec;
    const kernel = new Kernel(compileSystem(net, registry.lookup), resolveOptions(net.options));
    const times: number[] = [];
    const run = startTransient(kernel, spec, { onPoint: (t) => times.push(t) });
    expect(run.advance(2e-3)).toBe(false);
    expect(run.time).toBeGreaterThanOrEqual(2e-3);
    expect(times[times.length - 2]).toBeLessThan(2e-3);
    expect(run.advance(Infinity)).toBe(true);
    expect(run.time).toBe(spec.tstop);
  });
});
