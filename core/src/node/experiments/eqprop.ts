/**
 * The EqProp experiments (core/src/common/learning): eqprop-xor, eqprop-iris, eqprop-digits, each with
 * ideal conductances or, with `--set synapse=<model>`, memristive synapses (eqprop-options.ts).
 * Report: accuracy, per-epoch curve, confusion matrix, pulses; figures: learning curve, test confusion
 * matrix, conductance histograms before and after training.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eqpropDigitsConfig, eqpropEpochs, eqpropIrisConfig, eqpropXorConfig, trainThroughActor, type EqPropConfig, type EqPropResult } from '../../common/learning/index.js';
import { linePlotSvg } from '../../common/plot/svg.js';
import { heatMapSvg, histogramSvg } from '../../common/plot/grid.js';
import { eqpropPoolEpochs } from '../learning/pool.js';
import { applyEqPropOptions, EQPROP_KEYS } from './eqprop-options.js';
import type { Experiment, ExperimentContext, ExperimentResult } from './types.js';

/**
 * Trains in this thread (jobs = 1) or on a pool, through the training actor (common/learning/actor.ts);
 * the results are the same bits. `onProgress` gets the actor snapshots' progress in [0, 1].
 */
export async function trainWith(cfg: EqPropConfig, jobs: number, onProgress?: (fraction: number) => void): Promise<EqPropResult> {
  const loop = jobs > 1 ? eqpropPoolEpochs(cfg, { threads: jobs }) : eqpropEpochs(cfg);
  return trainThroughActor(loop, cfg.epochs, (s) => onProgress?.(s.context.progress));
}

/** Writes the learning curve, confusion matrix and conductance histograms; returns their paths. */
export function writeEqPropFigures(name: string, outDir: string, cfg: EqPropConfig, r: EqPropResult): string[] {
  const ep = r.epochs.map((s) => s.epoch);
  const curve = join(outDir, `${name}-learning-curve.svg`);
  writeFileSync(
    curve,
    linePlotSvg({
      title: `${name}: learning curve`,
      xLabel: 'epoch',
      yLabel: 'accuracy / loss (×10)',
      series: [
        { name: 'train accuracy', x: ep, y: r.epochs.map((s) => s.trainAccuracy) },
        { name: 'test accuracy', x: ep, y: r.epochs.map((s) => s.testAccuracy) },
        { name: 'loss ×10', x: ep, y: r.epochs.map((s) => 10 * s.loss) },
      ],
    }),
  );
  const confusion = join(outDir, `${name}-confusion.svg`);
  const labels = Array.from({ length: cfg.data.classes }, (_, k) => String(k));
  writeFileSync(
    confusion,
    heatMapSvg({ title: `${name}: test confusion matrix`, rowLabel: 'true class', colLabel: 'predicted class', rows: labels, cols: labels, values: r.confusion, format: (v) => String(v) }),
  );
  const hist = join(outDir, `${name}-conductances.svg`);
  writeFileSync(
    hist,
    histogramSvg({
      title: `${name}: synapse conductances (S), range [${r.gmin.toExponential(2)}, ${r.gmax.toExponential(2)}]`,
      xLabel: 'conductance (S)',
      series: [
        { name: 'initial', values: r.initialConductances },
        { name: 'trained', values: r.conductances },
      ],
      log: true,
    }),
  );
  return [curve, confusion, hist];
}

function eqpropExperiment(name: string, title: string, preset: (ctx: ExperimentContext) => EqPropConfig): Experiment {
  return {
    name,
    title,
    settings: EQPROP_KEYS,
    async run(ctx): Promise<ExperimentResult> {
      const { cfg, jobs, synapse, range } = applyEqPropOptions(preset(ctx), ctx.options);
      const start = performance.now();
      const result = await trainWith(cfg, jobs, (f) => ctx.progress(f));
      const seconds = (performance.now() - start) / 1000;
      const last = result.epochs[result.epochs.length - 1];
      const nominalRange = result.gmax / result.gmin;
      // memristive runs get their own figure names, so an ideal run's figures are not overwritten
      const stem = synapse === 'ideal' ? name : `${name}-${synapse}-r${Number((range ?? nominalRange).toPrecision(3))}`;
      const figures = writeEqPropFigures(stem, ctx.outDir, cfg, result);
      const report = {
        experiment: name,
        accuracy: { train: last.trainAccuracy, test: last.testAccuracy },
        epochs: cfg.epochs,
        seconds,
        seed: cfg.seed,
        synapse,
        range: synapse === 'ideal' ? null : (range ?? nominalRange),
        rule: cfg.rule ?? 'squared',
        optimiser: typeof cfg.optimiser === 'object' ? cfg.optimiser.name : (cfg.optimiser ?? ((cfg.momentum ?? 0) > 0 ? 'momentum' : 'sgd')),
        jobs,
        train: cfg.data.train.length,
        test: cfg.data.test.length,
        solves: result.solves,
        pulses: result.pulses,
        samplesPerSecond: (cfg.epochs * cfg.data.train.length) / Math.max(1e-9, result.trainSeconds),
        confusion: result.confusion,
        curve: result.epochs,
        figures,
      };
      const rows = result.epochs.map(
        (s) => `${String(s.epoch).padStart(5)}  ${s.loss.toExponential(3).padStart(10)}  ${(100 * s.trainAccuracy).toFixed(1).padStart(6)}  ${(100 * s.testAccuracy).toFixed(1).padStart(6)}`,
      );
      const syn = synapse === 'ideal' ? 'ideal conductances' : `memristive synapses: ${synapse}, Roff/Ron ${report.range!.toPrecision(3)}, ${result.pulses} pulses`;
      const summary =
        `${name} (seed ${cfg.seed}, ${cfg.data.train.length} train / ${cfg.data.test.length} test, ${syn}, rule ${report.rule}, ${report.optimiser})\n` +
        `epoch        loss  train%   test%\n${rows.join('\n')}\n` +
        `final: train ${(100 * last.trainAccuracy).toFixed(1)} %, test ${(100 * last.testAccuracy).toFixed(1)} %, ${seconds.toFixed(2)} s, ${result.solves} operating points\n` +
        figures.map((f) => `wrote ${f}\n`).join('');
      return { report, summary };
    },
  };
}

const text = (ctx: ExperimentContext, file: string) => readFileSync(join(ctx.fixtures, 'data', file), 'utf8');

export const eqpropXor = eqpropExperiment('eqprop-xor', 'EqProp on an EBANA circuit learning XOR (--set synapse=<model> for memristive synapses)', (ctx) =>
  eqpropXorConfig({ epochs: ctx.epochs ?? (ctx.quick ? 150 : undefined), seed: ctx.seed }),
);

export const eqpropIris = eqpropExperiment('eqprop-iris', 'EqProp on an EBANA circuit classifying Iris (--set synapse=<model> for memristive synapses)', (ctx) =>
  eqpropIrisConfig(text(ctx, 'iris.csv'), { epochs: ctx.epochs ?? (ctx.quick ? 3 : undefined), seed: ctx.seed }),
);

export const eqpropDigits = eqpropExperiment('eqprop-digits', 'EqProp on an EBANA circuit classifying 8×8 digits (--set synapse=<model> for memristive synapses)', (ctx) =>
  eqpropDigitsConfig(text(ctx, 'digits.csv'), { epochs: ctx.epochs ?? (ctx.quick ? 1 : undefined), seed: ctx.seed, ...(ctx.quick ? { trainSize: 100, hidden: 10 } : {}) }),
);
