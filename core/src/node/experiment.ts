/** `memflow experiment run NAME [--json] [--epochs N] [--seed N] [--out DIR]`: the EqProp experiments. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPERIMENT_NAMES, eqpropIrisConfig, eqpropXorConfig, runEqProp, type EpochStats, type EqPropConfig, type ExperimentName } from '../common/learning/index.js';
import { linePlotSvg } from '../common/plot/svg.js';
import { pathwayConfig, pathwayReport, pathwaySummary, pathwaySvg, runPathway } from '../common/somn/index.js';
import { InputError } from './errors.js';
import { progressBar } from './progress.js';

export interface ExperimentIo {
  out(text: string): void;
}

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new InputError(`--${name} must be a non-negative integer, got '${text}'`);
  return v;
}

function configFor(name: ExperimentName, fixtures: string, epochs?: number, seed?: number): EqPropConfig {
  if (name === 'eqprop-xor') return eqpropXorConfig({ epochs, seed });
  return eqpropIrisConfig(readFileSync(join(fixtures, 'data', 'iris.csv'), 'utf8'), { epochs, seed });
}

export function cmdExperiment(args: string[], io: ExperimentIo, fixtures: string): number {
  const usage = `usage: memflow experiment run ${[...EXPERIMENT_NAMES, 'somn-pathway'].join('|')} [--json] [--epochs N] [--seed N] [--out DIR]`;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, epochs: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length !== 2 || positionals[0] !== 'run') throw new InputError(usage);
  if (positionals[1] === 'somn-pathway') return somnPathway(io, values.json === true, positiveInt('seed', values.seed), values.out);
  const name = positionals[1] as ExperimentName;
  if (!EXPERIMENT_NAMES.includes(name)) throw new InputError(`unknown experiment '${positionals[1]}'; ${usage}`);
  const cfg = configFor(name, fixtures, positiveInt('epochs', values.epochs), positiveInt('seed', values.seed));
  const bar = progressBar(name);
  const start = performance.now();
  const result = runEqProp(cfg, { onEpoch: (s: EpochStats) => bar.update(s.epoch / Math.max(1, cfg.epochs)) });
  bar.done();
  const seconds = (performance.now() - start) / 1000;
  const last = result.epochs[result.epochs.length - 1];
  const dir = values.out ?? join('out', 'experiments');
  mkdirSync(dir, { recursive: true });
  const svgPath = join(dir, `${name}-learning-curve.svg`);
  const ep = result.epochs.map((s) => s.epoch);
  writeFileSync(
    svgPath,
    linePlotSvg({
      title: `${name}: learning curve`,
      xLabel: 'epoch',
      yLabel: 'accuracy / loss (×10)',
      series: [
        { name: 'train accuracy', x: ep, y: result.epochs.map((s) => s.trainAccuracy) },
        { name: 'test accuracy', x: ep, y: result.epochs.map((s) => s.testAccuracy) },
        { name: 'loss ×10', x: ep, y: result.epochs.map((s) => 10 * s.loss) },
      ],
    }),
  );
  const report = {
    experiment: name,
    accuracy: { train: last.trainAccuracy, test: last.testAccuracy },
    epochs: cfg.epochs,
    seconds,
    seed: cfg.seed,
    solves: result.solves,
    curve: result.epochs,
    figures: [svgPath],
  };
  if (values.json) {
    io.out(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const rows = result.epochs.map((s) => `${String(s.epoch).padStart(5)}  ${s.loss.toExponential(3).padStart(10)}  ${(100 * s.trainAccuracy).toFixed(1).padStart(6)}  ${(100 * s.testAccuracy).toFixed(1).padStart(6)}`);
  io.out(
    `${name} (seed ${cfg.seed}, ${cfg.data.train.length} train / ${cfg.data.test.length} test)\nepoch        loss  train%   test%\n${rows.join('\n')}\n` +
      `final: train ${(100 * last.trainAccuracy).toFixed(1)} %, test ${(100 * last.testAccuracy).toFixed(1)} %, ${seconds.toFixed(2)} s, ${result.solves} operating points\nwrote ${svgPath}\n`,
  );
  return 0;
}

/** `somn-pathway`: DC bias on a seeded nanowire network (core/src/common/somn/pathway.ts). */
function somnPathway(io: ExperimentIo, json: boolean, seed: number | undefined, out: string | undefined): number {
  const bar = progressBar('somn-pathway');
  const start = performance.now();
  const result = runPathway(pathwayConfig({ seed }), { onProgress: (f) => bar.update(f) });
  bar.done();
  const seconds = (performance.now() - start) / 1000;
  const dir = out ?? join('out', 'experiments');
  mkdirSync(dir, { recursive: true });
  const svgPath = join(dir, 'somn-pathway-conductance.svg');
  writeFileSync(svgPath, pathwaySvg(result));
  const report = { ...pathwayReport(result), seconds, figures: [svgPath] };
  io.out(json ? JSON.stringify(report, null, 2) + '\n' : pathwaySummary(report, seconds) + `wrote ${svgPath}\n`);
  return 0;
}
