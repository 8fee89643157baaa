/**
 * `.meas`: the computations against closed forms on sampled functions, the cards as ngspice writes
 * them, and measurements of a real RC transient against its exact solution.
 */
import { describe, expect, it } from 'vitest';
import { evaluateMeasure, measureAll, type MeasureSpec } from '../../src/common/network/measure.js';
import { checkNetwork } from '../../src/common/network/semantic.js';
import { writeSpice } from '../../src/common/network/spice-writer.js';
import { NetlistError } from '../../src/common/netlist/index.js';
import { simulate } from '../../src/common/solver/simulate.js';
import { measuredOutputs } from '../../src/common/network/measure.js';
import { networkFromText, registry } from '../solver/run-helpers.js';
import { cli } from '../helpers/cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** sin(2πt) on [0, 2] sampled finely but unevenly (so interpolation and the window's ends matter). */
const N = 20001;
const x = Float64Array.from({ length: N }, (_, k) => 2 * (k / (N - 1)) ** 1.1);
const y = Float64Array.from(x, (t) => Math.sin(2 * Math.PI * t));
const columns: Record<string, Float64Array> = { 'v(s)': y, 'v(t)': x };
const column = (name: string) => columns[name];
const base = { name: 'm', analysis: 'tran' as const };
const value = (m: MeasureSpec): number => {
  const r = evaluateMeasure(m, x, column);
  if (!('value' in r)) throw new Error(r.failed);
  return r.value;
};

describe('measurements on a sampled sine', () => {
  it('extremes, peak-to-peak, average, RMS and integral over a window', () => {
    expect(value({ ...base, kind: 'max', output: 'v(s)' })).toBeCloseTo(1, 6);
    expect(value({ ...base, kind: 'min', output: 'v(s)' })).toBeCloseTo(-1, 6);
    expect(value({ ...base, kind: 'pp', output: 'v(s)' })).toBeCloseTo(2, 6);
    // ∫₀^0.25 sin 2πt dt = 1/2π; over whole periods the average is 0 and the RMS 1/√2.
    expect(value({ ...base, kind: 'integ', output: 'v(s)', from: 0, to: 0.25 })).toBeCloseTo(1 / (2 * Math.PI), 7);
    expect(value({ ...base, kind: 'avg', output: 'v(s)', from: 0.5, to: 1.5 })).toBeCloseTo(0, 7);
    expect(value({ ...base, kind: 'rms', output: 'v(s)', from: 0.5, to: 1.5 })).toBeCloseTo(Math.SQRT1_2, 7);
    // A window between samples: the ends are interpolated, so the average of t over [0.3001, 0.7003] is its midpoint.
    expect(value({ ...base, kind: 'avg', output: 'v(t)', from: 0.3001, to: 0.7003 })).toBeCloseTo(0.5002, 12);
  });

  it('values at a time, and the times of crossings (rising, falling, any, last)', () => {
    expect(value({ ...base, kind: 'find-at', output: 'v(s)', at: 1 / 12 })).toBeCloseTo(0.5, 6);
    const when = (edge: 'rise' | 'fall' | 'cross', count: number | 'last', level = 0.5) => value({ ...base, kind: 'when', when: { output: 'v(s)', level, edge, count } });
    // sin 2πt = 0.5 at t = 1/12, 5/12, 13/12, 17/12: rising at the first and third, falling at the others.
    expect(when('rise', 1)).toBeCloseTo(1 / 12, 7);
    expect(when('fall', 1)).toBeCloseTo(5 / 12, 7);
    expect(when('rise', 2)).toBeCloseTo(13 / 12, 7);
    expect(when('cross', 3)).toBeCloseTo(13 / 12, 7);
    expect(when('cross', 'last')).toBeCloseTo(17 / 12, 7);
    expect(value({ ...base, kind: 'find-when', output: 'v(t)', when: { output: 'v(s)', level: 0.5, edge: 'fall', count: 2 } })).toBeCloseTo(17 / 12, 7);
    expect(value({ ...base, kind: 'trig-targ', trig: { output: 'v(s)', level: 0.5, edge: 'rise', count: 1 }, targ: { output: 'v(s)', level: -0.5, edge: 'fall', count: 1 } })).toBeCloseTo(7 / 12 - 1 / 12, 7);
  });

  it('says why when there is nothing to measure', () => {
    const r = (m: MeasureSpec) => evaluateMeasure(m, x, column);
    expect(r({ ...base, kind: 'when', when: { output: 'v(s)', level: 2, edge: 'cross', count: 1 } })).toEqual({ name: 'm', failed: 'v(s) has no 1st crossing of 2' });
    expect(r({ ...base, kind: 'when', when: { output: 'v(s)', level: 0.5, edge: 'rise', count: 3 } })).toEqual({ name: 'm', failed: 'v(s) has no 3rd rising crossing of 0.5' });
    expect(r({ ...base, kind: 'find-at', output: 'v(s)', at: 3 })).toEqual({ name: 'm', failed: 'at=3 is outside the run [0, 2]' });
    expect(r({ ...base, kind: 'avg', output: 'v(s)', from: 3, to: 4 })).toEqual({ name: 'm', failed: 'the window [3, 4] does not overlap the run [0, 2]' });
  });
});

const RC = `RC charge
V1 in 0 PULSE(0 1 0 1n 1n 10m 20m)
R1 in out 1k
C1 out 0 1u
.tran 10u 5m
.print tran v(out)
.meas tran thalf WHEN v(out)=0.5 RISE=1
.meas tran vavg AVG v(out) FROM=1m TO=2m
.meas tran charge INTEG i(r1)
.meas tran v1m FIND v(out) AT=1m
.meas tran delay TRIG v(in) VAL=0.5 RISE=1 TARG v(out) VAL=0.5 CROSS=LAST
.end
`;

describe('.meas cards', () => {
  it('measure an RC charge as its exact solution says (τ = 1 ms)', () => {
    const network = networkFromText(RC);
    const measures = network.measures!;
    const result = simulate(network, registry.lookup, network.analyses![0], network.outputs, { extraOutputs: measures.flatMap(measuredOutputs) });
    const got = Object.fromEntries(measureAll(measures, 'tran', result.columns, result.data).map((m) => [m.name, 'value' in m ? m.value : NaN]));
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(got.thalf, 1e-3 * Math.LN2)).toBeLessThan(1e-4);
    expect(rel(got.vavg, 1 - (Math.exp(-1) - Math.exp(-2)))).toBeLessThan(1e-4);
    // The charge through R1 is the capacitor's: C·v(5 ms).
    expect(rel(got.charge, 1e-6 * (1 - Math.exp(-5)))).toBeLessThan(1e-4);
    expect(rel(got.v1m, 1 - Math.exp(-1))).toBeLessThan(1e-4);
    expect(rel(got.delay, 1e-3 * Math.LN2)).toBeLessThan(1e-3);
  });

  it('go through the SPICE writer and back unchanged', () => {
    const network = networkFromText(RC);
    const text = writeSpice(network, registry.lookup);
    expect(text).toMatch(/^\.meas tran thalf when v\(out\)=0\.5 rise=1$/m);
    const strip = (ms: readonly MeasureSpec[]) => ms.map(({ loc: _loc, ...m }) => m);
    expect(strip(networkFromText(text).measures!)).toEqual(strip(network.measures!));
  });

  it('say where a card is wrong', () => {
    const bad = (card: string) => () => networkFromText(RC.replace('.meas tran thalf WHEN v(out)=0.5 RISE=1', card));
    expect(bad('.meas noise x MAX v(out)')).toThrow(NetlistError);
    expect(bad('.meas noise x MAX v(out)')).toThrow(/\.meas measures a tran, dc or ac analysis, found 'noise'/);
    expect(bad('.meas tran x MEDIAN v(out)')).toThrow(/unknown measurement 'MEDIAN'/);
    expect(bad('.meas tran x WHEN v(out)=0.5 RISE=0')).toThrow(/RISE= must be a positive whole number or LAST/);
    expect(bad('.meas tran x WHEN v(out)=0.5 RISE=1 FALL=1')).toThrow(/give one of RISE=, FALL= or CROSS=/);
    expect(bad('.meas tran x MAX v(out) FROM=1m junk')).toThrow(/unexpected 'junk'/);
    expect(bad('.meas tran x FIND v(out)')).toThrow(/\.meas needs AT= or WHEN after FIND/);
    expect(bad('.meas tran x MAX q(out)')).toThrow(/\.meas: q\(out\) is not an output; write v\(net\)/);
    expect(bad('.meas tran x MAX out')).toThrow(/expected an output such as v\(out\) or i\(v1\) in \.meas, found 'out'/);
  });

  it('are checked in networks: an unknown net, or no analysis of their kind', () => {
    const network = networkFromText(RC);
    const broken = { ...network, measures: [{ name: 'x', analysis: 'dc' as const, kind: 'max' as const, output: 'v(nowhere)' }] };
    const messages = checkNetwork(broken).map((e) => e.message);
    expect(messages).toEqual([expect.stringMatching(/measurement 'x' needs a \.dc analysis/), expect.stringMatching(/'v\(nowhere\)': no net 'nowhere'/)]);
  });

  it('are printed by memflow run, even with --quiet, failures said as such', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-meas-'));
    const file = join(dir, 'rc.cir');
    writeFileSync(file, RC.replace('.end', '.meas tran never WHEN v(out)=2\n.end'));
    const r = await cli('run', file, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^thalf = 0\.00069\d+$/m);
    expect(r.out).toMatch(/^never: failed — v\(out\) has no 1st crossing of 2$/m);
    // --json: the same figures for scripts, and nothing else on stdout.
    const j = await cli('run', file, '--json');
    expect(j.code).toBe(0);
    const report = JSON.parse(j.out) as { analyses: { analysis: string; points: number; final: Record<string, number>; measures: Record<string, number | { failed: string }> }[] };
    expect(report.analyses).toHaveLength(1);
    const [tran] = report.analyses;
    expect(tran.analysis).toBe('tran');
    expect(tran.points).toBeGreaterThan(100);
    expect(Math.abs(tran.final['v(out)'] - (1 - Math.exp(-5)))).toBeLessThan(1e-4);
    expect(Math.abs((tran.measures.thalf as number) - 1e-3 * Math.LN2)).toBeLessThan(1e-7);
    expect(tran.measures.never).toEqual({ failed: 'v(out) has no 1st crossing of 2' });
  });
});

describe('.meas ac', () => {
  it("finds an RC low-pass's −3 dB frequency, 1/(2πRC), and its magnitude at a frequency", () => {
    const network = networkFromText(`RC\nV1 in 0 AC 1\nR1 in out 1k\nC1 out 0 1u\n.ac lin 2001 10 1010\n.meas ac f3db WHEN vdb(out)=-3.0103 FALL=1\n.meas ac g100 FIND v(out) AT=100\n.end\n`);
    const measures = network.measures!;
    const result = simulate(network, registry.lookup, network.analyses![0], network.outputs, { extraOutputs: measures.flatMap(measuredOutputs) });
    const got = Object.fromEntries(measureAll(measures, 'ac', result.columns, result.data).map((m) => [m.name, 'value' in m ? m.value : NaN]));
    const fc = 1 / (2 * Math.PI * 1e-3);
    // −3.0103 dB is |H| = 1/√2 to 4 digits; the 0.5 Hz grid's interpolation error in f is far below that.
    expect(Math.abs(got.f3db - fc) / fc).toBeLessThan(1e-4);
    expect(got.g100).toBeCloseTo(1 / Math.hypot(1, 2 * Math.PI * 100 * 1e-3), 6);
  });
});
