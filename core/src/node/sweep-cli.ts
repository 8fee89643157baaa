/**
 * `memflow sweep FILE --param NAME.PARAM=START:STOP:COUNT [--param ...] [--workers N] --out DIR`: the
 * grid of every combination of the swept parameters, one job per point on the piscina SweepExecutor;
 * one CSV per point (point-0001.csv ...) and summary.csv (the point's parameters, status and the final
 * value of each output). Results do not depend on the number of workers. Plugin devices work too: each
 * pool worker loads, confined, the plugins the network uses when its first job needs them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseSpiceNumber } from '@memflow/plugin-sdk';
import { join } from 'node:path';
import type { DeviceRegistry } from '../common/compiler/index.js';
import type { Network } from '../common/network/types.js';
import { compileSystem } from '../common/solver/system.js';
import { withParams, type SweepJob, type SweepOutcome, type SweepPointInput, type SweepPointResult } from '../common/sweep/index.js';
import { InputError } from './errors.js';
import { progressBar } from './progress.js';
import { resultToCsv } from './csv.js';
import { sweepExecutor, type SweepPlugins } from './sweep/index.js';
import { loadNetwork } from './load.js';
import { discoverPlugins } from './plugins/discover.js';
import { NO_PLUGINS, readWithPlugins } from './plugins/used.js';

export interface SweepAxis {
  readonly key: string;
  readonly values: number[];
}

/** `r1.r=1k:10k:10` → 10 evenly spaced values from 1e3 to 1e4 (SPICE suffixes allowed). */
export function parseAxis(text: string, parseValue: (s: string) => number): SweepAxis {
  const m = /^([^=\s]+\.[^=\s]+)=([^:]+):([^:]+):(\d+)$/.exec(text.trim());
  if (!m) throw new InputError(`--param '${text}': write ELEMENT.PARAM=START:STOP:COUNT, e.g. r1.r=1k:10k:10`);
  const [start, stop] = [parseValue(m[2]), parseValue(m[3])];
  const count = Number(m[4]);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new InputError(`--param '${text}': START and STOP must be numbers`);
  if (count < 1) throw new InputError(`--param '${text}': COUNT must be at least 1`);
  const values = Array.from({ length: count }, (_, k) => (count === 1 ? start : start + ((stop - start) * k) / (count - 1)));
  return { key: m[1].toLowerCase(), values };
}

/** Every combination, the first axis varying slowest. */
export function grid(axes: readonly SweepAxis[]): Record<string, number>[] {
  let points: Record<string, number>[] = [{}];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.key]: v })));
  return points;
}

export async function runSweep(
  network: Network,
  registry: DeviceRegistry,
  axes: readonly SweepAxis[],
  options: { workers: number; out: string; timeoutMs?: number; quiet?: boolean; plugins?: SweepPlugins },
): Promise<SweepOutcome<SweepPointResult>[]> {
  if (axes.length === 0) throw new InputError('give at least one --param ELEMENT.PARAM=START:STOP:COUNT');
  const points = grid(axes);
  // Bad names or values fail here, once, as input errors, rather than in every worker.
  for (const p of [points[0], points[points.length - 1]]) compileSystem(withParams(network, p), registry.lookup);
  const jobs: SweepJob<SweepPointInput>[] = points.map((set, k) => ({ id: `point-${String(k + 1).padStart(4, '0')}`, input: { network, set } }));
  const bar = options.quiet ? undefined : progressBar(`sweep of ${jobs.length} points`);
  const executor = sweepExecutor({ workers: options.workers, timeoutMs: options.timeoutMs, plugins: options.plugins });
  let outcomes: SweepOutcome<SweepPointResult>[];
  try {
    outcomes = await executor.run(jobs, { onOutcome: (_, done, total) => bar?.update(done / total) });
  } finally {
    bar?.done();
    await executor.close();
  }
  mkdirSync(options.out, { recursive: true });
  const columns = outcomes.find((o) => o.ok)?.result.columns.slice(1) ?? [];
  const header = ['point', ...axes.map((a) => a.key), 'status', ...columns.map((c) => `final ${c}`), 'message'];
  const rows = [header.join(',')];
  outcomes.forEach((o, k) => {
    const values = axes.map((a) => points[k][a.key].toExponential(12));
    if (o.ok) {
      writeFileSync(join(options.out, `${o.id}.csv`), resultToCsv({ analysis: 'tran', columns: o.result.columns, data: o.result.data, stats: { factorizations: 0, unknowns: 0 } }));
      rows.push([o.id, ...values, 'ok', ...o.result.data.slice(1).map((d) => d[d.length - 1].toExponential(12)), ''].join(','));
    } else rows.push([o.id, ...values, o.kind, ...columns.map(() => ''), JSON.stringify(o.message)].join(','));
  });
  writeFileSync(join(options.out, 'summary.csv'), rows.join('\n') + '\n');
  return outcomes;
}

const USAGE = 'usage: memflow sweep FILE --param ELEMENT.PARAM=START:STOP:COUNT [--param ...] [--workers N] [--timeout S] [--plugins DIR ...] --out DIR';

/** Exit 0 when every point ran; 1 when some failed (each is in summary.csv with its message). */
export async function cmdSweep(args: string[], io: { out(text: string): void; err(text: string): void }): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      param: { type: 'string', multiple: true },
      workers: { type: 'string' },
      timeout: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      plugins: { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1 || !values.out) throw new InputError(USAGE);
  const workers = values.workers === undefined ? 1 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`--workers must be a positive integer, got '${values.workers}'`);
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new InputError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  const axes = (values.param ?? []).map((p) => parseAxis(p, (s) => parseSpiceNumber(s) ?? Number.NaN));
  const run = { workers, out: values.out, timeoutMs: timeout === undefined ? undefined : timeout * 1000, quiet: values.quiet };
  let outcomes: SweepOutcome<SweepPointResult>[];
  if (!values.plugins?.length && discoverPlugins().length === 0) {
    const { network, registry } = await readWithPlugins(NO_PLUGINS, (r) => loadNetwork(positionals[0], r));
    outcomes = await runSweep(network, registry, axes, run);
  } else {
    // The network's plugins are loaded here (to check the points) and by each pool worker on its own.
    const [{ PluginCatalog }, { pluginWorkerFile }] = await Promise.all([import('./plugin-catalog.js'), import('./plugins/host.js')]);
    const plugins = PluginCatalog.read({ dirs: values.plugins ?? [], onSkip: (m) => io.err(`warning: ${m}\n`) });
    try {
      const { network, registry } = await readWithPlugins(plugins, (r) => loadNetwork(positionals[0], r));
      const dirs = plugins.loaded.map((l) => l.plugin.dir);
      outcomes = await runSweep(network, registry, axes, { ...run, plugins: dirs.length ? { dirs, workerFile: pluginWorkerFile() } : undefined });
    } finally {
      await plugins.close();
    }
  }
  const failed = outcomes.filter((o) => !o.ok);
  for (const o of failed) if (!o.ok) io.err(`${o.id}: ${o.kind}: ${o.message}\n`);
  if (!values.quiet) io.out(`sweep: ${outcomes.length - failed.length} of ${outcomes.length} points ran on ${workers} worker${workers > 1 ? 's' : ''}; ${join(values.out, 'summary.csv')}\n`);
  return failed.length > 0 ? 1 : 0;
}
