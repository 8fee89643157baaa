#!/usr/bin/env node
// Runtime benchmarks, in one process, as ratios against a peer run in the same script (the machine is
// shared: absolute times are noise, interleaved ratios much less so). Prints; asserts nothing.
//
//  1. Overhead: the crossbar_64 transient (.tran 1m 2, 64 outputs) run bare (simulate) and through the
//     full runtime: the Simulation in windows, a rule actor reading the circuit at every window end,
//     device-event watches on 64 memristors, flow-controlled recorders on the 64 column voltages (async
//     run()) and a UI-style throttled subscription; with virtual actors (materialised when touched, as
//     DESIGN §4 says) and with every element actor materialised. Rounds alternate bare / runtime; the
//     overhead is the median of the per-round ratios of CPU time (wall time printed too).
//  2. Sweep: 16 points of crossbar_32 (rc0.r swept) on the piscina SweepExecutor with 1 and 2 workers.
//
// node --expose-gc bench/runtime.mjs [--rounds N] [--sweep-rounds N] [--skip-overhead] [--skip-sweep] [--sweep-case crossbar_16]
import { performance } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setup } from 'xstate';
import { loadNetwork, defaultRegistry } from '../core/dist/node/load.js';
import { simulate, Simulation, throttled } from '../core/dist/index.js';
import { PiscinaSweepExecutor, sweepExecutor } from '../core/dist/node/sweep/index.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    'skip-overhead': { type: 'boolean', default: false },
    'skip-sweep': { type: 'boolean', default: false },
    'sweep-case': { type: 'string', default: 'crossbar_32' },
    'sweep-rounds': { type: 'string', default: '2' },
  },
});
const rounds = Number(args.rounds);
const registry = defaultRegistry();
const fixture = (name) => fileURLToPath(new URL(`../fixtures/bench/${name}.cir`, import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (run) => {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
};
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`node ${process.version}, ${availableParallelism()} cores, load average ${load()} (shared machine)`);

if (!args['skip-overhead']) {
  const network = loadNetwork(fixture('crossbar_64'), registry);
  const tran = network.analyses.find((a) => a.type === 'tran');
  const outputs = Array.from({ length: 64 }, (_, k) => `v(c${k})`);
  const bare = async () => {
    const r = simulate(network, registry.lookup, tran, outputs);
    return { points: r.data[0].length };
  };
  // A rule that reads every column at every window end (what a learning rule would do).
  const rule = setup({}).createMachine({
    context: { sum: 0 },
    on: { WINDOW: { actions: ({ context, event }) => void (context.sum += outputs.reduce((s, p) => s + event.read(p), 0)) } },
  });
  const full = (windowLength, materialiseAll) => async () => {
    const sim = new Simulation(network, registry.lookup, { window: windowLength });
    if (materialiseAll) for (const id of sim.elementIds()) sim.element(id).actor();
    sim.addRule('reader', rule);
    const memristors = sim.elementIds().filter((id) => sim.element(id).model.kind === 'memristor').slice(0, 64);
    for (const id of memristors) sim.watch({ element: id, level: 'max' });
    let points = 0;
    for (const probe of outputs) sim.record(probe, async (chunk) => void (points += chunk.t.length), { maxPending: 4 });
    throttled(sim.signal$('v(c0)'), 16).subscribe(() => undefined);
    const status = await sim.run();
    if (status !== 'done') throw new Error(`runtime run ended ${status}`);
    const info = { points, actors: sim.materialisedActors, elements: sim.elementIds().length, watches: memristors.length };
    sim.dispose();
    return info;
  };
  /** CPU seconds of this process (the machine is shared: CPU time is what contention leaves alone). */
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  const measure = async (run) => {
    // Garbage of the previous run is not this run's cost (node --expose-gc).
    globalThis.gc?.();
    const c0 = cpu();
    const t0 = performance.now();
    const info = await run();
    return { cpu: cpu() - c0, wall: (performance.now() - t0) / 1000, info };
  };
  const streaming = async () => {
    const sim = new Simulation(network, registry.lookup, { window: 10e-3 });
    let points = 0;
    for (const probe of outputs) sim.signal$(probe).subscribe((chunk) => void (points += chunk.t.length));
    sim.runUntil(Infinity);
    sim.dispose();
    return { points };
  };
  const variants = [
    ['windows + 64 streams only (runUntil)', streaming],
    ['full runtime, virtual actors (materialised when touched)', full(10e-3, false)],
    ['full runtime, every element actor materialised', full(10e-3, true)],
  ];
  // Warm-up (JIT) of every path, not counted.
  for (let k = 0; k < 2; k++) {
    await bare();
    for (const [, run] of variants) await run();
  }
  const rows = variants.map(() => ({ cpu: [], wall: [] }));
  const bareRow = { cpu: [], wall: [] };
  let info;
  for (let r = 0; r < rounds; r++) {
    const b = await measure(bare);
    bareRow.cpu.push(b.cpu);
    bareRow.wall.push(b.wall);
    for (let v = 0; v < variants.length; v++) {
      const m = await measure(variants[v][1]);
      if (m.info.points !== b.info.points * 64) throw new Error(`the runtime recorded ${m.info.points} points, the bare run ${b.info.points} × 64`);
      rows[v].cpu.push(m.cpu / b.cpu);
      rows[v].wall.push(m.wall / b.wall);
      info = m.info;
    }
  }
  console.log(
    `overhead on crossbar_64 (.tran 1m 2, ${info.elements} elements, 64 outputs): full runtime = Simulation in 10 ms windows, 1 rule actor reading 64 probes per window,` +
      ` ${info.watches} device-event watches, 64 flow-controlled recorders (async run), 1 UI-throttled stream; ${rounds} interleaved rounds after a warm-up${globalThis.gc ? ', gc between runs' : ' (run with node --expose-gc for a gc between runs)'}` +
      `\n  bare kernel: CPU ${median(bareRow.cpu).toFixed(3)} s, wall ${median(bareRow.wall).toFixed(3)} s (medians)`,
  );
  variants.forEach(([label], v) => {
    const pct = (x) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(1)} %`;
    console.log(`  ${label}: overhead CPU ${pct(median(rows[v].cpu))} (rounds ${rows[v].cpu.map(pct).join(', ')}), wall ${pct(median(rows[v].wall))}`);
  });
}

if (!args['skip-sweep']) {
  const name = args['sweep-case'];
  const network = loadNetwork(fixture(name), registry);
  const jobs = Array.from({ length: 16 }, (_, k) => ({ id: `p${k}`, input: { network, set: { 'rc0.r': 5 + k }, outputs: ['v(c0)', 'i(v0)'] } }));
  const results = {};
  const times = { 1: [], 2: [] };
  /** CPU seconds of the whole process (main thread + workers) per run, to show the cores it got. */
  const cpus = { 1: [], 2: [] };
  const cpuNow = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  for (let r = 0; r < Number(args['sweep-rounds']); r++) {
    for (const workers of [1, 2]) {
      const ex = sweepExecutor({ workers });
      // Warm the pool (worker start-up and module loading are not the sweep).
      await ex.run(jobs.slice(0, workers).map((j) => ({ ...j, id: `warm-${j.id}`, input: { ...j.input, analysis: { type: 'op' } } })));
      let outcomes;
      const c0 = cpuNow();
      times[workers].push(await time(async () => (outcomes = await ex.run(jobs))));
      cpus[workers].push(cpuNow() - c0);
      await ex.close();
      const failed = outcomes.filter((o) => !o.ok);
      if (failed.length) throw new Error(`sweep points failed: ${failed.map((o) => `${o.id}: ${o.message}`).join('; ')}`);
      results[workers] = outcomes;
    }
  }
  const same = results[1].every((o, k) => o.result.data.every((col, c) => Buffer.from(col.buffer, col.byteOffset, col.byteLength).equals(Buffer.from(results[2][k].result.data[c].buffer, results[2][k].result.data[c].byteOffset, results[2][k].result.data[c].byteLength))));
  const t1 = Math.min(...times[1]);
  const t2 = Math.min(...times[2]);
  const cores = (w) => times[w].map((t, k) => (cpus[w][k] / t).toFixed(2)).join(', ');
  // Control: the same executor on a pure CPU loop. Where two workers do not speed this up either, the
  // scheduler gives this process a fixed share (a loaded, shared machine), whatever its thread count.
  const control = {};
  for (const workers of [1, 2]) {
    const ex = new PiscinaSweepExecutor({ filename: fileURLToPath(new URL('./lib/busy-worker.mjs', import.meta.url)), workers });
    await ex.run([{ id: 'warm', input: 10 }]);
    control[workers] = await time(() => ex.run(Array.from({ length: 16 }, (_, k) => ({ id: `c${k}`, input: 1e8 }))));
    await ex.close();
  }
  console.log(
    `sweep: 16 points of ${name} (rc0.r = 5..20 Ω), piscina SweepExecutor, best of ${times[1].length}, load average now ${load()}:` +
      `\n  1 worker ${t1.toFixed(2)} s, 2 workers ${t2.toFixed(2)} s: speed-up ×${(t1 / t2).toFixed(2)} (target ≥ 1.7 on 2 free cores); results bit-identical: ${same}` +
      `\n  cores the process got (CPU s / wall s): 1 worker ${cores(1)}; 2 workers ${cores(2)}` +
      `\n  control (16 pure CPU loops, same executor): 1 worker ${control[1].toFixed(2)} s, 2 workers ${control[2].toFixed(2)} s: ×${(control[1] / control[2]).toFixed(2)}`,
  );
}
