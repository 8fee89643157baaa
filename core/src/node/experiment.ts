/**
 * `memflow experiment list` and `memflow experiment run NAME [--json] [--quick] [--epochs N] [--seed N]
 * [--out DIR] [--set key=value ...]`. The experiments themselves are in ./experiments/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from './errors.js';
import { EXPERIMENTS } from './experiments/index.js';
import { progressBar } from './progress.js';

export interface ExperimentIo {
  out(text: string): void;
}

function nonNegativeInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new InputError(`--${name} must be a non-negative integer, got '${text}'`);
  return v;
}

function keyValues(pairs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new InputError(`--set expects key=value, got '${p}'`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

export function experimentList(): string {
  const width = Math.max(...EXPERIMENTS.map((e) => e.name.length));
  return EXPERIMENTS.map((e) => `  ${e.name.padEnd(width)}  ${e.title}`).join('\n') + '\n';
}

export async function cmdExperiment(args: string[], io: ExperimentIo, fixtures: string): Promise<number> {
  const names = EXPERIMENTS.map((e) => e.name).join('|');
  const usage = `usage: memflow experiment list | memflow experiment run ${names} [--json] [--quick] [--epochs N] [--seed N] [--out DIR] [--set key=value ...]`;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      set: { type: 'string', multiple: true },
    },
  });
  if (positionals[0] === 'list' && positionals.length === 1) {
    io.out(experimentList());
    return 0;
  }
  if (positionals.length !== 2 || positionals[0] !== 'run') throw new InputError(usage);
  const experiment = EXPERIMENTS.find((e) => e.name === positionals[1]);
  if (!experiment) throw new InputError(`unknown experiment '${positionals[1]}'; the experiments are:\n${experimentList()}${usage}`);
  const settings = keyValues(values.set);
  for (const key of Object.keys(settings)) {
    if (experiment.settings.includes(key)) continue;
    const takes = experiment.settings.length > 0 ? `it takes ${experiment.settings.join(', ')}` : 'it takes no --set options';
    throw new InputError(`${experiment.name}: unknown option --set ${key}=…; ${takes}`);
  }
  const outDir = values.out ?? join('out', 'experiments');
  mkdirSync(outDir, { recursive: true });
  const bar = progressBar(experiment.name);
  try {
    const { report, summary } = await experiment.run({
      fixtures,
      outDir,
      seed: nonNegativeInt('seed', values.seed),
      epochs: nonNegativeInt('epochs', values.epochs),
      quick: values.quick === true,
      options: settings,
      progress: (f) => bar.update(f),
    });
    bar.done();
    io.out(values.json ? JSON.stringify(report, null, 2) + '\n' : summary);
    return 0;
  } catch (err) {
    bar.done();
    throw err;
  }
}
