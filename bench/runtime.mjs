#!/usr/bin/env node
// Runtime overhead: the crossbar_64 transient run bare (simulate) and through the runtime (Simulation
// in windows, element actors, signal streams), in one process. Prints the ratios; asserts nothing.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadNetwork, defaultRegistry } from '../core/dist/node/load.js';
import { simulate, Simulation } from '../core/dist/index.js';

const file = fileURLToPath(new URL('../fixtures/bench/crossbar_64.cir', import.meta.url));
const registry = defaultRegistry();
const network = loadNetwork(file, registry);
const tran = network.analyses.find((a) => a.type === 'tran');

function best(label, run, repeat = 3) {
  let t = Infinity;
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    run();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

const bare = best('bare', () => simulate(network, registry.lookup, tran, ['v(c0)']));
const rows = [['bare kernel (simulate, 1 output)', bare]];
for (const [label, windowLength, signals] of [
  ['runtime, 10 ms windows, 1 recorder', 10e-3, ['v(c0)']],
  ['runtime, 1 ms windows, 1 recorder', 1e-3, ['v(c0)']],
  ['runtime, 10 ms windows, 64 recorders', 10e-3, Array.from({ length: 64 }, (_, k) => `v(c${k})`)],
]) {
  const t = best(label, () => {
    const sim = new Simulation(network, registry.lookup, { window: windowLength });
    let points = 0;
    for (const s of signals) sim.signal$(s).subscribe((c) => (points += c.t.length));
    sim.runUntil(Infinity);
    sim.dispose();
  });
  rows.push([label, t]);
}
console.log(`runtime overhead on crossbar_64 (.tran 1m 2), best of 3, node ${process.version}`);
for (const [label, t] of rows) console.log(`  ${label.padEnd(40)} ${(t / 1000).toFixed(3)} s   ×${(t / bare).toFixed(2)} of bare`);
