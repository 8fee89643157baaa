/** `somn-reservoir` and `somn-online`: reservoir computing on a nanowire network (core/src/common/somn/{reservoir,online}.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { digitsDataset } from '../../common/learning/data.js';
import { digitsConfig, runDigits } from '../../common/somn/digits.js';
import { join } from 'node:path';
import { linePlotSvg } from '../../common/plot/svg.js';
import { onlineConfig, runOnline } from '../../common/somn/online.js';
import { reservoirConfig, runReservoir, type Paired } from '../../common/somn/reservoir.js';
import type { TaskScore } from '../../common/somn/tasks.js';
import { InputError } from '../errors.js';
import { modeParams, SOMN_SETTINGS, somnKnobs, figureWriter } from './somn-options.js';
import type { Experiment } from './types.js';

export const somnReservoir: Experiment = {
  name: 'somn-reservoir',
  settings: [...SOMN_SETTINGS, 'readouts'],
  title: 'nanowire reservoir: waveform transformation, memory capacity, NARMA-10, Mackey–Glass prediction, digits, against a raw-input readout',
  run(ctx) {
    const name = 'somn-reservoir';
    const k = somnKnobs(ctx, name);
    const base = reservoirConfig({ seed: ctx.seed, quick: ctx.quick });
    const cfg = { ...base, wires: k.wires ?? base.wires, readouts: k.readouts ?? base.readouts, params: modeParams(k) };
    const start = performance.now();
    const r = runReservoir(cfg, (f) => ctx.progress(0.7 * f));
    const dcfg = { ...digitsConfig({ seed: ctx.seed, quick: ctx.quick }), wires: cfg.wires, readouts: cfg.readouts };
    const digits = runDigits(dcfg, digitsDataset(readFileSync(join(ctx.fixtures, 'data', 'digits.csv'), 'utf8'), cfg.seed), (f) => ctx.progress(0.7 + 0.3 * f));
    const seconds = (performance.now() - start) / 1000;
    const { figures, write } = figureWriter(ctx);
    const show = (task: Paired<TaskScore>, label: string, file: string, n = 2000) => {
      const m = Math.min(n, task.network.target.length);
      const x = Array.from({ length: m }, (_, i) => i);
      write(file, linePlotSvg({ title: `${name}: ${label} (test part)`, xLabel: 'sample', yLabel: 'value', series: [
        { name: 'target', x, y: task.network.target.subarray(0, m) },
        { name: `network readout (NMSE ${task.network.nmseTest.toFixed(3)})`, x, y: task.network.prediction.subarray(0, m) },
        { name: `raw-input readout (NMSE ${task.rawInput.nmseTest.toFixed(3)})`, x, y: task.rawInput.prediction.subarray(0, m) },
      ] }));
    };
    show(r.square, 'sine → square', `${name}-square.svg`);
    show(r.doubleFrequency, 'sine → double frequency', `${name}-double.svg`);
    show(r.narma, 'NARMA-10', `${name}-narma10.svg`, 300);
    for (const mg of r.mackeyGlass) {
      const m = Math.min(500, mg.network.target.length);
      const x = Array.from({ length: m }, (_, i) => i);
      write(`${name}-mackey-glass-${mg.horizon}.svg`, linePlotSvg({ title: `${name}: Mackey–Glass ${mg.horizon} sample(s) ahead, test part (legend: NMSE)`, xLabel: 'sample (Δ = ' + cfg.mackeyGlass.sampling + ')', yLabel: 'x', series: [
        { name: 'true x(t + k)', x, y: mg.network.target.subarray(0, m) },
        { name: `network ${mg.network.nmseTest.toPrecision(3)}`, x, y: mg.network.prediction.subarray(0, m) },
        { name: `raw input ${mg.rawInput.nmseTest.toPrecision(3)}`, x, y: mg.rawInput.prediction.subarray(0, m) },
        { name: `${cfg.mackeyGlass.delayLine}-tap line ${mg.delayLine.nmseTest.toPrecision(3)}`, x, y: mg.delayLine.prediction.subarray(0, m) },
      ] }));
    }
    const delays = Array.from(r.memory.network.perDelay, (_, i) => i);
    write(`${name}-memory.svg`, linePlotSvg({ title: `${name}: memory function r²(delay)`, xLabel: 'delay (samples)', yLabel: 'r²', series: [
      { name: `network (MC ${r.memory.network.total.toFixed(2)})`, x: delays, y: r.memory.network.perDelay },
      { name: `raw input (MC ${r.memory.rawInput.total.toFixed(2)})`, x: delays, y: r.memory.rawInput.perDelay },
    ] }));
    const pair = (p: Paired<TaskScore>) => ({ network: p.network.nmseTest, rawInput: p.rawInput.nmseTest, networkTrain: p.network.nmseTrain });
    const report = {
      experiment: name,
      seed: cfg.seed,
      nmse: { square: pair(r.square), doubleFrequency: pair(r.doubleFrequency), narma10: pair(r.narma) },
      mackeyGlass: r.mackeyGlass.map((mg) => ({ horizon: mg.horizon, ...pair(mg), delayLine: mg.delayLine.nmseTest })),
      memoryCapacity: { network: r.memory.network.total, rawInput: r.memory.rawInput.total },
      digits: { network: digits.network, rawInput: digits.rawInput, features: digits.features, train: digits.trainSize, test: digits.testSize, hold: dcfg.hold, gain: dcfg.gain },
      network: { wires: cfg.wires, wiresKept: r.wiresKept, junctions: r.junctions, readoutElectrodes: cfg.readouts, features: r.features },
      setup: { dt: cfg.dt, ridge: cfg.lambda, wave: cfg.wave, memory: cfg.memory, narma: cfg.narma, mackeyGlass: cfg.mackeyGlass },
      seconds,
      figures,
    };
    const row = (label: string, p: Paired<TaskScore>) => `  ${label.padEnd(26)}${p.network.nmseTest.toFixed(3).padStart(9)}${p.rawInput.nmseTest.toFixed(3).padStart(11)}`;
    const summary =
      `${name} (seed ${cfg.seed}): ${r.wiresKept} wires, ${r.junctions} junctions, ${cfg.readouts} readout electrodes (${r.features} features per sample)\n` +
      `  test NMSE                   network  raw input\n` +
      `${row('sine → square', r.square)}\n${row('sine → double frequency', r.doubleFrequency)}\n${row('NARMA-10', r.narma)}\n` +
      r.mackeyGlass.map((mg) => `${row(`Mackey–Glass ${mg.horizon} ahead`, mg)}   (raw ${cfg.mackeyGlass.delayLine}-tap delay line ${mg.delayLine.nmseTest.toPrecision(3)})\n`).join('') +
      `  memory capacity           ${r.memory.network.total.toFixed(2).padStart(9)}${r.memory.rawInput.total.toFixed(2).padStart(11)}\n` +
      `  digits test accuracy      ${(100 * digits.network.test).toFixed(1).padStart(8)}%${(100 * digits.rawInput.test).toFixed(1).padStart(10)}%   (${digits.trainSize} train / ${digits.testSize} test, ${digits.features} signals)\n` +
      `run ${seconds.toFixed(1)} s\n` +
      figures.map((p) => `wrote ${p}\n`).join('');
    return { report, summary };
  },
};

export const somnOnline: Experiment = {
  name: 'somn-online',
  settings: [...SOMN_SETTINGS, 'seconds', 'forgetting'],
  title: 'nanowire reservoir with a readout that learns continually (RLS) while the network evolves',
  run(ctx) {
    const name = 'somn-online';
    const k = somnKnobs(ctx, name);
    const base = onlineConfig({ seed: ctx.seed, quick: ctx.quick });
    if (k.forgetting !== undefined && k.forgetting > 1) throw new InputError(`${name}: --set forgetting=${k.forgetting}: expected a number in (0, 1]`);
    const cfg = { ...base, seconds: k.seconds ?? base.seconds, forgetting: k.forgetting ?? base.forgetting, reservoir: { ...base.reservoir, wires: k.wires ?? base.reservoir.wires, params: modeParams(k) } };
    const start = performance.now();
    const r = runOnline(cfg, (f) => ctx.progress(f));
    const seconds = (performance.now() - start) / 1000;
    const svgPath = join(ctx.outDir, `${name}-error.svg`);
    writeFileSync(svgPath, linePlotSvg({ title: `${name}: a-priori NMSE per ${cfg.window} s window (target switches at ${r.switchAt} s)`, xLabel: 'time (s)', yLabel: 'log10 NMSE', series: [
      { name: 'network readout', x: r.t, y: Array.from(r.network, Math.log10) },
      { name: 'raw-input readout', x: r.t, y: Array.from(r.rawInput, Math.log10) },
    ] }));
    const half = r.t.findIndex((t) => t > r.switchAt);
    const last = (a: Float64Array, to: number) => a[to - 1] ?? NaN;
    const report = {
      experiment: name,
      seed: cfg.reservoir.seed,
      nmse: {
        squareEnd: { network: last(r.network, half), rawInput: last(r.rawInput, half) },
        doubleFrequencyEnd: { network: r.network[r.network.length - 1], rawInput: r.rawInput[r.rawInput.length - 1] },
        afterSwitch: { network: r.network[half], rawInput: r.rawInput[half] },
      },
      windows: { t: Array.from(r.t), network: Array.from(r.network), rawInput: Array.from(r.rawInput) },
      forgetting: cfg.forgetting,
      junctions: r.junctions,
      seconds,
      figures: [svgPath],
    };
    const n = report.nmse;
    const summary =
      `${name} (seed ${cfg.reservoir.seed}): ${r.junctions} junctions, RLS forgetting ${cfg.forgetting}, ${cfg.seconds} s stream, target switches square → double frequency at ${r.switchAt} s\n` +
      `  a-priori NMSE, last window      network  raw input\n` +
      `  square (before the switch)   ${n.squareEnd.network.toFixed(3).padStart(10)}${n.squareEnd.rawInput.toFixed(3).padStart(11)}\n` +
      `  first window after switch    ${n.afterSwitch.network.toFixed(3).padStart(10)}${n.afterSwitch.rawInput.toFixed(3).padStart(11)}\n` +
      `  double frequency (end)       ${n.doubleFrequencyEnd.network.toFixed(3).padStart(10)}${n.doubleFrequencyEnd.rawInput.toFixed(3).padStart(11)}\n` +
      `run ${seconds.toFixed(1)} s\nwrote ${svgPath}\n`;
    return { report, summary };
  },
};
