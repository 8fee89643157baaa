#!/usr/bin/env node
// A confined plugin model against the same model built in, on the 64×64 crossbar
// (fixtures/bench/crossbar_64.cir, .tran 1m 2): bench/plugin-xspice is nodes' `memristor.xspice`
// rewritten as a third-party package, loaded through the plugin host (SES Compartment in its own
// worker, called through shared memory under the watchdog). Prints the speed ratios (built-in time /
// plugin time; the target is ≥ 0.8) and checks that both runs agree.
//
// Every run is a fresh child process, alternating built-in and plugin, best of N: the first kernel a
// process compiles runs faster than later ones (V8 specialises the kernel's bound passes to the one
// set of arrays it has seen), so two variants timed in one process would favour whichever ran first.
// A child times `simulate` alone, as `memflow run` does for its analysis; loading the plugin is timed
// apart. Two times per run: wall clock, and the process's CPU time (user + system, every thread: the
// plugin worker's included). Spinning while a call is out (ConfinementOptions.spinMs) buys wall time
// with CPU time: both are printed. `--spin-ms=X` sets the spin for the plugin runs.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const outputs = ['v(c0)', 'v(c31)', 'v(c63)', 'i(v0)'];

async function child(variant, spinMs) {
  const { defaultRegistry, loadNetwork } = await import('../core/dist/node/load.js');
  const { loadPlugin, readPluginPackage } = await import('../core/dist/node/plugin-load.js');
  const { simulate } = await import('../core/dist/index.js');
  const file = fileURLToPath(new URL('../fixtures/bench/crossbar_64.cir', import.meta.url));
  const loadStart = performance.now();
  const plugin = await loadPlugin(readPluginPackage(fileURLToPath(new URL('./plugin-xspice', import.meta.url))), { timeoutMs: 10_000, ...(spinMs === undefined ? {} : { spinMs: Number(spinMs) }) });
  const loadMs = performance.now() - loadStart;
  const registry = defaultRegistry(plugin.devices);
  const builtIn = loadNetwork(file, registry);
  const network = variant === 'builtIn' ? builtIn : { ...builtIn, elements: builtIn.elements.map((el) => (el.device === 'memristor.xspice' ? { ...el, device: 'bench.xspice' } : el)) };
  const tran = builtIn.analyses.find((a) => a.type === 'tran');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = simulate(network, registry.lookup, tran, outputs);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  // The fixed cost of one call: one instance, best of three batches.
  let perCall = Infinity;
  if (variant === 'plugin') {
    const model = plugin.devices[0];
    const v = (x) => Float64Array.of(x);
    for (let batch = 0; batch < 3; batch++) {
      const ctx = { n: 1, mode: 'tran', time: 0, dcSources: false, sourceScale: 1, gmin: 0, firstIteration: false, noncon: 0, x: [v(0.7), v(0), v(5000)], p: Object.fromEntries(Object.keys(model.params).map((k) => [k, v(k === 'vt' ? 0.6 : 1000)])), data: [], work: {}, f: [v(0), v(0), v(0)], q: [v(0), v(0), v(0)], df: model.jacobian.map(() => v(0)), dq: [] };
      const t = performance.now();
      for (let k = 0; k < 2000; k++) model.evaluate(ctx);
      perCall = Math.min(perCall, ((performance.now() - t) / 2000) * 1000);
    }
  }
  await plugin.host.close();
  const swapped = network.elements.filter((el) => el.device === 'bench.xspice').length;
  process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000, loadMs, perCall, swapped, columns: result.columns, data: result.data.map((col) => Array.from(col)) }));
}

async function parent() {
  const repeat = Number(arg('repeat', 3));
  const spinMs = arg('spin-ms', undefined);
  const run = (variant) => {
    const args = [fileURLToPath(import.meta.url), `--child=${variant}`, ...(spinMs === undefined ? [] : [`--spin-ms=${spinMs}`])];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`the ${variant} run failed:\n${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const best = { builtIn: { wall: Infinity, cpu: Infinity }, plugin: { wall: Infinity, cpu: Infinity } };
  const last = {};
  for (let k = 0; k < repeat; k++) {
    for (const variant of ['builtIn', 'plugin']) {
      const r = run(variant);
      best[variant].wall = Math.min(best[variant].wall, r.wall);
      best[variant].cpu = Math.min(best[variant].cpu, r.cpu);
      last[variant] = r;
    }
  }
  // The two runs solve the same equations with the same code: they must agree to the bit, or nearly.
  const a = last.builtIn;
  const b = last.plugin;
  if (a.data[0].length !== b.data[0].length) throw new Error(`the runs took different steps: ${a.data[0].length} and ${b.data[0].length} points`);
  let worst = 0;
  for (let c = 1; c < a.columns.length; c++) {
    let scale = 0;
    for (const v of a.data[c]) scale = Math.max(scale, Math.abs(v));
    for (let k = 0; k < a.data[c].length; k++) worst = Math.max(worst, Math.abs(a.data[c][k] - b.data[c][k]) / (scale || 1));
  }
  const s = (ms) => `${(ms / 1000).toFixed(3)} s`;
  console.log(`confined plugin vs built-in on crossbar_64 (${b.swapped} memristors, .tran 1m 2, ${a.data[0].length} points), a fresh process per run, best of ${repeat}, node ${process.version}`);
  console.log(`                                      wall       CPU (all threads)`);
  console.log(`  built-in memristor.xspice          ${s(best.builtIn.wall)}    ${s(best.builtIn.cpu)}`);
  console.log(`  plugin bench.xspice (confined)     ${s(best.plugin.wall)}    ${s(best.plugin.cpu)}   (spin ${spinMs ?? 'default'} ms)`);
  console.log(`  speed ratio (built-in / plugin)    ${(best.builtIn.wall / best.plugin.wall).toFixed(3)}×     ${(best.builtIn.cpu / best.plugin.cpu).toFixed(3)}×   (target ≥ 0.8)`);
  console.log(`  largest difference between runs    ${worst.toExponential(2)} (relative to each output's peak)`);
  console.log(`  loading the plugin                 ${b.loadMs.toFixed(0)} ms (bundle, worker, lockdown, Compartment, declarations)`);
  console.log(`  one call, one instance             ${b.perCall.toFixed(1)} µs (round trip through shared memory)`);
}

const variant = arg('child', undefined);
if (variant) await child(variant, arg('spin-ms', undefined));
else await parent();
