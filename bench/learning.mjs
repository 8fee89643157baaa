#!/usr/bin/env node
// EqProp training throughput (samples per second, and per core) on Iris and digits: this thread, then
// each batch's samples on a piscina pool of 1 and of 2 worker threads, in one process. Training
// batches only (the per-epoch evaluation is excluded). Prints ratios; asserts nothing — except that
// the pool runs reproduce the serial conductances bit for bit, which it reports.
//   node bench/learning.mjs [--batch N] [--epochs N]      (npm run bench:learning builds first)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eqpropDigitsConfig, eqpropIrisConfig, runEqProp } from '../core/dist/common/learning/index.js';
import { trainEqPropPool } from '../core/dist/node/learning/pool.js';

const { values } = parseArgs({ options: { batch: { type: 'string' }, epochs: { type: 'string' } } });
const data = (f) => readFileSync(new URL(`../fixtures/data/${f}`, import.meta.url), 'utf8');
const batch = values.batch ? Number(values.batch) : undefined;
const epochs = values.epochs ? Number(values.epochs) : undefined;

const cases = [
  ['iris (4×2 → 10 → 3×2, 105 samples)', { ...eqpropIrisConfig(data('iris.csv'), { seed: 2, epochs: epochs ?? 4 }) }],
  ['digits (64×2 → 30 → 10×2, 400 samples)', { ...eqpropDigitsConfig(data('digits.csv'), { seed: 1, epochs: epochs ?? 1, trainSize: 400 }) }],
];

const same = (a, b) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
console.log(`EqProp training throughput, node ${process.version}${batch ? `, batch ${batch}` : ''}`);
for (const [name, preset] of cases) {
  const cfg = batch ? { ...preset, batch } : preset;
  const n = cfg.epochs * cfg.data.train.length;
  const serial = runEqProp(cfg);
  const one = await trainEqPropPool(cfg, { threads: 1 });
  const two = await trainEqPropPool(cfg, { threads: 2 });
  const rate = (r) => n / r.trainSeconds;
  console.log(`${name}, batch ${cfg.batch}, ${n} samples trained`);
  console.log(`  this thread        ${rate(serial).toFixed(1).padStart(8)} samples/s`);
  console.log(`  pool, 1 worker     ${rate(one).toFixed(1).padStart(8)} samples/s   (${rate(one).toFixed(1)} per core)`);
  console.log(`  pool, 2 workers    ${rate(two).toFixed(1).padStart(8)} samples/s   (${(rate(two) / 2).toFixed(1)} per core)`);
  console.log(`  2 workers / 1 worker: ×${(rate(two) / rate(one)).toFixed(2)};  bit-identical to this thread: ${same(one.conductances, serial.conductances) && same(two.conductances, serial.conductances)}`);
}
