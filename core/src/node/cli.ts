/**
 * `memflow` command line. Exit codes: 0 success, 1 internal error, 2 bad input, 3 no convergence,
 * 4 a plugin failed its checks, 5 a plugin faulted during a run (the points before it are kept).
 * User mistakes print one line (`file:line:col: message`), never a stack trace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DeviceModel } from '@memflow/plugin-sdk';
import type { DeviceRegistry } from '../common/compiler/index.js';
import type { Network } from '../common/network/types.js';
import { simulate, type SimulationResult } from '../common/solver/simulate.js';
import { measureAll, measuredOutputs } from '../common/network/measure.js';
import { describeError, InputError } from './errors.js';
import { resultToCsv } from './csv.js';
import { defaultRegistry, isJsonNetworkFile, loadSpiceNetwork } from './load-spice.js';
import { PluginError } from './plugin-error.js';
import { discoverPlugins } from './plugins/discover.js';
import { NO_PLUGINS, readWithPlugins, type Plugins } from './plugins/used.js';
import { SimulationFault } from '../common/solver/fault.js';
// Everything `memflow run` on a netlist does not need is imported when used: other commands (learning,
// SOMN, sweeps, characterisation, model docs, plugin tooling), the JSON network validator (zod,
// jsonc-parser), plots, and the plugin host (semver, esbuild, workers) when no plugin is installed. The
// bundle splits them into chunks, so a run starts without parsing them.
import { progressBar } from './progress.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

const HELP = `memflow — simulate memristive neural networks

Usage:
  memflow run FILE [--csv OUT] [--plot OUT.svg] [--json] [--quiet] [--plugins DIR ...]
                               run the analyses of a SPICE netlist or memflow JSON network;
                               --json prints each analysis' final values and .meas results as JSON;
                               --plugins adds the devices of the plugin packages in DIR (or DIR itself);
                               plugins in the user directory ($MEMFLOW_PLUGINS_DIR, else
                               $XDG_DATA_HOME/memflow/plugins, else ~/.memflow/plugins) and npm
                               dependencies with a "memflow" manifest are found too; a plugin's code
                               is loaded, confined (SES Compartment in its own worker, watchdog
                               $MEMFLOW_PLUGIN_TIMEOUT_MS), only when the circuit uses one of its devices
  memflow run FILE --until T --snapshot S [--csv OUT]
                               run the transient through the live runtime to T and save its whole
                               state in S (the CSV has the rows up to there)
  memflow resume S [--csv OUT] [--until T] [--snapshot S2]
                               continue a snapshot; its CSV rows follow those of the run exactly
  memflow sweep FILE --param ELEMENT.PARAM=START:STOP:COUNT [--param ...] [--workers N] [--timeout S]
                         [--plugins DIR ...] --out DIR
                               every combination on a worker pool (plugin devices load in each worker
                               that needs them): a CSV per point
                               and summary.csv (same results for any N; failed points are listed, exit 1)
  memflow demo [--out DIR]     run the built-in example (memristor hysteresis) and write CSV + SVG
  memflow export FILE --to spice|json [--out FILE] [--plugins DIR ...]
                               convert a network between SPICE and memflow.network/v1 JSON
  memflow models [MODEL ...] [--json] [--docs DIR] [--plugins DIR ...]
                               list the device models (or the MODELs named, by id or level): SPICE
                               spelling, parameters, states, citation; --docs writes one Markdown page
                               per model (devices = alias)
  memflow characterise MODEL [--param k=v ...] [--amp V] [--freq f1,f2,...] [--cycles N]
                         [--out DIR] [--jobs N] [--json] [--plugins DIR ...]
                               I–V loop of a two-terminal model (id or SPICE level, e.g. hp) under a
                               sine at each frequency (in parallel): CSV + SVG per frequency,
                               an overlay SVG and summary.json in DIR (default out/characterise)
  memflow experiment list      the experiments, one line each
  memflow experiment run NAME [--json] [--quick] [--epochs N] [--seed N] [--out DIR] [--set key=value ...]
                               run an experiment (EqProp training, nanowire pathway, ...): a summary
                               table, or --json for the figures; reports and SVGs in DIR
                               (default out/experiments); --quick runs a small configuration
  memflow generate nanowire --wires N --length MEAN,STD --size W,H [--seed S] [--electrodes E1,E2,...]
                         [--junction DEVICE] [--param k=v ...] --out FILE
                               random nanowire network (largest connected component, one junction device
                               per crossing) as memflow.network/v1 JSON; an electrode is a wire index or
                               a point X:Y (nearest wire); default: the leftmost and rightmost wires;
                               --variability SIGMA:P1,P2 draws each junction's P1, P2 lognormal (seeded);
                               --plugins DIR lets --junction name a plugin device
  memflow generate grid --rows R --cols C [--diagonals P] [--seed S] [--electrodes R:C,...] ...
                               regular (P = 0) or random-diagonal grid of junctions (Milano set-up)
  memflow session start SPEC --dir DIR | resume DIR | status DIR | pause DIR | export DIR --format csv|parquet
                               long-running learning sessions (online EqProp, a nanowire reservoir's
                               readout): checkpointed, resumable after a crash, metrics in SQLite,
                               waveforms in Arrow files (docs/sessions.md)
  memflow schema               print the JSON Schema of memflow.network/v1
  memflow plugin check DIR     validate a plugin package: manifest, code against manifest, conformance
                               suite per device (exit 0 all pass, 4 a check failed, 2 bad manifest)
  memflow plugin new NAME [--dir DIR]
                               scaffold a plugin package DIR/NAME that \`plugin check\` accepts
  memflow plugin list [--plugins DIR ...]
                               the plugins found and the devices their manifests contribute (no plugin
                               code runs); unusable ones with the reason

Exit codes: 0 ok, 1 internal error, 2 bad input, 3 no convergence, 4 plugin check failed,
5 a plugin faulted during a run (the points recorded before the fault are still written).
`;

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

function outputPath(base: string, index: number, count: number): string {
  if (count === 1) return base;
  const ext = extname(base);
  return `${base.slice(0, base.length - ext.length)}.${index + 1}${ext}`;
}

function formatNumber(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(6) : String(v);
}

/** A small aligned table of each output's last value (and min/max for sweeps and transients). */
function summaryTable(result: SimulationResult): string {
  const first = result.analysis === 'op' ? 0 : 1;
  const rows: string[][] = [['output', result.analysis === 'op' ? 'value' : 'final', 'min', 'max']];
  for (let k = first; k < result.columns.length; k++) {
    const col = result.data[k];
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of col) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    rows.push([result.columns[k], formatNumber(col[col.length - 1]), formatNumber(lo), formatNumber(hi)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => '  ' + r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n') + '\n';
}

/** One analysis in `memflow run --json`: its size, each output's final value, and its measurements. */
interface RunSummary {
  readonly analysis: string;
  readonly points: number;
  readonly unknowns: number;
  readonly final: Record<string, number | null>;
  readonly measures: Record<string, number | { failed: string }>;
}

const jsonNumber = (v: number): number | null => (Number.isFinite(v) ? v : null);

function runNetwork(network: Network, registry: DeviceRegistry, io: CliIo, quiet: boolean, label: string, onResult?: (r: SimulationResult) => void, summaries?: RunSummary[]): SimulationResult[] {
  const analyses = network.analyses ?? [];
  if (analyses.length === 0) throw new InputError(`${label}: no analysis to run; add .op, .dc or .tran`);
  const results: SimulationResult[] = [];
  for (const analysis of analyses) {
    const bar = quiet ? undefined : progressBar(`${label} .${analysis.type}`);
    // process.hrtime, not performance.now(): the first use of `performance` loads perf_hooks (~1 ms).
    const started = process.hrtime.bigint();
    const measures = (network.measures ?? []).filter((m) => m.analysis === analysis.type);
    const extraOutputs = measures.flatMap(measuredOutputs);
    const result = simulate(network, registry.lookup, analysis, network.outputs, { onProgress: (f) => bar?.update(f), extraOutputs });
    bar?.done();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    results.push(result);
    onResult?.(result);
    if (!quiet) {
      const points = result.data[0]?.length ?? 0;
      const s = result.stats;
      const steps = analysis.type === 'tran' ? `, ${s.accepted} steps (${s.rejected} rejected)` : '';
      io.out(`.${analysis.type}: ${s.unknowns} unknowns, ${points} points${steps}, ${s.factorizations} factorisations, ${ms.toFixed(1)} ms\n`);
      io.out(summaryTable(result));
    }
    const measured = measureAll(measures, analysis.type, result.columns, result.data);
    if (summaries) {
      const first = result.analysis === 'op' ? 0 : 1;
      summaries.push({
        analysis: analysis.type,
        points: result.data[0]?.length ?? 0,
        unknowns: result.stats.unknowns,
        final: Object.fromEntries(result.columns.slice(first).map((name, k) => [name, jsonNumber(result.data[k + first][result.data[k + first].length - 1])])),
        measures: Object.fromEntries(measured.map((m) => [m.name, 'value' in m ? m.value : { failed: m.failed }])),
      });
      continue;
    }
    // Measurements are the run's results: printed even with --quiet.
    for (const m of measured) io.out('value' in m ? `${m.name} = ${formatNumber(m.value)}\n` : `${m.name}: failed — ${m.failed}\n`);
  }
  return results;
}

type LinePlotSvg = typeof import('../common/plot/svg.js').linePlotSvg;

function plotResult(linePlotSvg: LinePlotSvg, result: SimulationResult, title: string): string {
  const x = result.data[0];
  if (result.analysis === 'ac') {
    // A Bode magnitude plot: every magnitude column in dB over a logarithmic frequency axis.
    const series = result.columns.flatMap((name, k) =>
      /^[vix]m\(/.test(name) ? [{ name: name.replace('m(', 'db('), x, y: Array.from(result.data[k], (v) => 20 * Math.log10(v)) }] : /^[vix]db\(/.test(name) ? [{ name, x, y: Array.from(result.data[k]) }] : [],
    );
    return linePlotSvg({ title, xLabel: 'frequency (Hz)', yLabel: 'magnitude (dB)', series, logX: true });
  }
  return linePlotSvg({
    title,
    xLabel: result.columns[0] === 'time' ? 'time (s)' : result.columns[0],
    yLabel: 'value',
    series: result.columns.slice(1).map((name, k) => ({ name, x, y: result.data[k + 1] })),
  });
}

/** Exit code of a run that a plugin fault stopped. */
export const EXIT_PLUGIN_FAULT = 5;

/**
 * Reads the manifests of the plugins (command line, user directory, npm), runs `body` with them, then
 * stops the workers of those whose code `body` used (a plugin's code is loaded only when used).
 */
async function withPlugins<T>(dirs: readonly string[] | undefined, io: CliIo, body: (plugins: Plugins) => T | Promise<T>): Promise<T> {
  // Finding no plugin takes a few directory reads; the plugin host is loaded only when there is one.
  if (!dirs?.length && discoverPlugins().length === 0) return body(NO_PLUGINS);
  const { PluginCatalog } = await import('./plugin-catalog.js');
  const plugins = PluginCatalog.read({ dirs: dirs ?? [], onSkip: (m) => io.err(`warning: ${m}\n`) });
  try {
    return await body(plugins);
  } finally {
    await plugins.close();
  }
}

async function cmdRun(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      csv: { type: 'string' },
      plot: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      plugins: { type: 'string', multiple: true },
      until: { type: 'string' },
      snapshot: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new InputError('usage: memflow run FILE [--csv OUT] [--plot OUT.svg] [--json] [--plugins DIR] [--until T --snapshot S]');
  const file = positionals[0];
  return withPlugins(values.plugins, io, async (plugins) => {
    const warn = warnOnce(io);
    const { network, registry } = await readWithPlugins(plugins, (r) => loadNetworkFile(file, r, warn));
    if (values.until !== undefined || values.snapshot !== undefined) {
      if (values.until === undefined || values.snapshot === undefined) throw new InputError('--until T and --snapshot FILE go together');
      const r = (await import('./live.js')).runToSnapshot(network, registry, { until: Number(values.until), snapshot: values.snapshot, csv: values.csv });
      if (!values.quiet) io.out(`ran to t = ${r.time} s (${r.rows} points); snapshot in ${values.snapshot}; continue with memflow resume ${values.snapshot}\n`);
      return 0;
    }
    const linePlotSvg = values.plot ? (await import('../common/plot/svg.js')).linePlotSvg : undefined;
    const write = (result: SimulationResult, k: number, count: number) => {
      if (values.csv) writeFileSync(outputPath(values.csv, k, count), resultToCsv(result));
      if (linePlotSvg && values.plot && result.analysis !== 'op') writeFileSync(outputPath(values.plot, k, count), plotResult(linePlotSvg, result, network.title ?? file));
    };
    const count = network.analyses?.length ?? 0;
    const done: SimulationResult[] = [];
    const summaries: RunSummary[] | undefined = values.json ? [] : undefined;
    try {
      runNetwork(network, registry, io, (values.quiet ?? false) || values.json === true, basename(file), (r) => done.push(r), summaries);
    } catch (err) {
      if (!(err instanceof SimulationFault)) throw err;
      // The session ends cleanly: finished analyses and the points before the fault are written.
      done.forEach((r, k) => write(r, k, count));
      const partial = err.partial;
      if (partial) write(partial, done.length, count);
      const points = partial?.data[0]?.length ?? 0;
      io.err(`error: ${err.message}\n${partial ? `the run stopped there; ${points} points recorded before the fault ${values.csv ? `written to ${outputPath(values.csv, done.length, count)}` : 'kept'}\n` : ''}`);
      return EXIT_PLUGIN_FAULT;
    }
    done.forEach((r, k) => write(r, k, count));
    if (summaries) io.out(JSON.stringify({ file, analyses: summaries }, null, 2) + '\n');
    return 0;
  });
}

/** A netlist or (validator loaded on demand) a memflow JSON network. */
async function loadNetworkFile(file: string, registry: DeviceRegistry, warn?: (message: string) => void): Promise<Network> {
  if (isJsonNetworkFile(file)) return (await import('./load.js')).loadNetwork(file, registry);
  return loadSpiceNetwork(file, registry, warn);
}

/** Each warning once: a netlist may be read twice (again after loading plugins that declare no spelling). */
function warnOnce(io: CliIo): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    io.err(`warning: ${message}\n`);
  };
}

async function cmdDemo(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const outDir = values.out ?? 'out/demo';
  mkdirSync(outDir, { recursive: true });
  const file = join(FIXTURES, 'examples', 'hysteresis.cir');
  const registry = defaultRegistry();
  const network = loadSpiceNetwork(file, registry);
  const { linePlotSvg } = await import('../common/plot/svg.js');
  io.out(`memflow demo: ${network.title}\n  netlist: ${file}\n`);
  const [result] = runNetwork(network, registry, io, false, 'hysteresis.cir');
  const col = (name: string) => result.data[result.columns.indexOf(name)];
  const t = col('time');
  const pairs: [string, string, string][] = [
    ['HP + Biolek window', 'v(a)', 'i(va)'],
    ['threshold (XSPICE)', 'v(b)', 'i(vb)'],
  ];
  const rows: string[] = ['  device                 R min (Ω)   R max (Ω)   |i|/max|i| at v = 0   loop area (V·A)'];
  for (const [name, v, i] of pairs) {
    const vv = col(v);
    const ii = col(i);
    let rmin = Infinity;
    let rmax = 0;
    let imax = 0;
    let pinch = 0;
    let area = 0;
    for (let k = 0; k < t.length; k++) {
      const cur = -ii[k];
      imax = Math.max(imax, Math.abs(cur));
      if (Math.abs(vv[k]) > 0.05) {
        const r = vv[k] / cur;
        rmin = Math.min(rmin, r);
        rmax = Math.max(rmax, r);
      }
      // The sine's zeros fall on the time grid (t = k/2 s), where the loop must pass through the origin.
      if (Math.abs(vv[k]) < 1e-9) pinch = Math.max(pinch, Math.abs(cur));
      if (k > 0) area += 0.5 * (vv[k] + vv[k - 1]) * (-ii[k] + ii[k - 1]);
    }
    rows.push(`  ${name.padEnd(22)} ${rmin.toPrecision(4).padStart(9)}   ${rmax.toPrecision(4).padStart(9)}   ${(pinch / imax).toExponential(2).padStart(20)}   ${Math.abs(area).toExponential(3).padStart(14)}`);
  }
  io.out('\nPinched hysteresis (current vanishes where voltage does; the loop encloses area):\n' + rows.join('\n') + '\n');
  const csv = join(outDir, 'hysteresis.csv');
  writeFileSync(csv, resultToCsv(result));
  const svgs = pairs.map(([name, v, i], k) => {
    const file = join(outDir, `hysteresis-${k + 1}.svg`);
    writeFileSync(
      file,
      linePlotSvg({
        title: `I–V loop: ${name}, 1 V 1 Hz sine`,
        xLabel: 'voltage (V)',
        yLabel: 'current (A)',
        series: [{ name, x: col(v), y: Array.from(col(i), (c) => -c) }],
      }),
    );
    return file;
  });
  io.out(`\nwrote ${[csv, ...svgs].join('\nwrote ')}\n`);
  return 0;
}

async function cmdExport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { to: { type: 'string' }, out: { type: 'string' }, plugins: { type: 'string', multiple: true } } });
  if (positionals.length !== 1 || (values.to !== 'spice' && values.to !== 'json')) {
    throw new InputError('usage: memflow export FILE --to spice|json [--out FILE] [--plugins DIR]');
  }
  return withPlugins(values.plugins, io, (plugins) => exportWith(plugins, positionals[0], values.to as 'spice' | 'json', values.out, io));
}

async function exportWith(plugins: Plugins, source: string, to: 'spice' | 'json', out: string | undefined, io: CliIo): Promise<number> {
  const [{ loadNetwork, rebaseTableFiles }, { writeSpice }] = await Promise.all([import('./load.js'), import('../common/network/index.js')]);
  // Data files of table models are named relative to the file that refers to them.
  const { network, registry } = await readWithPlugins(plugins, (r) => rebaseTableFiles(loadNetwork(source, r), dirname(source), out ? dirname(out) : '.'));
  const text =
    to === 'spice'
      ? writeSpice(network, registry.lookup)
      : JSON.stringify(network, (key, value) => (key === 'loc' ? undefined : value), 2) + '\n';
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  } else io.out(text);
  return 0;
}

async function cmdModels(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, docs: { type: 'string' }, plugins: { type: 'string', multiple: true } } });
  // --docs keeps its folder equal to the whole library (it removes stale pages): no selection there.
  if (positionals.length > 0 && values.docs !== undefined) throw new InputError('usage: memflow models [MODEL ...] [--json] [--plugins DIR] | memflow models --docs DIR [--plugins DIR]');
  return withPlugins(values.plugins, io, (plugins) => listModels(plugins, positionals, values, io));
}

/** The models `names` mean (an id, or a SPICE level), in the order given; all of them when none is given. */
function pickModels(models: readonly DeviceModel[], names: readonly string[]): DeviceModel[] {
  if (names.length === 0) return [...models];
  return names.map((name) => {
    const q = name.toLowerCase();
    const found = models.find((m) => m.id.toLowerCase() === q) ?? models.find((m) => m.spice?.level?.some((l) => l.toLowerCase() === q));
    if (!found) throw new InputError(`no device model '${name}'; \`memflow models\` lists them all (by id; a SPICE level works too)`);
    return found;
  });
}

async function listModels(plugins: Plugins, names: readonly string[], values: { json?: boolean; docs?: string }, io: CliIo): Promise<number> {
  // The listing shows what manifests declare; the JSON and the docs also describe terminals, version and
  // citation, which only a plugin's code declares, so they load it — only the named ones' when given.
  const full = values.json || values.docs !== undefined;
  const registry = defaultRegistry(full && names.length === 0 ? await plugins.loadAll() : plugins.declared);
  if (full && names.length > 0) await plugins.use(registry, pickModels(registry.all(), names).map((m) => m.id));
  const models = pickModels(registry.all(), names);
  if (values.docs !== undefined) {
    const { modelDocs, writeModelDocs } = await import('./model-docs.js');
    const { written, removed } = writeModelDocs(values.docs, modelDocs(models, registry.lookup));
    const gone = removed.length ? `, removed ${removed.length} stale page${removed.length === 1 ? '' : 's'}` : '';
    io.out(`wrote ${written.length} files to ${values.docs}${gone}\n`);
    return 0;
  }
  const { modelsJson, modelsTable } = await import('./models.js');
  io.out(values.json ? modelsJson(models) : modelsTable(models));
  return 0;
}

async function cmdCharacterise(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      param: { type: 'string', multiple: true, short: 'p' },
      amp: { type: 'string' },
      freq: { type: 'string' },
      cycles: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
      json: { type: 'boolean' },
      plugins: { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1) {
    throw new InputError('usage: memflow characterise MODEL [--param k=v ...] [--amp V] [--freq f1,f2,...] [--cycles N] [--out DIR] [--jobs N] [--json] [--plugins DIR]');
  }
  return withPlugins(values.plugins, io, (plugins) => characteriseWith(values, positionals[0], plugins, io));
}

interface CharacteriseValues {
  param?: string[];
  amp?: string;
  freq?: string;
  cycles?: string;
  out?: string;
  jobs?: string;
  json?: boolean;
}

async function characteriseWith(values: CharacteriseValues, name: string, plugins: Plugins, io: CliIo): Promise<number> {
  const {
    DEFAULT_AMPLITUDE,
    DEFAULT_CYCLES,
    DEFAULT_FREQUENCIES,
    POINTS_PER_CYCLE,
    parseFrequencies,
    parseParams,
    positiveNumber,
    resolveModel,
    runCharacterisation,
    summaryTable: loopSummaryTable,
    writeCharacterisation,
  } = await import('./characterise.js');
  const registry = defaultRegistry(plugins.declared);
  // Loads the plugin devices the name may mean (by id, level or last part of the id), and no other.
  const q = name.toLowerCase();
  const named = plugins.declared.filter((m) => [m.id, m.id.split('.').pop()!, ...(m.spice?.level ?? [])].some((n) => n.toLowerCase() === q));
  await plugins.use(registry, named.map((m) => m.id));
  let model: DeviceModel;
  try {
    model = resolveModel(name, registry.all());
  } catch (err) {
    // A level that only the code of a plugin without a spelling in its manifest knows.
    if (!(err instanceof InputError) || !(await plugins.useUndeclaredSpellings(registry))) throw err;
    model = resolveModel(name, registry.all());
  }
  const overrides = parseParams(model, values.param ?? []);
  const amplitude = values.amp === undefined ? DEFAULT_AMPLITUDE : positiveNumber('amp', values.amp);
  const frequencies = values.freq === undefined ? [...DEFAULT_FREQUENCIES] : parseFrequencies(values.freq);
  const count = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError(`--${option} ${text}: expected a whole number >= 1`);
    return Number(text);
  };
  const cycles = count('cycles', values.cycles) ?? DEFAULT_CYCLES;
  // A plugin model lives in this process's plugin worker: the pool's threads do not have it.
  const jobs = plugins.declared.some((m) => m.id === model.id) ? 1 : count('jobs', values.jobs);
  const outDir = values.out ?? 'out/characterise';
  const drives = frequencies.map((frequency) => ({ amplitude, frequency, cycles, pointsPerCycle: POINTS_PER_CYCLE, params: overrides }));

  const started = performance.now();
  let finished = 0;
  const results = await runCharacterisation(registry, model, drives, {
    jobs,
    onDone: (k) => {
      finished++;
      const secs = ((performance.now() - started) / 1000).toFixed(2);
      if (!values.json) io.err(`${model.id}: ${frequencies[k]} Hz done (${finished}/${frequencies.length}, ${secs} s)\n`);
    },
  });
  const { summary, files } = writeCharacterisation(outDir, model, overrides, drives, results);
  if (values.json) {
    io.out(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  }
  const given = Object.entries(overrides).map(([k, v]) => `${k}=${model.params[k].choices?.[v] ?? v}`);
  io.out(`${model.id} (${model.title}): ${amplitude} V sine, ${cycles} periods, figures from the last${given.length ? `; ${given.join(' ')}` : ''}\n`);
  io.out(loopSummaryTable(summary));
  io.out(`wrote ${files.length} files to ${outDir} (summary.json, ${summary.overlay}, one CSV and SVG per frequency)\n`);
  return 0;
}

async function cmdPlugin(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const usage = 'usage: memflow plugin check DIR | memflow plugin new NAME [--dir DIR] | memflow plugin list [--plugins DIR ...]';
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { plugins: { type: 'string', multiple: true } } });
    io.out((await import('./plugin-list.js')).listPlugins(values.plugins ?? []));
    return 0;
  }
  if (sub === 'check') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new InputError('usage: memflow plugin check DIR');
    const result = await (await import('./plugin-check.js')).checkPlugin(positionals[0]);
    (result.code === 0 ? io.out : io.err)(result.text);
    return result.code;
  }
  if (sub === 'new') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { dir: { type: 'string' } } });
    if (positionals.length !== 1) throw new InputError('usage: memflow plugin new NAME [--dir DIR]');
    const { dir, files } = (await import('./plugin-new.js')).scaffoldPlugin(positionals[0], values.dir ?? '.');
    io.out(`created ${dir}\n${files.map((f) => `  ${f}`).join('\n')}\ncheck it with: memflow plugin check ${dir}\n`);
    return 0;
  }
  throw new InputError(usage);
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await cmdRun(rest, io);
      case 'resume':
        return await (await import('./live.js')).cmdResume(rest, io);
      case 'sweep':
        return await (await import('./sweep-cli.js')).cmdSweep(rest, io);
      case 'demo':
        return await cmdDemo(rest, io);
      case 'export':
        return await cmdExport(rest, io);
      case 'models':
      case 'devices':
        return await cmdModels(rest, io);
      case 'characterise':
      case 'characterize':
        return await cmdCharacterise(rest, io);
      case 'plugin':
      case 'plugins':
        return await cmdPlugin(rest, io);
      case 'experiment':
      case 'experiments':
        return await (await import('./experiment.js')).cmdExperiment(rest, io, FIXTURES);
      case 'generate':
        return await (await import('./generate.js')).cmdGenerate(rest, io);
      case 'session':
      case 'sessions':
        // Loaded on demand: SQLite (WASM) and Arrow would slow every other command's start-up.
        return await (await import('./session/command.js')).cmdSession(rest, io, FIXTURES);
      case 'schema':
        io.out(JSON.stringify((await import('../common/network/index.js')).networkJsonSchema(), null, 2) + '\n');
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      default:
        io.err(`memflow: unknown command '${command}'\n${HELP}`);
        return 2;
    }
  } catch (err) {
    const { message, code } = describeError(err, InputError, PluginError);
    io.err(message + '\n');
    return code;
  }
}
