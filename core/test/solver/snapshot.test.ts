/**
 * A transient snapshot taken between steps, structured-cloned (as it is when written to disk or sent to
 * a worker) and resumed on a freshly compiled kernel, continues with exactly the bits of the
 * uninterrupted run: same time points, same unknowns, same statistics.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDevices, memristorModels, variableParams, withVariability } from '@memflow/nodes';
import { CircuitError, compileSystem, DeviceRegistry, Kernel, parseNetlist, resolveOptions, resumeTransient, spiceToNetwork, startTransient, type TransientSpec } from '../../src/index.js';
import type { Network } from '../../src/common/network/types.js';
import { networkFromFile, REFERENCE } from './run-helpers.js';

/** The built-in devices, with the HP variability variant given cycle-to-cycle variation of roff. */
const hp = memristorModels.find((m) => m.id === 'memristor.hp')!;
const hpC2c = withVariability(hp, { d2d: Object.fromEntries(variableParams(hp).map((p) => [p, 0])), c2c: { roff: 0.1 } });
const registry = new DeviceRegistry([...builtinDevices.filter((m) => m.id !== hpC2c.id), hpC2c]);
const networkFromText = (text: string): Network => spiceToNetwork(parseNetlist(text, { file: 'c2c.cir' }), registry);

interface Trace {
  t: number[];
  y: Float64Array[];
}

function kernelFor(net: Network): Kernel {
  return new Kernel(compileSystem(net, registry.lookup), resolveOptions(net.options));
}

function specOf(net: Network): TransientSpec {
  return net.analyses!.find((a) => a.type === 'tran') as TransientSpec;
}

function uninterrupted(net: Network): { trace: Trace; stats: unknown } {
  const kernel = kernelFor(net);
  const trace: Trace = { t: [], y: [] };
  const run = startTransient(kernel, specOf(net), { onPoint: (t) => (trace.t.push(t), trace.y.push(kernel.y.slice())) });
  run.advance(Infinity);
  return { trace, stats: { ...run.stats } };
}

/** Runs to each cut, snapshots, and resumes every time on a new kernel from the structured clone. */
function resumedAt(net: Network, cuts: readonly number[]): { trace: Trace; stats: unknown } {
  let kernel = kernelFor(net);
  const trace: Trace = { t: [], y: [] };
  const hooks = (k: Kernel) => ({ onPoint: (t: number) => (trace.t.push(t), trace.y.push(k.y.slice())) });
  let run = startTransient(kernel, specOf(net), hooks(kernel));
  for (const cut of cuts) {
    run.advance(cut);
    const snap = structuredClone(run.snapshot());
    kernel = kernelFor(net);
    run = resumeTransient(kernel, snap, hooks(kernel));
  }
  run.advance(Infinity);
  return { trace, stats: { ...run.stats } };
}

function expectSameBits(a: Trace, b: Trace): void {
  expect(b.t).toEqual(a.t);
  for (let k = 0; k < a.y.length; k++) {
    if (!Buffer.from(a.y[k].buffer).equals(Buffer.from(b.y[k].buffer))) throw new Error(`point ${k} (t = ${a.t[k]}) differs after resume`);
  }
}

const C2C_SINE = `* HP memristors with cycle-to-cycle variation (state kept in work arrays) under a sine
V1 a 0 SIN(0 1.2 5)
R1 a b 100
YMEMRISTOR m1 b 0 mv
YMEMRISTOR m2 b 0 mv
.model mv memristor level=hp_var d2d_sigma_ron=0.1 seed=3
.tran 1m 0.6
.end
`;

describe('transient snapshot and resume', () => {
  const cases: [string, () => Network, number[]][] = [
    ['diode bridge (pnjlim work arrays, BDF2)', () => networkFromFile(join(REFERENCE, 'bridge_tran.cir')), [3.3e-3, 17e-3, 41e-3]],
    ['diode bridge (TR-BDF2)', () => ({ ...networkFromFile(join(REFERENCE, 'bridge_tran.cir')), options: { trbdf2: 1 } }), [9e-3, 30e-3]],
    ['threshold memristor on its bounds', () => networkFromFile(join(REFERENCE, 'pd_memristor.cir')), [0.13, 0.5]],
    ['RC pulse (breakpoints)', () => networkFromFile(join(REFERENCE, 'rc_pulse.cir')), [1.1e-3, 2.5e-3]],
    ['cycle-to-cycle variability', () => networkFromText(C2C_SINE), [0.11, 0.29, 0.43]],
  ];
  for (const [name, net, cuts] of cases) {
    it(`${name}: resumed runs give the same bits as one run`, () => {
      const whole = uninterrupted(net());
      const parts = resumedAt(net(), cuts);
      expect(whole.trace.t.length).toBeGreaterThan(50);
      expectSameBits(whole.trace, parts.trace);
      expect(parts.stats).toEqual(whole.stats);
    });
  }

  it('a snapshot of one network is refused by another, naming the difference', () => {
    const net = networkFromFile(join(REFERENCE, 'rc_pulse.cir'));
    const run = startTransient(kernelFor(net), specOf(net), { onPoint: () => {} });
    run.advance(1e-3);
    const snap = run.snapshot();
    const other = kernelFor(networkFromFile(join(REFERENCE, 'bridge_tran.cir')));
    expect(() => resumeTransient(other, snap, { onPoint: () => {} })).toThrow(CircuitError);
    expect(() => resumeTransient(other, snap, { onPoint: () => {} })).toThrow(/snapshot does not match this network/);
    expect(() => resumeTransient(other, { format: 'nope' } as never, { onPoint: () => {} })).toThrow(/not a transient snapshot/);
  });

  it('the snapshot is a copy: running on does not change it', () => {
    const net = networkFromFile(join(REFERENCE, 'bridge_tran.cir'));
    const run = startTransient(kernelFor(net), specOf(net), { onPoint: () => {} });
    run.advance(5e-3);
    const snap = run.snapshot();
    const before = structuredClone(snap);
    run.advance(10e-3);
    expect(snap).toEqual(before);
  });
});
