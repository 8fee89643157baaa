/** `hopfield-cam`: content-addressable memory, memristor Hopfield network vs classical Hebbian Hopfield. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAM_VARIANTS, camConfig, runCam } from '../../common/learning/hopfield/index.js';
import { linePlotSvg } from '../../common/plot/svg.js';
import { classesOption, numberOption } from './options.js';
import type { Experiment } from './types.js';

const LABELS = { hebbian: 'classical Hebbian', memristiveFrozen: 'memristive, frozen weights', memristiveWeightActivation: 'memristive, weight–activation' } as const;

export const hopfieldCam: Experiment = {
  name: 'hopfield-cam',
  settings: ['classes', 'trials'],
  title: 'content-addressable memory of 8×8 digit signs: memristor Hopfield network vs classical Hebbian, accuracy vs corruption',
  run(ctx) {
    const trials = ctx.options.trials === undefined ? undefined : numberOption(ctx, 'trials', 0, (v) => Number.isInteger(v) && v > 0 && v <= 10000, 'an integer in 1…10000');
    const cfg = camConfig({ quick: ctx.quick, seed: ctx.seed, classes: classesOption(ctx), trials });
    const csv = readFileSync(join(ctx.fixtures, 'data', 'digits.csv'), 'utf8');
    const start = performance.now();
    const result = runCam(csv, cfg, { onProgress: (f) => ctx.progress(f) });
    const seconds = (performance.now() - start) / 1000;
    const figure = join(ctx.outDir, 'hopfield-cam-retrieval.svg');
    const x = result.points.map((p) => 100 * p.corruption);
    writeFileSync(
      figure,
      linePlotSvg({
        title: `retrieval of digits ${cfg.classes.join(', ')} (8×8 signs) from corrupted cues`,
        xLabel: 'corrupted bits (%)',
        yLabel: 'cues recalled exactly',
        series: CAM_VARIANTS.map((v) => ({ name: LABELS[v], x, y: result.points.map((p) => p.accuracy[v]) })),
      }),
    );
    const at20 = result.points.find((p) => Math.abs(p.corruption - 0.2) < 1e-9);
    const report = {
      experiment: 'hopfield-cam',
      accuracy: at20 ? { corruption: 0.2, ...at20.accuracy } : undefined,
      bitErrorAt20: at20?.bitError,
      classes: cfg.classes,
      trials: cfg.trials,
      seed: cfg.seed,
      readoutTau: cfg.readoutTau,
      storedStable: result.storedStable,
      points: result.points,
      seconds,
      figures: [figure],
    };
    const rows = result.points.map((p) => `${(100 * p.corruption).toFixed(0).padStart(5)} %  ${CAM_VARIANTS.map((v) => `${(100 * p.accuracy[v]).toFixed(1).padStart(6)} % (${(100 * p.bitError[v]).toFixed(1)} % bits)`).join('  ')}`);
    const summary =
      `hopfield-cam: digits ${cfg.classes.join(', ')} stored in 64 neurons, ${cfg.trials} cues per pattern and level (seed ${cfg.seed})\n` +
      `corrupt  ${CAM_VARIANTS.join(' | ')}  — fraction recalled exactly (mean wrong bits)\n${rows.join('\n')}\n` +
      `stored patterns stable: ${CAM_VARIANTS.map((v) => `${v} ${result.storedStable[v].filter(Boolean).length}/${cfg.classes.length}`).join(', ')}\n` +
      `${seconds.toFixed(1)} s\nwrote ${figure}\n`;
    return { report, summary };
  },
};
