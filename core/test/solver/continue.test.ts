/**
 * continueTransient: the analysis restarted at time T from the unknowns as they stand (after the
 * runtime changed the circuit) follows the exact solution from T, lands on the breakpoints after T
 * and reports no point at or before T.
 */
import { describe, expect, it } from 'vitest';
import { compileSystem, continueTransient, Kernel, resolveOptions, type TransientSpec } from '../../src/index.js';
import { networkFromText, registry } from './run-helpers.js';

const RC = `RC charged from 0 at T by a source that steps again at 3 ms
V1 in 0 PULSE(1 2 3m 1n 1n 10 20)
R1 in out 1k
C1 out 0 1u
.tran 10u 5m
.end
`;

describe('continueTransient', () => {
  it('follows the RC solution from T with its breakpoints, starting from the given unknowns', () => {
    const net = networkFromText(RC);
    const spec = net.analyses!.find((a) => a.type === 'tran') as TransientSpec;
    const kernel = new Kernel(compileSystem(net, registry.lookup), resolveOptions(net.options));
    const out = kernel.sys.nodeIndex.get('out')!;
    const input = kernel.sys.nodeIndex.get('in')!;
    const T = 1e-3;
    kernel.y[input] = 1;
    kernel.y[out] = 0; // the capacitor as a change left it: discharged at T
    const t: number[] = [];
    const v: number[] = [];
    continueTransient(kernel, spec, T, { onPoint: (time) => (t.push(time), v.push(kernel.y[out])) }).advance(Infinity);
    expect(t[0]).toBeGreaterThan(T);
    expect(t[t.length - 1]).toBe(spec.tstop);
    expect(t).toContain(3e-3); // the source's corner after T is a breakpoint the steps land on
    const tau = 1e-3;
    const exact = (x: number) => (x <= 3e-3 ? 1 - Math.exp(-(x - T) / tau) : 2 - (2 - (1 - Math.exp(-2))) * Math.exp(-(x - 3e-3) / tau));
    let worst = 0;
    for (let k = 0; k < t.length; k++) if (t[k] <= 3e-3 || t[k] > 3e-3 + 2e-9) worst = Math.max(worst, Math.abs(v[k] - exact(t[k])));
    console.log(`max |v − exact| = ${worst.toExponential(2)} V`);
    expect(worst).toBeLessThan(1e-4);
  });

  it('refuses a start time outside the analysis', () => {
    const net = networkFromText(RC);
    const spec = net.analyses!.find((a) => a.type === 'tran') as TransientSpec;
    const kernel = new Kernel(compileSystem(net, registry.lookup), resolveOptions(net.options));
    expect(() => continueTransient(kernel, spec, 5e-3, { onPoint: () => {} })).toThrow(/outside/);
  });
});
