import { it } from 'vitest';
import { runEqProp, xorDataset } from '../../src/common/learning/index.js';

it('explore xor', () => {
  for (const [hidden, lr, beta, th] of [[4, 1, 1e-8, 0.1], [4, 3, 1e-8, 0.1], [6, 1, 1e-8, 0.2], [8, 3, 1e-8, 0.1]] as const) {
    for (const seed of [1, 2, 3]) {
      const t0 = performance.now();
      const r = runEqProp({ data: xorDataset(1), hidden: [hidden], beta, lr, epochs: 200, batch: 1, seed, targetHigh: th, targetLow: -th });
      const e = r.epochs;
      const first100 = e.findIndex((s) => s.trainAccuracy === 1);
      console.log(`h${hidden} lr${lr} th${th} seed${seed}: loss ${e[0].loss.toExponential(2)} -> ${e[e.length - 1].loss.toExponential(2)}, acc ${e[e.length - 1].trainAccuracy}, first100 ${first100}, ${(performance.now() - t0).toFixed(0)} ms`);
    }
  }
});
