/**
 * `zoppo-reconstruction` and `zoppo-digits`: continuous-time learning in memristor recurrent networks
 * (core/src/common/learning/zoppo): recurrent back-propagation with an analog side network and
 * equilibrium propagation through the network's own dynamics.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digitsDataset } from '../../common/learning/data.js';
import { digitPrototypes } from '../../common/learning/hopfield/index.js';
import { runDigits, runReconstruction, type LearningRule, type ReconstructionResult, type TrainConfig } from '../../common/learning/zoppo/index.js';
import { linePlotSvg } from '../../common/plot/svg.js';
import { InputError } from '../errors.js';
import { classesOption, numberOption } from './options.js';
import type { Experiment, ExperimentContext } from './types.js';

function ruleOption(ctx: ExperimentContext, fallback: LearningRule): LearningRule {
  const r = ctx.options.rule ?? fallback;
  if (r !== 'eqprop' && r !== 'rbp') throw new InputError(`--set rule=${r}: expected eqprop or rbp`);
  return r;
}

export const zoppoReconstruction: Experiment = {
  name: 'zoppo-reconstruction',
  settings: ['classes', 'hidden', 'eta', 'beta', 'rule'],
  title: 'memristor RNN learning in continuous time (recurrent back-prop and EqProp): reconstruct 8×8 digit signs from corrupted cues vs Hebbian Hopfield',
  run(ctx) {
    const quick = ctx.quick;
    const classes = classesOption(ctx) ?? (quick ? [0, 2, 4] : [0, 1, 2, 3, 4]);
    const epochs = ctx.epochs ?? (quick ? 12 : 30);
    const seed = ctx.seed ?? 1;
    const hidden = numberOption(ctx, 'hidden', quick ? 8 : 16, (v) => Number.isInteger(v) && v >= 0 && v <= 256, 'an integer in 0…256');
    const eta = numberOption(ctx, 'eta', 0.002, (v) => v > 0 && v < 1, 'a number in (0, 1)');
    const beta = numberOption(ctx, 'beta', 0.2, (v) => v > 0 && v <= 2, 'a number in (0, 2]');
    const patterns = digitPrototypes(readFileSync(join(ctx.fixtures, 'data', 'digits.csv'), 'utf8'), classes);
    const testCorruption = [0, 0.1, 0.2, 0.3, 0.4];
    const rules: LearningRule[] = ctx.options.rule ? [ruleOption(ctx, 'eqprop')] : ['eqprop', 'rbp'];
    const start = performance.now();
    const results: ReconstructionResult[] = rules.map((rule, r) => {
      const train: TrainConfig = { rule, eta, beta, phaseTau: 4, dt: 0.5, epochs, seed };
      return runReconstruction(patterns, { hidden, train, cuesPerPattern: quick ? 6 : 10, maxCorruption: 0.3, testCorruption, testCues: quick ? 8 : 40 }, (e) =>
        ctx.progress((r + e.epoch / epochs) / rules.length),
      );
    });
    const seconds = (performance.now() - start) / 1000;
    const errorFig = join(ctx.outDir, 'zoppo-reconstruction-error.svg');
    const x = testCorruption.map((f) => 100 * f);
    writeFileSync(
      errorFig,
      linePlotSvg({
        title: `reconstruction of digits ${classes.join(', ')} from corrupted cues`,
        xLabel: 'corrupted bits (%)',
        yLabel: 'wrong bits after recall (fraction)',
        series: [
          ...results.map((r) => ({ name: `memristor RNN, ${r.rule}`, x, y: r.points.map((p) => p.rnnError) })),
          { name: 'Hebbian Hopfield', x, y: results[0].points.map((p) => p.hebbianError) },
        ],
      }),
    );
    const curveFig = join(ctx.outDir, 'zoppo-reconstruction-learning.svg');
    writeFileSync(
      curveFig,
      linePlotSvg({
        title: 'reconstruction: training cost per epoch (free phase)',
        xLabel: 'epoch',
        yLabel: 'mean cost',
        series: results.map((r) => ({ name: r.rule, x: r.curve.map((c) => c.epoch), y: r.curve.map((c) => c.loss) })),
      }),
    );
    const at = (r: ReconstructionResult, f: number) => r.points.find((p) => Math.abs(p.corruption - f) < 1e-9)!;
    const report = {
      experiment: 'zoppo-reconstruction',
      reconstructionErrorAt20: { ...Object.fromEntries(results.map((r) => [r.rule, at(r, 0.2).rnnError])), hebbian: at(results[0], 0.2).hebbianError },
      exactAt20: { ...Object.fromEntries(results.map((r) => [r.rule, at(r, 0.2).rnnExact])), hebbian: at(results[0], 0.2).hebbianExact },
      classes,
      hidden,
      epochs,
      eta,
      beta,
      seed,
      results: results.map((r) => ({ rule: r.rule, firstLoss: r.curve[0].loss, finalLoss: r.curve[r.curve.length - 1].loss, points: r.points })),
      seconds,
      figures: [errorFig, curveFig],
    };
    const rows = testCorruption.map(
      (f) => `${(100 * f).toFixed(0).padStart(5)} %  ${results.map((r) => (100 * at(r, f).rnnError).toFixed(2).padStart(8)).join('  ')}  ${(100 * at(results[0], f).hebbianError).toFixed(2).padStart(8)}`,
    );
    const summary =
      `zoppo-reconstruction: digits ${classes.join(', ')} (64 visible + ${hidden} hidden memristor neurons), ${epochs} epochs, seed ${seed}\n` +
      `training cost: ${results.map((r) => `${r.rule} ${r.curve[0].loss.toFixed(3)} → ${r.curve[r.curve.length - 1].loss.toFixed(4)}`).join(', ')}\n` +
      `corrupt  wrong bits (%): ${results.map((r) => r.rule.padStart(8)).join('  ')}   Hebbian\n${rows.join('\n')}\n` +
      `${seconds.toFixed(1)} s\nwrote ${errorFig}\nwrote ${curveFig}\n`;
    return { report, summary };
  },
};

export const zoppoDigits: Experiment = {
  name: 'zoppo-digits',
  settings: ['rule', 'hidden', 'eta', 'etaDecay', 'beta'],
  title: 'memristor RNN learning in continuous time (EqProp or recurrent back-prop) classifying 8×8 digits',
  run(ctx) {
    const quick = ctx.quick;
    const seed = ctx.seed ?? 1;
    const epochs = ctx.epochs ?? (quick ? 2 : 10);
    const rule = ruleOption(ctx, 'eqprop');
    const hidden = numberOption(ctx, 'hidden', quick ? 24 : 40, (v) => Number.isInteger(v) && v >= 1 && v <= 512, 'an integer in 1…512');
    const eta = numberOption(ctx, 'eta', 0.003, (v) => v > 0 && v < 1, 'a number in (0, 1)');
    const beta = numberOption(ctx, 'beta', 0.3, (v) => v > 0 && v <= 2, 'a number in (0, 2]');
    const etaDecay = numberOption(ctx, 'etaDecay', 0.3, (v) => v >= 0 && v <= 10, 'a number in [0, 10]');
    const data = digitsDataset(readFileSync(join(ctx.fixtures, 'data', 'digits.csv'), 'utf8'), seed);
    const trainSize = quick ? 300 : undefined;
    const start = performance.now();
    const { curve } = runDigits(data, { hidden, trainSize, train: { rule, eta, etaDecay, beta, phaseTau: 4, dt: 0.5, epochs, seed } }, (e) => ctx.progress(e.epoch / epochs));
    const seconds = (performance.now() - start) / 1000;
    const last = curve[curve.length - 1];
    const fig = join(ctx.outDir, 'zoppo-digits-learning-curve.svg');
    const ep = curve.map((c) => c.epoch);
    writeFileSync(
      fig,
      linePlotSvg({
        title: `zoppo-digits (${rule}): learning curve`,
        xLabel: 'epoch',
        yLabel: 'accuracy / cost (÷10)',
        series: [
          { name: 'train accuracy', x: ep, y: curve.map((c) => c.trainAccuracy) },
          { name: 'test accuracy', x: ep, y: curve.map((c) => c.testAccuracy) },
          { name: 'cost ÷10', x: ep, y: curve.map((c) => c.loss / 10) },
        ],
      }),
    );
    const report = {
      experiment: 'zoppo-digits',
      accuracy: { train: last.trainAccuracy, test: last.testAccuracy },
      rule,
      hidden,
      epochs,
      eta,
      etaDecay,
      beta,
      seed,
      trainSamples: trainSize ?? data.train.length,
      testSamples: data.test.length,
      curve,
      seconds,
      figures: [fig],
    };
    const rows = curve.map((c) => `${String(c.epoch).padStart(5)}  ${c.loss.toFixed(4).padStart(8)}  ${(100 * c.trainAccuracy).toFixed(1).padStart(6)}  ${(100 * c.testAccuracy).toFixed(1).padStart(6)}`);
    const summary =
      `zoppo-digits (${rule}, ${hidden} hidden + 10 output memristor neurons, ${trainSize ?? data.train.length} train / ${data.test.length} test, seed ${seed})\n` +
      `epoch      cost  train%   test%\n${rows.join('\n')}\nfinal: train ${(100 * last.trainAccuracy).toFixed(1)} %, test ${(100 * last.testAccuracy).toFixed(1)} %, ${seconds.toFixed(1)} s\nwrote ${fig}\n`;
    return { report, summary };
  },
};
