/**
 * The data-driven memristor (`buildTableModel`): fitted to the synthetic TaOx-like data in
 * fixtures/devices (made by make-example.mjs from a known Yakopcic-type model), it must reproduce the I–V
 * sweep it was built from through the real kernel, show pinched loops, keep its state in bounds and at rest
 * inside its dead band, and have consistent derivatives. Pulse data give a model of the same form.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { characterise, DeviceRegistry, NETWORK_FORMAT, simulate, type Network, type SimulationResult } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { checkDerivatives, type SourceSpec } from '@memflow/plugin-sdk';
import { buildTableModel, fitTable, tableModelFromFit, TableDataError } from '../src/memristors/table.js';
import { parseCsv } from '../src/memristors/table-csv.js';
import { withVariability } from '../src/variability/index.js';

const DEVICES = join(__dirname, '../../fixtures/devices');
const sweepCsv = readFileSync(join(DEVICES, 'taox-sweep.csv'), 'utf8');
const pulseCsv = readFileSync(join(DEVICES, 'taox-pulses.csv'), 'utf8');

/** The generator's device (make-example.mjs): G(x) = goff + (gon − goff)·x, thresholds +0.55 V / −0.65 V, b = 1.2. */
const TRUTH = { gon: 1 / 1.5e3, goff: 1 / 30e3, b: 1.2, vp: 0.55, vn: 0.65 };
const gTrue = (x: number) => TRUTH.goff + (TRUTH.gon - TRUTH.goff) * x;

const sweepFit = fitTable(sweepCsv, { name: 'taox' });
const sweepModel = tableModelFromFit(sweepFit);
const pulseFit = fitTable(pulseCsv, { name: 'taox-pulses', readVoltage: 0.1 });
const pulseModel = tableModelFromFit(pulseFit);
const registry = new DeviceRegistry([...builtinDevices, sweepModel, pulseModel]);

function drive(model: string, source: SourceSpec, tran: { tstep: number; tstop: number }, params: Record<string, number> = {}): SimulationResult {
  const net: Network = {
    format: NETWORK_FORMAT,
    elements: [
      { id: 'v1', device: 'vsource', nodes: ['a', '0'], source },
      { id: 'dut', device: model, nodes: ['a', '0'], params },
    ],
    outputs: ['v(a)', 'i(dut)', 'x(dut)'],
    analyses: [{ type: 'tran', ...tran, tmax: tran.tstep, uic: true }],
  };
  return simulate(net, registry.lookup, net.analyses![0]);
}

const col = (r: SimulationResult, name: string) => r.data[r.columns.indexOf(name)];

describe('CSV reading', () => {
  it('reads headers with units, aliases, comments, separators and SPICE numbers', () => {
    const t = parseCsv('# a comment\nTime (s); Voltage [V]; Current(A)\n0; 0; 0\n1m; 0.5; 2u\n\n// another\n2m;1;4u\n');
    expect(t.header).toEqual(['time', 'v', 'i']);
    expect([...t.columns[0]]).toEqual([0, 1e-3, 2e-3]);
    expect([...t.columns[2]]).toEqual([0, 2e-6, 4e-6]);
    expect(t.lines).toEqual([3, 4, 7]);
  });
  it('reports bad data with its line', () => {
    expect(() => parseCsv('time,v,i\n0,0,0\n1,abc,2\n')).toThrow(/line 3: 'abc' in column 'v' is not a number/);
    expect(() => parseCsv('time,v,i\n0,0\n')).toThrow(/line 2: expected 3 values/);
    expect(() => parseCsv('1,2,3\n')).toThrow(/header/);
    expect(() => fitTable('a,b\n1,2\n')).toThrow(TableDataError);
    expect(() => fitTable('a,b\n1,2\n')).toThrow(/time,v,i/);
    expect(() => fitTable(sweepCsv, { name: 'bad name' })).toThrow(/letters, digits/);
    expect(() => fitTable('time,v,i\n0,0,0\n1,1,1\n0.5,0,0\n')).toThrow(/at least 20 rows/);
  });
});

describe('fit of the I–V sweep', () => {
  it('recovers the generating device: conductance range, I–V shape, thresholds', () => {
    const f = sweepFit;
    console.log(
      `sweep fit: gmin ${f.gmin.toExponential(3)} S, gmax ${f.gmax.toExponential(3)} S, b ${f.b.toFixed(3)} /V, ` +
        `dead band ${(-f.threshold.reset).toFixed(3)} … ${f.threshold.set.toFixed(3)} V, x0 ${f.x0.toFixed(4)}, ` +
        `${f.stats.samples} rate samples on ${f.grid.v.length}×${f.grid.x.length} knots; ` +
        `own replay: max ${(100 * f.stats.replayMax).toFixed(3)} %, rms ${(100 * f.stats.replayRms).toFixed(3)} % of the current range`,
    );
    // The data's state spans x_true ∈ [0.05, 0.753] of the generator.
    expect(f.gmin / gTrue(0.05)).toBeCloseTo(1, 1);
    expect(f.gmax / gTrue(0.7531)).toBeCloseTo(1, 1);
    expect(Math.abs(f.b / TRUTH.b - 1)).toBeLessThan(0.05);
    expect(Math.abs(f.threshold.set - TRUTH.vp)).toBeLessThan(0.06);
    expect(Math.abs(f.threshold.reset - TRUTH.vn)).toBeLessThan(0.06);
    expect(f.polarity).toBe(1);
    expect(sweepModel.id).toBe('memristor.table:taox');
    expect(sweepModel.description).toMatch(/Savitzky–Golay/);
    expect(sweepModel.params.gmax.default).toBe(f.gmax);
    expect(buildTableModel(sweepCsv, { name: 'taox' }).params).toEqual(sweepModel.params);
    // The fit is plain data: a JSON round trip rebuilds the same model.
    const again = tableModelFromFit(JSON.parse(JSON.stringify(f)));
    const pts = [[0.91, 0, 0.33], [-1.1, 0, 0.71], [0.2, 0, 0.52]]; // off the knot lines
    const a = checkDerivatives(again, pts);
    expect(a.worst).toBeLessThan(1e-5);
    expect(again.params).toEqual(sweepModel.params);
  });

  it('reproduces the data it was built from within 2 % of the current range, through the kernel', () => {
    const table = parseCsv(sweepCsv);
    const [t, v, i] = table.columns;
    const source: SourceSpec = { dc: v[0], wave: { type: 'pwl', t: [...t], v: [...v] } };
    const r = drive(sweepModel.id, source, { tstep: t[1] - t[0], tstop: t[t.length - 1] });
    const time = col(r, 'time');
    const isim = col(r, 'i(dut)');
    const xsim = col(r, 'x(dut)');
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of i) {
      lo = Math.min(lo, c);
      hi = Math.max(hi, c);
    }
    let worst = 0;
    let sq = 0;
    let matched = 0;
    let j = 0;
    for (let k = 0; k < t.length; k++) {
      while (j < time.length && time[j] < t[k] - 1e-9) j++;
      expect(Math.abs(time[j] - t[k])).toBeLessThan(1e-9);
      const e = Math.abs(isim[j] - i[k]) / (hi - lo);
      worst = Math.max(worst, e);
      sq += e * e;
      matched++;
    }
    console.log(
      `kernel replay of ${matched} samples (${time.length} output points): max |i_sim − i_data| ${(100 * worst).toFixed(3)} %, rms ${(100 * Math.sqrt(sq / matched)).toFixed(3)} % of the ${((hi - lo) * 1e3).toFixed(3)} mA range`,
    );
    expect(matched).toBe(t.length);
    expect(worst).toBeLessThan(0.02);
    expect(Math.min(...xsim)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xsim)).toBeLessThanOrEqual(1);
  });

  it('shows pinched hysteresis whose lobes shrink with frequency', () => {
    const areas = [0.25, 1, 4].map((frequency) => {
      const r = characterise(sweepModel, registry.lookup, { amplitude: 1.2, frequency });
      expect(r.pinchError).toBeLessThan(1e-9);
      console.log(`table model, 1.2 V at ${frequency} Hz: lobes +${r.lobeAreaPositive.toExponential(3)} / −${r.lobeAreaNegative.toExponential(3)} V·A, Rmin ${r.rMin.toFixed(0)} Ω, Rmax ${r.rMax.toFixed(0)} Ω`);
      return r.lobeAreaPositive + r.lobeAreaNegative;
    });
    expect(areas[1]).toBeLessThan(areas[0]);
    expect(areas[2]).toBeLessThan(areas[1]);
  });

  it('keeps its state in [0, 1] under an over-drive and at rest inside the dead band', () => {
    const sine = (va: number, freq: number): SourceSpec => ({ dc: 0, wave: { type: 'sin', vo: 0, va, freq, td: 0, theta: 0, phase: 0 } });
    const r = drive(sweepModel.id, sine(3, 0.5), { tstep: 5e-3, tstop: 4 });
    const x = col(r, 'x(dut)');
    // SET drives x onto its upper bound, where the kernel stops it; RESET slows down towards x = 0 (the
    // fitted rates vanish there, like a window function the data imply).
    expect(Math.max(...x)).toBe(1);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...x)).toBeLessThan(0.01);
    // 0.5 V and −0.6 V reads for 20 s: inside the dead band, the state does not move at all.
    for (const vr of [0.5, -0.6]) {
      const rest = drive(sweepModel.id, { dc: vr }, { tstep: 0.1, tstop: 20 }, { x0: 0.4 });
      const xr = col(rest, 'x(dut)');
      expect(Math.max(...xr.map((v) => Math.abs(v - 0.4)))).toBe(0);
    }
  });

  it('derivatives match finite differences (dead band, switching, beyond the data, both I–V shapes)', () => {
    // (v_p, v_n, x) away from knot lines.
    const points = [
      [0.3, 0, 0.41],
      [0.83, 0, 0.27],
      [1.07, 0.01, 0.83],
      [-0.93, 0, 0.62],
      [-1.27, 0, 0.13],
      [1.6, 0, 0.55],
      [-2.1, 0, 0.46],
      [0.05, -0.72, 0.33],
    ];
    for (const params of [{}, { b: 0 }, { b: 3, kr: 2 }] as Record<string, number>[]) {
      const r = checkDerivatives(sweepModel, points, { params });
      expect(r.worst, `${JSON.stringify(params)}: ${r.where}: ${r.analytic} vs ${r.numeric}`).toBeLessThan(1e-5);
    }
  });

  it('takes variability like any memristive model', () => {
    const varied = withVariability(sweepModel, { d2d: { gmax: 0.1, kr: 0.2 } });
    const reg = new DeviceRegistry([...builtinDevices, sweepModel, varied]);
    const r = characterise(varied, reg.lookup, { amplitude: 1.2, frequency: 1, params: { seed: 2 } });
    expect(r.pinchError).toBeLessThan(1e-9);
    expect(r.rMax / r.rMin).toBeGreaterThan(2);
  });
});

describe('fit of pulse-response data', () => {
  it('recovers the conductance range and dead band, and replays each pulse', () => {
    const f = pulseFit;
    console.log(
      `pulse fit: gmin ${f.gmin.toExponential(3)} S, gmax ${f.gmax.toExponential(3)} S, dead band ${(-f.threshold.reset).toFixed(2)} … ${f.threshold.set.toFixed(2)} V, ` +
        `${f.stats.samples} pulses fitted; replay pulse by pulse: max ${(100 * f.stats.replayMax).toFixed(2)} %, rms ${(100 * f.stats.replayRms).toFixed(2)} % of the conductance range`,
    );
    // Reads at 0.1 V of a device that is ohmic to 0.24 % there (sinh(0.12)/0.12): G at x_true = 0.05.
    expect(f.gmin / (gTrue(0.05) * (Math.sinh(0.12) / 0.12))).toBeCloseTo(1, 1);
    // The sub-threshold pulses (0.4, 0.5, −0.3, −0.5 V) form the dead band; 0.8 / −0.9 V switch.
    expect(f.threshold).toEqual({ set: 0.5, reset: 0.5 });
    expect(f.stats.replayRms).toBeLessThan(0.01);
    expect(f.stats.replayMax).toBeLessThan(0.05);
  });

  it('through the kernel, the pulse programme gives the measured conductance sequence', () => {
    const table = parseCsv(pulseCsv);
    const [amp, width, gBefore, gAfter] = table.columns;
    // Each pulse (10 µs edges) followed by a 1 ms read at 0.1 V; the conductance is read at its end.
    const ts: number[] = [0];
    const vs: number[] = [0];
    const reads: number[] = [];
    let t = 0;
    const edge = 1e-5;
    for (let k = 0; k < amp.length; k++) {
      ts.push(t + edge, t + edge + width[k], t + 2 * edge + width[k], t + 2 * edge + width[k] + 1e-3);
      vs.push(amp[k], amp[k], 0.1, 0.1);
      t += 2 * edge + width[k] + 1e-3;
      reads.push(t);
    }
    // The model starts where the data start (its x0 default is the first g_before; ohmic fit, b = 0).
    expect(pulseFit.b).toBe(0);
    expect(pulseModel.params.x0.default).toBeCloseTo((gBefore[0] - pulseFit.gmin) / (pulseFit.gmax - pulseFit.gmin), 12);
    const r = drive(pulseModel.id, { dc: 0, wave: { type: 'pwl', t: ts, v: vs } }, { tstep: 5e-4, tstop: t });
    const time = col(r, 'time');
    const isim = col(r, 'i(dut)');
    let j = 0;
    let worst = 0;
    let sq = 0;
    for (let k = 0; k < reads.length; k++) {
      while (time[j] < reads[k] - 1e-12) j++;
      const g = isim[j] / 0.1;
      const e = Math.abs(g - gAfter[k]) / (pulseFit.gmax - pulseFit.gmin);
      worst = Math.max(worst, e);
      sq += e * e;
    }
    console.log(`kernel pulse programme (${reads.length} pulses, one trajectory): max |g_sim − g_data| ${(100 * worst).toFixed(2)} %, rms ${(100 * Math.sqrt(sq / reads.length)).toFixed(2)} % of the conductance range`);
    expect(Math.sqrt(sq / reads.length)).toBeLessThan(0.03);
    expect(worst).toBeLessThan(0.1);
  });
});
