/**
 * `eqprop-range`: the Döll et al. question — does EqProp with memristive synapses converge once the
 * device's range Roff/Ron reaches about an order of magnitude? For every model × range × data set it
 * trains with memristive synapses (same seed, set-up and pulses calibrated per device) and compares
 * with the ideal-conductance run of the same set-up.
 *
 * A run counts as converged when its training loss fell below its initial loss and its final training
 * accuracy is at least 90 % of the ideal run's.
 *
 * Set-ups: Iris as eqprop-iris (20 epochs); digits reduced to keep the grid a CLI run of minutes — the
 * first 500 training samples, 20 hidden nodes, 5 epochs, tested on the full 450 test samples.
 * `--quick`: two models, ranges 2 and 10, Iris 2 epochs on 30 samples and digits 1 epoch on 40.
 * Options: --set models=hp,team,... ranges=2,3,... datasets=iris,digits jobs=N (threads per batch).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYNAPSE_MODELS, eqpropDigitsConfig, eqpropIrisConfig, memristiveSpec, type EqPropConfig } from '../../common/learning/index.js';
import { heatMapSvg } from '../../common/plot/grid.js';
import { InputError } from '../errors.js';
import { trainWith } from './eqprop.js';
import { positiveInt } from './eqprop-options.js';
import type { Experiment, ExperimentContext } from './types.js';

export const RANGES = [2, 3, 5, 10, 30, 100];
const DATASETS = ['iris', 'digits'] as const;
type DatasetName = (typeof DATASETS)[number];

function list(options: Readonly<Record<string, string>>, key: string, fallback: readonly string[]): string[] {
  return options[key] === undefined ? [...fallback] : options[key].split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function presetFor(ctx: ExperimentContext, dataset: DatasetName): EqPropConfig {
  const seed = ctx.seed;
  if (dataset === 'iris') {
    const cfg = eqpropIrisConfig(readFileSync(join(ctx.fixtures, 'data', 'iris.csv'), 'utf8'), { seed, epochs: ctx.epochs ?? (ctx.quick ? 2 : undefined) });
    return ctx.quick ? { ...cfg, data: { ...cfg.data, train: cfg.data.train.slice(0, 30) } } : cfg;
  }
  const csv = readFileSync(join(ctx.fixtures, 'data', 'digits.csv'), 'utf8');
  const cfg = eqpropDigitsConfig(csv, ctx.quick ? { seed, epochs: ctx.epochs ?? 1, trainSize: 40, hidden: 8 } : { seed, epochs: ctx.epochs ?? 5, trainSize: 500, hidden: 20 });
  return ctx.quick ? { ...cfg, data: { ...cfg.data, test: cfg.data.test.slice(0, 50) } } : cfg;
}

export interface RangeCell {
  readonly dataset: DatasetName;
  readonly model: string;
  readonly range: number;
  readonly train: number;
  readonly test: number;
  readonly converged: boolean;
  readonly pulses: number;
  /** Read-conductance range of the nominal device as calibrated (G_on/G_off). */
  readonly measuredRange: number;
}

export const eqpropRange: Experiment = {
  name: 'eqprop-range',
  settings: ['models', 'ranges', 'datasets', 'jobs'],
  title: 'EqProp with memristive synapses over device models and Roff/Ron ranges (Döll et al.): accuracy and convergence',
  async run(ctx) {
    const models = list(ctx.options, 'models', ctx.quick ? ['hp', 'vteam'] : SYNAPSE_MODELS);
    for (const m of models) if (!SYNAPSE_MODELS.includes(m)) throw new InputError(`--set models: unknown model '${m}'; choose from ${SYNAPSE_MODELS.join(', ')}`);
    const ranges = list(ctx.options, 'ranges', (ctx.quick ? [2, 10] : RANGES).map(String)).map((t) => {
      const r = Number(t);
      if (!(Number.isFinite(r) && r > 1)) throw new InputError(`--set ranges: '${t}' is not a range Roff/Ron > 1`);
      return r;
    });
    const datasets = list(ctx.options, 'datasets', DATASETS) as DatasetName[];
    for (const d of datasets) if (!DATASETS.includes(d)) throw new InputError(`--set datasets: unknown data set '${d}'; choose from ${DATASETS.join(', ')}`);
    const jobs = positiveInt(ctx.options, 'jobs') ?? 1;
    const start = performance.now();
    const total = datasets.length * (1 + models.length * ranges.length);
    let done = 0;
    const cells: RangeCell[] = [];
    const ideal: Record<string, { train: number; test: number }> = {};
    const figures: string[] = [];
    const tables: string[] = [];
    for (const dataset of datasets) {
      const base = presetFor(ctx, dataset);
      const ref = await trainWith(base, jobs);
      const refLast = ref.epochs[ref.epochs.length - 1];
      ideal[dataset] = { train: refLast.trainAccuracy, test: refLast.testAccuracy };
      ctx.progress(++done / total);
      for (const model of models)
        for (const range of ranges) {
          const cfg: EqPropConfig = { ...base, synapse: memristiveSpec(model, { range }) };
          const r = await trainWith(cfg, jobs);
          const first = r.epochs[0];
          const last = r.epochs[r.epochs.length - 1];
          cells.push({
            dataset,
            model,
            range,
            train: last.trainAccuracy,
            test: last.testAccuracy,
            converged: last.loss < first.loss && last.trainAccuracy >= 0.9 * refLast.trainAccuracy,
            pulses: r.pulses,
            measuredRange: r.gmax / r.gmin,
          });
          ctx.progress(++done / total);
        }
      const of = (m: string, rg: number) => cells.find((c) => c.dataset === dataset && c.model === m && c.range === rg)!;
      const svg = join(ctx.outDir, `eqprop-range-${dataset}.svg`);
      writeFileSync(
        svg,
        heatMapSvg({
          title: `${dataset}: test accuracy with memristive synapses (✗ = not converged; ideal ${(100 * refLast.testAccuracy).toFixed(1)} %)`,
          rowLabel: 'device model',
          colLabel: 'Roff/Ron',
          rows: models,
          cols: ranges.map(String),
          values: models.map((m) => ranges.map((rg) => of(m, rg).test)),
          marks: models.map((m) => ranges.map((rg) => (of(m, rg).converged ? '' : ' ✗'))),
          min: 0,
          max: 1,
          format: (v) => (100 * v).toFixed(0),
        }),
      );
      figures.push(svg);
      const head = `${dataset} (ideal: train ${(100 * refLast.trainAccuracy).toFixed(1)} %, test ${(100 * refLast.testAccuracy).toFixed(1)} %) — test % (✗ = not converged)\n` + `model    ${ranges.map((r) => String(r).padStart(7)).join('')}\n`;
      const body = models.map((m) => `${m.padEnd(8)} ${ranges.map((rg) => `${(100 * of(m, rg).test).toFixed(1)}${of(m, rg).converged ? ' ' : '✗'}`.padStart(7)).join('')}`).join('\n');
      tables.push(head + body + '\n');
    }
    const summaryOf = (pred: (c: RangeCell) => boolean) => {
      const sel = cells.filter(pred);
      return { runs: sel.length, converged: sel.filter((c) => c.converged).length, meanTest: sel.reduce((a, c) => a + c.test, 0) / Math.max(1, sel.length) };
    };
    const claim = Object.fromEntries(
      datasets.map((d) => [d, { below10: summaryOf((c) => c.dataset === d && c.range < 10), atLeast10: summaryOf((c) => c.dataset === d && c.range >= 10) }]),
    );
    const seconds = (performance.now() - start) / 1000;
    const report = {
      experiment: 'eqprop-range',
      accuracy: { train: cells.reduce((a, c) => a + c.train, 0) / cells.length, test: cells.reduce((a, c) => a + c.test, 0) / cells.length },
      epochs: Object.fromEntries(datasets.map((d) => [d, presetFor(ctx, d).epochs])),
      seconds,
      seed: ctx.seed ?? null,
      models,
      ranges,
      ideal,
      claim,
      cells,
      figures,
    };
    const claimText = datasets
      .map((d) => {
        const c = claim[d];
        return `${d}: converged ${c.below10.converged}/${c.below10.runs} runs with Roff/Ron < 10 (mean test ${(100 * c.below10.meanTest).toFixed(1)} %), ${c.atLeast10.converged}/${c.atLeast10.runs} with Roff/Ron ≥ 10 (mean test ${(100 * c.atLeast10.meanTest).toFixed(1)} %)`;
      })
      .join('\n');
    const summary = `${tables.join('\n')}\n${claimText}\n${seconds.toFixed(1)} s\n${figures.map((f) => `wrote ${f}\n`).join('')}`;
    return { report, summary };
  },
};
