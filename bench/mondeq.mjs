#!/usr/bin/env node
// Training throughput of the resistor–diode monDEQ (core/src/common/learning/mondeq), in samples per
// second on one core (this process is single-threaded): the circuit-simulation path (operating point +
// hardware-linearised adjoint circuit per sample) against the pure splitting path (Peaceman–Rachford +
// dense implicit gradient), same data, seed and configuration, in one process. Prints the ratio;
// asserts nothing. First, the accuracy that goes with the speed: on 20 samples of each data set, at the
// initial parameters, the circuit's operating point against the splitting equilibrium and the hardware
// gradient against the implicit gradient (and finite differences on one sample), for the ReLU (ideal
// diode) and the diode-ReLU (non-ideal diode) networks.
//
//   node bench/mondeq.mjs [--quick] [--repeat K] [--epochs N]
//
// Each path is warmed up (JIT) on a few batches first, and the repeats alternate circuit and splitting
// so that both see the same load on a shared machine; the best of the K repeats is reported.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { mondeq, Prng } from '../core/dist/index.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, repeat: { type: 'string' }, epochs: { type: 'string' } } });
const repeat = Number(values.repeat ?? 3);
// Iris has 105 training samples: ten epochs so that one timing is not a few milliseconds.
const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
const fixture = (name) => readFileSync(new URL(`../fixtures/data/${name}`, import.meta.url), 'utf8');

const cases = [
  ['digits', mondeq.mondeqDigitsConfig(fixture('digits.csv'), { quick: values.quick, epochs: epochs ?? 1 })],
  ['iris', mondeq.mondeqIrisConfig(fixture('iris.csv'), { quick: values.quick, epochs: epochs ?? 10 })],
];

console.log('agreement of the circuit path with the references (20 samples; FD: 40 entries of sample 0)');
console.log(`${'data'.padEnd(8)}${'activation'.padStart(12)}${'max |Δz|'.padStart(12)}${'hw vs implicit'.padStart(16)}${'hw vs FD'.padStart(12)}${'implicit vs FD'.padStart(16)}${'FD kinks'.padStart(10)}`);
for (const [name, cfg] of cases) {
  for (const activation of [mondeq.reluActivation(), mondeq.diodeActivation()]) {
    const p = mondeq.initParams({ nIn: cfg.data.features, n: cfg.hidden, nOut: cfg.data.classes }, new Prng(cfg.seed));
    const circuit = new mondeq.MonDeqCircuit(p, activation);
    let dz = 0;
    let hw = 0;
    let fd;
    cfg.data.train.slice(0, 20).forEach((s, k) => {
      const a = mondeq.agreement(p, activation, s.x, s.label, { circuit, fdCount: k === 0 ? 40 : 0, seed: 1 });
      dz = Math.max(dz, a.fixedPointMaxAbs);
      hw = Math.max(hw, a.hardwareVsImplicit);
      if (k === 0) fd = a;
    });
    const e = (v) => v.toExponential(1);
    console.log(`${name.padEnd(8)}${activation.name.padStart(12)}${e(dz).padStart(12)}${e(hw).padStart(16)}${e(fd.hardwareVsFd).padStart(12)}${e(fd.implicitVsFd).padStart(16)}${String(fd.fdKinks).padStart(10)}`);
  }
}
console.log('');

function throughputs(cfg) {
  const warm = { ...cfg, epochs: 1, data: { ...cfg.data, train: cfg.data.train.slice(0, 4 * cfg.batch), test: cfg.data.test.slice(0, 8) } };
  mondeq.trainMonDeq({ ...warm, path: 'circuit' });
  mondeq.trainMonDeq({ ...warm, path: 'splitting' });
  const best = { circuit: 0, splitting: 0 };
  const last = {};
  for (let k = 0; k < repeat; k++)
    for (const path of ['circuit', 'splitting']) {
      last[path] = mondeq.trainMonDeq({ ...cfg, path });
      best[path] = Math.max(best[path], last[path].samplesPerSecond);
    }
  return { c: { best: best.circuit, result: last.circuit }, s: { best: best.splitting, result: last.splitting } };
}

console.log(`monDEQ training throughput, best of ${repeat} (alternating paths), node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (single-threaded: samples/s = samples/s/core)`);
console.log(`${'data'.padEnd(8)}${'neurons'.padStart(8)}${'batch'.padStart(7)}${'train'.padStart(7)}${'epochs'.padStart(7)}${'circuit /s'.padStart(13)}${'splitting /s'.padStart(15)}${'splitting/circuit ×'.padStart(22)}${'loss circuit'.padStart(15)}${'loss splitting'.padStart(16)}`);
for (const [name, cfg] of cases) {
  const { c, s } = throughputs(cfg);
  // The two paths compute the same gradients (to ~1e-9), so their losses after training should agree
  // closely; printed so a fast path that computes something else would show.
  console.log(
    `${name.padEnd(8)}${String(cfg.hidden).padStart(8)}${String(cfg.batch).padStart(7)}${String(cfg.data.train.length).padStart(7)}${String(cfg.epochs).padStart(7)}` +
      `${c.best.toFixed(0).padStart(13)}${s.best.toFixed(0).padStart(15)}${(s.best / c.best).toFixed(1).padStart(22)}` +
      `${c.result.final.train.loss.toFixed(4).padStart(15)}${s.result.final.train.loss.toFixed(4).padStart(16)}`,
  );
}
