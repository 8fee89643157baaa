/**
 * Memristive synapses: pulse tables against direct integration of the device under the pulse
 * (applyPulse), the calibrated step, and the physical constraints of a programmed device — the
 * conductance after n pulses is monotone in n and bounded by the device's own range.
 */
import { describe, expect, it } from 'vitest';
import { ConductanceReader, MemristiveSynapses, Prng, SYNAPSE_MODELS, calibratePulses, memristiveSpec } from '../../src/common/learning/index.js';
import { PulseCircuit } from '../../src/common/solver/pulse.js';
import { builtinLookup } from '../../src/common/learning/devices.js';

describe('memristive synapses', () => {
  for (const name of ['hp', 'vteam', 'milano']) {
    it(`${name}: the pulse table matches direct integration for 1–8 pulses from random states`, () => {
      const spec = memristiveSpec(name, { range: 10, variants: 1, variability: 0, grid: 129 });
      const syn = new MemristiveSynapses(spec, 1e-5, new Float64Array(1).fill(5e-6), new Prng(3));
      const table = syn.tables[0];
      const { raise, lower, gOn, gOff } = syn.calibration;
      const circuit = new PulseCircuit(spec.model, spec.params, { lookup: builtinLookup() });
      const reader = new ConductanceReader(spec.model, spec.params, 1, 0.01);
      const read = (x: number) => reader.read([x], new Float64Array(1))[0];
      const rng = new Prng(11);
      let worst = 0;
      for (let trial = 0; trial < 12; trial++) {
        const x0 = table.lo + (table.hi - table.lo) * rng.next();
        const n = 1 + rng.int(8);
        const up = trial % 2 === 0;
        let x = x0;
        for (let k = 0; k < n; k++) x = circuit.apply([x], up ? raise : lower)[0];
        const fromTable = table.pulse(x0, up ? n : -n);
        worst = Math.max(worst, Math.abs(read(fromTable) - read(x)) / (gOn - gOff));
      }
      console.log(`${name}: worst |G_table − G_direct| over 12 trials = ${(100 * worst).toFixed(3)} % of the range`);
      expect(worst).toBeLessThan(0.005);
    });
  }

  it('the calibrated pulse moves the nominal device by 1/steps of its range from the middle', () => {
    const spec = memristiveSpec('xspice', { range: 30, steps: 50 });
    const cal = calibratePulses(spec);
    const circuit = new PulseCircuit(spec.model, spec.params, { lookup: builtinLookup() });
    const reader = new ConductanceReader(spec.model, spec.params, 1, 0.01);
    const read = (x: number) => reader.read([x], new Float64Array(1))[0];
    expect(cal.gOn / cal.gOff).toBeCloseTo(30, 6);
    // xspice: G = 1/R, R linear in the state; the middle conductance is at R = 2/(gOn + gOff)
    const rMid = 2 / (cal.gOn + cal.gOff);
    const up = read(circuit.apply([rMid], cal.raise)[0]) - read(rMid);
    const down = read(circuit.apply([rMid], cal.lower)[0]) - read(rMid);
    const q = (cal.gOn - cal.gOff) / 50;
    expect(up / q).toBeCloseTo(1, 3);
    expect(-down / q).toBeCloseTo(1, 3);
  });

  for (const name of SYNAPSE_MODELS) {
    it(`${name}: conductance after n pulses is monotone in n and stays within the device's range`, () => {
      const spec = memristiveSpec(name, { range: 10, variants: 3, grid: 65 });
      const n = 6;
      const syn = new MemristiveSynapses(spec, 1e-5, Float64Array.from({ length: n }, (_, k) => 2e-6 + k * 1e-6), new Prng(5));
      for (let k = 0; k < n; k++) {
        const table = syn.tables[syn.variant[k]];
        const gLo = Math.min(table.g[0], table.g[table.g.length - 1]);
        const gHi = Math.max(table.g[0], table.g[table.g.length - 1]);
        const reader = new ConductanceReader(spec.model, table.params, 1, 0.01);
        for (const dir of [1, -1]) {
          let prev = reader.read([syn.x[k]], new Float64Array(1))[0];
          let x = syn.x[k];
          for (let p = 1; p <= 400; p++) {
            x = table.pulse(x, dir);
            const g = reader.read([x], new Float64Array(1))[0];
            expect(dir * (g - prev)).toBeGreaterThanOrEqual(-1e-12 * gHi);
            expect(g).toBeGreaterThanOrEqual(gLo * (1 - 1e-9));
            expect(g).toBeLessThanOrEqual(gHi * (1 + 1e-9));
            prev = g;
          }
        }
      }
    });
  }

  it('an update moves each synapse in the direction asked (or not at all), within the device range', () => {
    const spec = memristiveSpec('hp', { range: 10 });
    const n = 50;
    const syn = new MemristiveSynapses(spec, 1e-5, new Float64Array(n).fill(5e-6), new Prng(9));
    const rng = new Prng(1);
    for (let round = 0; round < 20; round++) {
      const ask = Float64Array.from({ length: n }, () => (rng.next() - 0.5) * 4e-7);
      const delta = Float64Array.from(ask);
      syn.update(delta);
      for (let k = 0; k < n; k++) {
        expect(delta[k] * ask[k]).toBeGreaterThanOrEqual(0);
        expect(syn.g[k]).toBeGreaterThan(0.5 * syn.gmin);
        expect(syn.g[k]).toBeLessThan(1.5 * syn.gmax);
      }
    }
    expect(syn.pulses).toBeGreaterThan(0);
  });
});
