/**
 * `mondeq-digits`, `mondeq-iris`: a resistor–diode monDEQ trained in circuit simulation with
 * hardware-linearised gradients (core/src/common/learning/mondeq), then checked at the trained
 * parameters: circuit operating point vs splitting equilibrium, hardware gradient vs implicit gradient
 * (and finite differences on one sample).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  agreement,
  MonDeqCircuit,
  monDeqNetwork,
  MONDEQ_KNOBS,
  MonDeqOptionError,
  mondeqDigitsConfig,
  mondeqIrisConfig,
  splittingLoss,
  trainMonDeq,
  type MonDeqExperimentOverrides,
  type MonDeqTrainConfig,
} from '../../common/learning/mondeq/index.js';
import { monDeqEpochs } from '../../common/learning/mondeq/train.js';
import { trainThroughActor } from '../../common/learning/actor.js';
import { heatMapSvg } from '../../common/plot/grid.js';
import { linePlotSvg } from '../../common/plot/svg.js';
import { InputError } from '../errors.js';
import type { Experiment, ExperimentContext, ExperimentResult } from './types.js';

const pct = (v: number) => (100 * v).toFixed(1);

function checks(cfg: MonDeqTrainConfig, result: ReturnType<typeof trainMonDeq>, quick: boolean) {
  const activation = cfg.activation!;
  const samples = cfg.data.test.slice(0, quick ? 5 : 50);
  const circuit = new MonDeqCircuit(result.params, activation);
  let fixedPointMaxAbs = 0;
  let hardwareVsImplicit = 0;
  for (const s of samples) {
    const a = agreement(result.params, activation, s.x, s.label, { circuit });
    fixedPointMaxAbs = Math.max(fixedPointMaxAbs, a.fixedPointMaxAbs);
    hardwareVsImplicit = Math.max(hardwareVsImplicit, a.hardwareVsImplicit);
  }
  // Finite differences on the checked sample with the largest loss: a well-classified sample's gradient
  // can be as small as the differences' noise floor (1e-16·ℓ/h).
  const losses = samples.map((s) => splittingLoss(result.params, activation, s.x, s.label));
  const s0 = samples[losses.indexOf(Math.max(...losses))];
  const fd = agreement(result.params, activation, s0.x, s0.label, { circuit, fdCount: quick ? 10 : 60, seed: cfg.seed });
  return {
    samples: samples.length,
    fixedPointMaxAbs,
    gradientHardwareVsImplicitMaxRel: hardwareVsImplicit,
    fdEntries: fd.fdEntries,
    fdKinks: fd.fdKinks,
    gradientHardwareVsFdMaxRel: fd.hardwareVsFd,
    gradientImplicitVsFdMaxRel: fd.implicitVsFd,
  };
}

function mondeqExperiment(name: string, title: string, file: string, make: (csv: string, o: MonDeqExperimentOverrides) => MonDeqTrainConfig): Experiment {
  return {
    name,
    title,
    settings: MONDEQ_KNOBS,
    async run(ctx: ExperimentContext): Promise<ExperimentResult> {
      let cfg: MonDeqTrainConfig;
      try {
        cfg = make(readFileSync(join(ctx.fixtures, 'data', file), 'utf8'), { epochs: ctx.epochs, seed: ctx.seed, quick: ctx.quick, options: ctx.options });
      } catch (e) {
        if (e instanceof MonDeqOptionError) throw new InputError(`${name}: ${e.message}`);
        throw e;
      }
      const start = performance.now();
      const total = Math.max(1, cfg.epochs);
      // Trained through the training actor; the progress bar follows its snapshots.
      const result = await trainThroughActor(monDeqEpochs(cfg), total, (s) => ctx.progress(0.9 * s.context.progress));
      const agree = checks(cfg, result, ctx.quick);
      ctx.progress(1);
      const seconds = (performance.now() - start) / 1000;
      const ep = [0, ...result.epochs.map((e) => e.epoch)];
      const curvePath = join(ctx.outDir, `${name}-learning-curve.svg`);
      writeFileSync(
        curvePath,
        linePlotSvg({
          title: `${name}: ${cfg.path} path, ${cfg.activation!.name}, ${cfg.hidden} neurons`,
          xLabel: 'epoch',
          yLabel: 'accuracy / training loss',
          series: [
            { name: 'train accuracy', x: ep, y: [result.initial.train.accuracy, ...result.epochs.map((e) => e.trainAccuracy)] },
            { name: 'test accuracy', x: ep, y: [result.initial.test.accuracy, ...result.epochs.map((e) => e.testAccuracy)] },
            { name: 'training loss', x: ep, y: [result.initial.train.loss, ...result.epochs.map((e) => e.loss)] },
          ],
        }),
      );
      const confusionPath = join(ctx.outDir, `${name}-confusion.svg`);
      const labels = result.final.test.confusion.map((_, k) => String(k));
      writeFileSync(
        confusionPath,
        heatMapSvg({
          title: `${name}: test confusion matrix (${pct(result.final.test.accuracy)} %)`,
          rowLabel: 'true class',
          colLabel: 'predicted class',
          rows: labels,
          cols: labels,
          values: result.final.test.confusion,
          format: (v) => String(v),
        }),
      );
      // The trained circuit as a memflow network (first test sample applied): `memflow run` solves it.
      const networkPath = join(ctx.outDir, `${name}-circuit.json`);
      writeFileSync(networkPath, JSON.stringify(monDeqNetwork(result.params, cfg.activation!, cfg.data.test[0].x)));
      const report = {
        experiment: name,
        accuracy: { train: result.final.train.accuracy, test: result.final.test.accuracy },
        epochs: cfg.epochs,
        seconds,
        seed: cfg.seed,
        path: cfg.path,
        activation: cfg.activation!.name,
        hidden: cfg.hidden,
        batch: cfg.batch,
        lr: cfg.lr,
        trainSamples: cfg.data.train.length,
        testSamples: cfg.data.test.length,
        loss: { initial: result.initial.train.loss, final: result.final.train.loss },
        samplesPerSecond: result.samplesPerSecond,
        agreement: agree,
        curve: result.epochs,
        confusion: result.final.test.confusion,
        network: networkPath,
        figures: [curvePath, confusionPath],
      };
      const rows = result.epochs.map(
        (e) => `${String(e.epoch).padStart(5)}  ${e.loss.toExponential(3).padStart(10)}  ${pct(e.trainAccuracy).padStart(6)}  ${pct(e.testAccuracy).padStart(6)}`,
      );
      const summary =
        `${name} (${cfg.path} path, ${cfg.activation!.name}, ${cfg.hidden} neurons, seed ${cfg.seed}, ${cfg.data.train.length} train / ${cfg.data.test.length} test)\n` +
        `epoch        loss  train%   test%\n${rows.join('\n')}\n` +
        `final: train ${pct(result.final.train.accuracy)} %, test ${pct(result.final.test.accuracy)} %, ${seconds.toFixed(1)} s, ${result.samplesPerSecond.toFixed(0)} training samples/s\n` +
        `checks at the trained parameters (${agree.samples} test samples): circuit OP vs splitting max |Δz| = ${agree.fixedPointMaxAbs.toExponential(2)}, ` +
        `hardware vs implicit gradient max rel ${agree.gradientHardwareVsImplicitMaxRel.toExponential(2)}; ` +
        `vs finite differences (${agree.fdEntries} entries, ${agree.fdKinks} left out at kinks): hardware ${agree.gradientHardwareVsFdMaxRel.toExponential(2)}, implicit ${agree.gradientImplicitVsFdMaxRel.toExponential(2)}\n` +
        `wrote ${curvePath}\nwrote ${confusionPath}\nwrote ${networkPath} (the trained circuit, first test sample applied; memflow run solves it)\n`;
      return { report, summary };
    },
  };
}

export const mondeqDigits = mondeqExperiment(
  'mondeq-digits',
  'resistor–diode monDEQ on digits, trained in circuit simulation with hardware-linearised gradients',
  'digits.csv',
  mondeqDigitsConfig,
);

export const mondeqIris = mondeqExperiment(
  'mondeq-iris',
  'resistor–diode monDEQ on Iris, trained in circuit simulation with hardware-linearised gradients',
  'iris.csv',
  mondeqIrisConfig,
);
