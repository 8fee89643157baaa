#!/usr/bin/env node
// A confined plugin model against the same model built in, on the 64×64 crossbar
// (fixtures/bench/crossbar_64.cir, .tran 1m 2): bench/plugin-xspice is nodes' `memristor.xspice`
// rewritten as a third-party package, loaded through the plugin host (SES Compartment in its own
// worker, called through shared memory under the watchdog). Same process, interleaved runs, best of N.
// Prints the speed ratios (built-in time / plugin time; the target is ≥ 0.8) and checks both runs agree.
//
// Two times per run: wall clock, and the process's CPU time (user + system, every thread: the plugin
// worker's included; a thread asleep in Atomics.wait uses none). On a loaded machine the wall ratio
// flatters the plugin: the simulation thread sleeps during every plugin call and the scheduler wakes it
// ahead of the busy threads, while the built-in run, never asleep, waits its turn among them. The CPU
// ratio is the work done, load or no load; it leaves out only the wake-up latency of each call.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { defaultRegistry, loadNetwork } from '../core/dist/node/load.js';
import { loadPlugin, readPluginPackage } from '../core/dist/node/plugin-load.js';
import { simulate } from '../core/dist/index.js';

const repeat = Number(process.argv.find((a) => a.startsWith('--repeat='))?.slice(9) ?? 3);
const file = fileURLToPath(new URL('../fixtures/bench/crossbar_64.cir', import.meta.url));
const loadStart = performance.now();
const plugin = await loadPlugin(readPluginPackage(fileURLToPath(new URL('./plugin-xspice', import.meta.url))), { timeoutMs: 10_000 });
const loadMs = performance.now() - loadStart;
const registry = defaultRegistry(plugin.devices);
const builtIn = loadNetwork(file, registry);
const confined = { ...builtIn, elements: builtIn.elements.map((el) => (el.device === 'memristor.xspice' ? { ...el, device: 'bench.xspice' } : el)) };
const swapped = confined.elements.filter((el) => el.device === 'bench.xspice').length;
const tran = builtIn.analyses.find((a) => a.type === 'tran');
const outputs = ['v(c0)', 'v(c31)', 'v(c63)', 'i(v0)'];

const times = { builtIn: Infinity, plugin: Infinity };
const cpu = { builtIn: Infinity, plugin: Infinity };
const results = {};
for (let k = 0; k < repeat; k++) {
  for (const [label, network] of [['builtIn', builtIn], ['plugin', confined]]) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    results[label] = simulate(network, registry.lookup, tran, outputs);
    times[label] = Math.min(times[label], performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[label] = Math.min(cpu[label], (c.user + c.system) / 1000);
  }
}
// The fixed cost of one call: one instance, best of three batches.
const one = (model) => {
  const v = (x) => Float64Array.of(x);
  return { n: 1, mode: 'tran', time: 0, dcSources: false, sourceScale: 1, gmin: 0, firstIteration: false, noncon: 0, x: [v(0.7), v(0), v(5000)], p: Object.fromEntries(Object.keys(model.params).map((k) => [k, v(k === 'vt' ? 0.6 : 1000)])), data: [], work: {}, f: [v(0), v(0), v(0)], q: [v(0), v(0), v(0)], df: model.jacobian.map(() => v(0)), dq: [] };
};
let perCall = Infinity;
for (let batch = 0; batch < 3; batch++) {
  const ctx = one(plugin.devices[0]);
  const t0 = performance.now();
  for (let k = 0; k < 2000; k++) plugin.devices[0].evaluate(ctx);
  perCall = Math.min(perCall, ((performance.now() - t0) / 2000) * 1000);
}
await plugin.host.close();

// The two runs solve the same equations with the same code: they must agree to the bit, or nearly.
let worst = 0;
const a = results.builtIn;
const b = results.plugin;
if (a.data[0].length !== b.data[0].length) throw new Error(`the runs took different steps: ${a.data[0].length} and ${b.data[0].length} points`);
for (let c = 1; c < a.columns.length; c++) {
  let scale = 0;
  for (const v of a.data[c]) scale = Math.max(scale, Math.abs(v));
  for (let k = 0; k < a.data[c].length; k++) worst = Math.max(worst, Math.abs(a.data[c][k] - b.data[c][k]) / (scale || 1));
}

const s = (ms) => `${(ms / 1000).toFixed(3)} s`;
console.log(`confined plugin vs built-in on crossbar_64 (${swapped} memristors, .tran 1m 2, ${a.data[0].length} points), best of ${repeat}, node ${process.version}`);
console.log(`                                      wall       CPU (all threads)`);
console.log(`  built-in memristor.xspice          ${s(times.builtIn)}    ${s(cpu.builtIn)}`);
console.log(`  plugin bench.xspice (confined)     ${s(times.plugin)}    ${s(cpu.plugin)}`);
console.log(`  speed ratio (built-in / plugin)    ${(times.builtIn / times.plugin).toFixed(3)}×     ${(cpu.builtIn / cpu.plugin).toFixed(3)}×   (target ≥ 0.8)`);
console.log(`  largest difference between runs    ${worst.toExponential(2)} (relative to each output's peak)`);
console.log(`  loading the plugin                 ${loadMs.toFixed(0)} ms (bundle, worker, lockdown, Compartment, declarations)`);
console.log(`  one call, one instance             ${perCall.toFixed(1)} µs (round trip through shared memory)`);
