#!/usr/bin/env node
// Nanowire-network simulation speed: SomnSim steps per second for 100, 1,000 and 5,000-wire networks
// (10,000 steps each, 1 ms steps, a 1.25 V 0.5 Hz sine between the two electrodes), and the fitted
// scaling exponent of the cost per step against the junction count (least squares of log(s/step) on
// log(junctions)); 1 = linear. Timings on a shared machine are noisy: compare the exponent, not the
// absolute numbers. Also a peer run: the general MNA kernel (fixed 1 ms steps, Newton on voltages and
// states together) on the 100-wire network, 1,000 steps, against SomnSim in the same process.
// Asserts nothing. Usage: npm run bench:somn [-- --steps N] [-- --sizes 100,1000]
import { performance } from 'node:perf_hooks';
import { builtinDevices } from '../nodes/dist/index.js';
import { buildNanowireSim, compileSystem, DeviceRegistry, Kernel, resolveOptions, transient } from '../core/dist/index.js';

const args = process.argv.slice(2);
const stepsArg = args.indexOf('--steps');
const steps = stepsArg >= 0 ? Number(args[stepsArg + 1]) : 10000;
const sizesArg = args.indexOf('--sizes');
const sizes = sizesArg >= 0 ? args[sizesArg + 1].split(',').map(Number) : [100, 1000, 5000];
const sine = (t) => 1.25 * Math.sin(2 * Math.PI * 0.5 * t);

// Peer: the kernel's transient on the 100-wire network, 1,000 fixed steps, vs SomnSim on the same.
{
  const peerSteps = 1000;
  const { gen, sim } = buildNanowireSim({ wires: 100, junctionsPerWire: 2.6, seed: 1, dt: 1e-3 });
  const network = {
    ...gen.network,
    options: { fixedstep: 1, tmax: 1e-3 },
    elements: [
      ...gen.network.elements,
      { id: 'vs', device: 'vsource', nodes: ['e1', '0'], source: { dc: 0, wave: { type: 'sin', vo: 0, va: 1.25, freq: 0.5, td: 0, theta: 0, phase: 0 } } },
      { id: 'vg', device: 'vsource', nodes: ['e2', '0'], source: { dc: 0 } },
    ],
  };
  const kernel = new Kernel(compileSystem(network, new DeviceRegistry(builtinDevices).lookup), resolveOptions(network.options));
  const c0 = process.cpuUsage();
  const stats = transient(kernel, { tstep: 1e-3, tstop: peerSteps * 1e-3, uic: true }, { onPoint() {} });
  const c1 = process.cpuUsage(c0);
  for (let s = 0; s < peerSteps; s++) sim.step([sine(sim.time + sim.dt), 0]);
  const c2 = process.cpuUsage(c0);
  const kernelCpu = (c1.user + c1.system) / 1e6;
  const simCpu = (c2.user + c2.system) / 1e6 - kernelCpu;
  console.log(`peer (100 wires, ${gen.stats.junctions} junctions, ${peerSteps} steps of 1 ms): kernel transient ${kernelCpu.toFixed(3)} CPU s (${stats.accepted} accepted steps), SomnSim ${simCpu.toFixed(3)} CPU s: SomnSim ${(kernelCpu / simCpu).toFixed(1)}x faster`);
}

const rows = [];
for (const wires of sizes) {
  const { gen, sim } = buildNanowireSim({ wires, junctionsPerWire: 2.6, seed: 1, dt: 1e-3 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) sim.step([sine(sim.time + sim.dt), 0]);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rows.push({ wires, kept: gen.stats.wiresKept, junctions: gen.stats.junctions, steps, wall, cpu: cpuSeconds, stepsPerSecond: steps / wall, stepsPerCpuSecond: steps / cpuSeconds, stateIterationsPerStep: sim.stateIterations / steps });
  console.error(`  ${wires} wires done (${wall.toFixed(1)} s)`);
}
function slope(xs, ys) {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
  });
  return sxy / sxx;
}
const lj = rows.map((r) => Math.log(r.junctions));
const wallExp = -slope(lj, rows.map((r) => Math.log(r.stepsPerSecond)));
const cpuExp = -slope(lj, rows.map((r) => Math.log(r.stepsPerCpuSecond)));
const wireExp = -slope(rows.map((r) => Math.log(r.wires)), rows.map((r) => Math.log(r.stepsPerSecond)));
console.log(`somn bench: ${steps} steps per network, node ${process.version}`);
console.log('wires  kept  junctions   steps/s (wall)  steps/s (CPU)  BE iterations/step');
for (const r of rows) console.log(`${String(r.wires).padStart(5)} ${String(r.kept).padStart(5)} ${String(r.junctions).padStart(10)} ${r.stepsPerSecond.toFixed(0).padStart(15)} ${r.stepsPerCpuSecond.toFixed(0).padStart(14)} ${r.stateIterationsPerStep.toFixed(2).padStart(19)}`);
if (rows.length >= 2) console.log(`cost per step ~ junctions^${wallExp.toFixed(2)} (wall), ^${cpuExp.toFixed(2)} (CPU); steps/s ~ wires^-${wireExp.toFixed(2)}`);
console.log(JSON.stringify({ steps, rows, exponent: { wallVsJunctions: wallExp, cpuVsJunctions: cpuExp, wallVsWires: wireExp } }));
