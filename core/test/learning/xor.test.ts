/** XOR trains to 100 % with a fixed seed, and the loss decreases; same seed, bit-identical conductances. */
import { describe, expect, it } from 'vitest';
import { eqpropXorConfig, runEqProp, type EpochStats } from '../../src/common/learning/index.js';

describe('EqProp on XOR', () => {
  it('reaches 100 % accuracy and lowers the loss', () => {
    const seen: EpochStats[] = [];
    const r = runEqProp(eqpropXorConfig({ epochs: 150 }), { onEpoch: (s) => seen.push(s) });
    expect(seen).toEqual(r.epochs);
    expect(r.epochs).toHaveLength(151);
    const first = r.epochs[0];
    const last = r.epochs[r.epochs.length - 1];
    expect(last.trainAccuracy).toBe(1);
    expect(last.loss).toBeLessThan(first.loss / 2);
    console.log(`xor: loss ${first.loss.toExponential(3)} -> ${last.loss.toExponential(3)}, 100 % from epoch ${r.epochs.findIndex((s) => s.trainAccuracy === 1)}`);
  });

  it('is deterministic: same seed, bit-identical conductances', () => {
    const a = runEqProp(eqpropXorConfig({ epochs: 20 }));
    const b = runEqProp(eqpropXorConfig({ epochs: 20 }));
    expect(Buffer.from(a.conductances.buffer).equals(Buffer.from(b.conductances.buffer))).toBe(true);
    expect(a.epochs).toEqual(b.epochs);
    const c = runEqProp(eqpropXorConfig({ epochs: 20, seed: 2 }));
    expect(Buffer.from(a.conductances.buffer).equals(Buffer.from(c.conductances.buffer))).toBe(false);
  });

  it('keeps every conductance in [gmin, gmax]', () => {
    const r = runEqProp(eqpropXorConfig({ epochs: 30 }));
    for (const g of r.conductances) {
      expect(g).toBeGreaterThanOrEqual(1e-7);
      expect(g).toBeLessThanOrEqual(1e-5);
    }
  });
});
