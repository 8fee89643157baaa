/**
 * Batches on a worker pool give the serial run's bits: the same conductances and epoch figures with 1
 * and 2 worker threads as in this thread, for ideal and memristive synapses. Needs the built worker
 * (npm test builds first).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eqpropIrisConfig, memristiveSpec, runEqProp, type EqPropConfig } from '../../src/common/learning/index.js';
import { splitRanges, trainEqPropPool } from '../../src/node/learning/pool.js';

const csv = readFileSync(new URL('../../../fixtures/data/iris.csv', import.meta.url), 'utf8');

function small(cfg: EqPropConfig): EqPropConfig {
  // 30 training samples, 2 epochs, batch 7 (parts of 4 and 3 samples on 2 threads)
  return { ...cfg, data: { ...cfg.data, train: cfg.data.train.slice(0, 30), test: cfg.data.test.slice(0, 15) }, epochs: 2, batch: 7 };
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('EqProp batches on a worker pool', () => {
  it('splits a batch into contiguous parts covering it once', () => {
    expect(splitRanges(7, 2)).toEqual([
      [0, 3],
      [3, 7],
    ]);
    expect(splitRanges(1, 3)).toEqual([[0, 1]]);
  });

  for (const [name, cfg] of [
    ['ideal, adam', small({ ...eqpropIrisConfig(csv, { seed: 4 }), optimiser: 'adam', lr: 0.02 })],
    ['memristive (vteam, range 10), momentum', small({ ...eqpropIrisConfig(csv, { seed: 4 }), optimiser: 'momentum', momentum: 0.5, synapse: memristiveSpec('vteam', { range: 10, variants: 2, grid: 33 }) })],
  ] as const) {
    it(`${name}: 1 and 2 threads reproduce the serial run bit for bit`, async () => {
      const serial = runEqProp(cfg);
      const one = await trainEqPropPool(cfg, { threads: 1 });
      const two = await trainEqPropPool(cfg, { threads: 2 });
      expect(serial.conductances.some((g, k) => g !== serial.initialConductances[k])).toBe(true);
      for (const r of [one, two]) {
        expect(bits(r.conductances).equals(bits(serial.conductances))).toBe(true);
        expect(r.epochs).toEqual(serial.epochs);
        expect(r.pulses).toBe(serial.pulses);
      }
    }, 60_000);
  }
});
