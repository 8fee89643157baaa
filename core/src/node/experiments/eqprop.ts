/** The EqProp experiments (core/src/common/learning): per-epoch table and a learning curve. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eqpropIrisConfig, eqpropXorConfig, runEqProp, type EqPropConfig } from '../../common/learning/index.js';
import { linePlotSvg } from '../../common/plot/svg.js';
import type { Experiment, ExperimentContext, ExperimentResult } from './types.js';

function eqpropExperiment(name: string, title: string, config: (ctx: ExperimentContext) => EqPropConfig): Experiment {
  return {
    name,
    title,
    run(ctx): ExperimentResult {
      const cfg = config(ctx);
      const start = performance.now();
      const result = runEqProp(cfg, { onEpoch: (s) => ctx.progress(s.epoch / Math.max(1, cfg.epochs)) });
      const seconds = (performance.now() - start) / 1000;
      const last = result.epochs[result.epochs.length - 1];
      const svgPath = join(ctx.outDir, `${name}-learning-curve.svg`);
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
      const rows = result.epochs.map(
        (s) => `${String(s.epoch).padStart(5)}  ${s.loss.toExponential(3).padStart(10)}  ${(100 * s.trainAccuracy).toFixed(1).padStart(6)}  ${(100 * s.testAccuracy).toFixed(1).padStart(6)}`,
      );
      const summary =
        `${name} (seed ${cfg.seed}, ${cfg.data.train.length} train / ${cfg.data.test.length} test)\nepoch        loss  train%   test%\n${rows.join('\n')}\n` +
        `final: train ${(100 * last.trainAccuracy).toFixed(1)} %, test ${(100 * last.testAccuracy).toFixed(1)} %, ${seconds.toFixed(2)} s, ${result.solves} operating points\nwrote ${svgPath}\n`;
      return { report, summary };
    },
  };
}

export const eqpropXor = eqpropExperiment('eqprop-xor', 'EqProp on an EBANA circuit learning XOR', (ctx) => eqpropXorConfig({ epochs: ctx.epochs, seed: ctx.seed }));

export const eqpropIris = eqpropExperiment('eqprop-iris', 'EqProp on an EBANA circuit classifying Iris', (ctx) =>
  eqpropIrisConfig(readFileSync(join(ctx.fixtures, 'data', 'iris.csv'), 'utf8'), { epochs: ctx.epochs, seed: ctx.seed }),
);
