/**
 * `memflow characterise`: a two-terminal device under a sine at several frequencies, one job per
 * frequency on a piscina pool (DESIGN §4), then per frequency a CSV of (time, v, i, states), an I–V
 * loop figure, and a summary of the loop's figures (pinch, lobe areas, resistance range).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseSpiceNumber, type DeviceModel } from '@memflow/plugin-sdk';
import type { DriveSpec, LoopResult } from '../common/characterise/loop.js';
import type { DeviceRegistry } from '../common/compiler/index.js';
import { didYouMean } from '../common/network/closest.js';
import { linePlotSvg } from '../common/plot/svg.js';
import { InputError } from './errors.js';
import { failureError, runCharacteriseTask, type CharacteriseTask, type TaskReply } from './workers/characterise-task.js';
import { builtFile } from './built-file.js';

export const DEFAULT_AMPLITUDE = 1;
export const DEFAULT_FREQUENCIES: readonly number[] = [1, 10, 100];
export const DEFAULT_CYCLES = 2;
export const POINTS_PER_CYCLE = 1000;

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Why a model cannot be characterised (undefined when it can): a sine drives two terminals. */
export function notCharacterisable(m: DeviceModel): string | undefined {
  if (m.kind === 'source' || m.spice?.source) return `'${m.id}' is an independent source`;
  if (m.terminals.length !== 2) return `'${m.id}' has ${m.terminals.length} terminals`;
  return undefined;
}

/** Names a model is near to, for suggestions: its id, each part of it, its SPICE levels. */
function namesOf(m: DeviceModel): string[] {
  return [m.id, ...m.id.split('.'), ...(m.spice?.level ?? [])].map((n) => n.toLowerCase());
}

/**
 * A model by id (`memristor.hp`), SPICE level name (`hp`) or, when unique, the last part of its id
 * (`xspice`); case-insensitive. Otherwise an InputError naming the nearest characterisable models.
 */
export function resolveModel(query: string, models: readonly DeviceModel[]): DeviceModel {
  const q = query.toLowerCase();
  const byId = models.find((m) => m.id.toLowerCase() === q);
  const byLevel = models.filter((m) => m.spice?.level?.some((l) => l.toLowerCase() === q));
  const byTail = models.filter((m) => m.id.split('.').pop()!.toLowerCase() === q);
  const found = byId ?? (byLevel.length === 1 ? byLevel[0] : byLevel.length === 0 && byTail.length === 1 ? byTail[0] : undefined);
  const usable = models.filter((m) => notCharacterisable(m) === undefined);
  if (found) {
    const why = notCharacterisable(found);
    if (why) throw new InputError(`${why}; characterise drives two-terminal devices with a sine: ${usable.map((m) => m.id).join(', ')}`);
    return found;
  }
  const ambiguous = byLevel.length > 1 ? byLevel : byTail;
  if (ambiguous.length > 1) throw new InputError(`model '${query}' is ambiguous: ${ambiguous.map((m) => m.id).join(', ')}; give the id`);
  const ranked = usable
    .map((m) => ({ id: m.id, d: Math.min(...namesOf(m).map((n) => editDistance(q, n))) }))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((r) => r.id);
  throw new InputError(`unknown model '${query}'${ranked.length ? `; closest: ${ranked.join(', ')}` : ''} (\`memflow models\` lists them all)`);
}

/** `--param NAME=VALUE` values (SPICE numbers; a choice name for enumerated parameters), by canonical name. */
export function parseParams(model: DeviceModel, given: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const names = Object.keys(model.params);
  for (const text of given.flatMap((t) => t.split(',')).filter((t) => t.trim() !== '')) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new InputError(`--param '${text}': expected NAME=VALUE, e.g. ${names[0] ?? 'name'}=${model.params[names[0]]?.default ?? 1}`);
    const key = text.slice(0, eq).trim().toLowerCase();
    const raw = text.slice(eq + 1).trim();
    const name = names.find((n) => n === key) ?? names.find((n) => model.params[n].aliases?.includes(key));
    if (!name) {
      const hint = didYouMean(key, names);
      throw new InputError(`model '${model.id}' has no parameter '${key}'${hint}; its parameters are ${names.join(', ') || '(none)'}`);
    }
    const spec = model.params[name];
    let value: number | undefined;
    if (spec.choices) {
      const k = spec.choices.findIndex((c) => c.toLowerCase() === raw.toLowerCase());
      value = k >= 0 ? k : /^\d+$/.test(raw) && Number(raw) < spec.choices.length ? Number(raw) : undefined;
      if (value === undefined) throw new InputError(`--param ${name}=${raw}: must be one of ${spec.choices.join(', ')}`);
    } else {
      value = parseSpiceNumber(raw);
      if (value === undefined || !Number.isFinite(value)) throw new InputError(`--param ${name}=${raw}: not a number`);
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        throw new InputError(`--param ${name}=${raw}: must be in [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`);
      }
    }
    out[name] = value;
  }
  return out;
}

/** A positive SPICE number for an option. */
export function positiveNumber(option: string, text: string): number {
  const v = parseSpiceNumber(text);
  if (v === undefined || !Number.isFinite(v) || v <= 0) throw new InputError(`--${option} ${text}: expected a positive number`);
  return v;
}

/** `1,10,100` (SPICE numbers: `1k` works); duplicates are dropped, order kept. */
export function parseFrequencies(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const f = positiveNumber('freq', part);
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

/**
 * The worker module, next to the running code: the one-file worker bundle beside the CLI bundle, the
 * tsc output beside dist/node/*.js, and — for the TypeScript sources run by vitest — the built one.
 */
export function characteriseWorkerFile(moduleUrl: string = import.meta.url): string {
  return builtFile(moduleUrl, 0, 'workers/characterise-worker.bundle.mjs', 'workers/characterise-worker.js');
}

export interface RunOptions {
  /** Threads; 1 runs the jobs in this thread, one after the other. Default: the cores. */
  readonly jobs?: number;
  /** Called as each job finishes (index into the drives). */
  readonly onDone?: (index: number) => void;
  /** The worker module (default: characteriseWorkerFile()). */
  readonly workerFile?: string;
}

/** Characterises `model` at every drive; results in the drives' order. Identical for any `jobs`. */
export async function runCharacterisation(registry: DeviceRegistry, model: DeviceModel, drives: readonly DriveSpec[], options: RunOptions = {}): Promise<LoopResult[]> {
  const tasks: CharacteriseTask[] = drives.map((drive) => ({ modelId: model.id, drive }));
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), tasks.length));
  let replies: TaskReply[];
  if (jobs === 1) {
    replies = tasks.map((task, k) => {
      const reply = runCharacteriseTask(registry, task);
      options.onDone?.(k);
      return reply;
    });
  } else {
    const filename = options.workerFile ?? characteriseWorkerFile();
    if (!existsSync(filename)) throw new Error(`the characterisation worker ${filename} is missing; run \`npm run build\``);
    const { Piscina } = await import('piscina');
    const pool = new Piscina<CharacteriseTask, TaskReply>({ filename, minThreads: jobs, maxThreads: jobs });
    try {
      replies = await Promise.all(
        tasks.map(async (task, k) => {
          const reply = await pool.run(task);
          options.onDone?.(k);
          return reply;
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  return replies.map((reply, k) => {
    if (!reply.ok) throw failureError(reply.failure, `${model.id} at ${drives[k].frequency} Hz`);
    return reply.result;
  });
}

/** Per-frequency figures as summary.json records them. */
export interface FrequencySummary {
  readonly frequency: number;
  readonly csv: string;
  readonly svg: string;
  readonly pinchError: number;
  readonly lobeAreaPositive: number;
  readonly lobeAreaNegative: number;
  readonly lobeAreaTotal: number;
  readonly rMin: number | null;
  readonly rMax: number | null;
  readonly rRatio: number | null;
}

export interface CharacteriseSummary {
  readonly model: string;
  readonly title: string;
  /** Every parameter's value used (defaults with the overrides applied). */
  readonly params: Readonly<Record<string, number>>;
  /** The parameters given on the command line. */
  readonly overrides: Readonly<Record<string, number>>;
  readonly amplitude: number;
  readonly cycles: number;
  readonly pointsPerCycle: number;
  readonly states: readonly string[];
  readonly overlay: string;
  readonly frequencies: readonly FrequencySummary[];
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

const safeId = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, '_');

/** File-name part of a model id and a frequency: `memristor.hp-10Hz`. */
export function fileStem(modelId: string, frequency: number): string {
  return `${safeId(modelId)}-${String(frequency)}Hz`;
}

export function loopCsv(result: LoopResult): string {
  const names = Object.keys(result.states);
  const cols = [result.time, result.v, result.i, ...names.map((n) => result.states[n])];
  const lines = [['time', 'v', 'i', ...names].join(',')];
  for (let r = 0; r < result.time.length; r++) lines.push(cols.map((c) => c[r].toExponential(12)).join(','));
  return lines.join('\n') + '\n';
}

/** Index of the first sample of the last period (the figures' period, as characterise() takes it). */
function lastPeriodStart(time: Float64Array, frequency: number): number {
  const period = 1 / frequency;
  return Math.max(0, time.findIndex((t) => t >= time[time.length - 1] - period - 1e-12 * period));
}

function loopSeries(result: LoopResult, frequency: number) {
  const k = lastPeriodStart(result.time, frequency);
  return { name: `${frequency} Hz`, x: result.v.subarray(k), y: result.i.subarray(k) };
}

export interface CharacteriseOutput {
  readonly summary: CharacteriseSummary;
  readonly files: readonly string[];
}

/** Writes the CSVs, figures and summary.json; returns the summary and the files written. */
export function writeCharacterisation(
  dir: string,
  model: DeviceModel,
  overrides: Readonly<Record<string, number>>,
  drives: readonly DriveSpec[],
  results: readonly LoopResult[],
): CharacteriseOutput {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    files.push(join(dir, name));
    return name;
  };
  const amplitude = drives[0]?.amplitude ?? DEFAULT_AMPLITUDE;
  const cycles = drives[0]?.cycles ?? DEFAULT_CYCLES;
  const freqs = results.map((r, k): FrequencySummary => {
    const f = drives[k].frequency;
    const stem = fileStem(model.id, f);
    const csv = write(`${stem}.csv`, loopCsv(r));
    const svg = write(
      `${stem}.svg`,
      linePlotSvg({ title: `I–V loop: ${model.id}, ${amplitude} V ${f} Hz sine (last of ${cycles} periods)`, xLabel: 'voltage (V)', yLabel: 'current (A)', series: [loopSeries(r, f)] }),
    );
    return {
      frequency: f,
      csv,
      svg,
      pinchError: r.pinchError,
      lobeAreaPositive: r.lobeAreaPositive,
      lobeAreaNegative: r.lobeAreaNegative,
      lobeAreaTotal: r.lobeAreaPositive + r.lobeAreaNegative,
      rMin: finiteOrNull(r.rMin),
      rMax: finiteOrNull(r.rMax),
      rRatio: finiteOrNull(r.rMax / r.rMin),
    };
  });
  const overlay = write(
    `${safeId(model.id)}-overlay.svg`,
    linePlotSvg({
      title: `I–V loops: ${model.id}, ${amplitude} V sine`,
      xLabel: 'voltage (V)',
      yLabel: 'current (A)',
      series: results.map((r, k) => loopSeries(r, drives[k].frequency)),
    }),
  );
  const params = Object.fromEntries(Object.entries(model.params).map(([name, p]) => [name, overrides[name] ?? p.default]));
  const summary: CharacteriseSummary = {
    model: model.id,
    title: model.title,
    params,
    overrides: { ...overrides },
    amplitude,
    cycles,
    pointsPerCycle: drives[0]?.pointsPerCycle ?? POINTS_PER_CYCLE,
    states: Object.keys(model.states ?? {}),
    overlay,
    frequencies: freqs,
  };
  write('summary.json', JSON.stringify(summary, null, 2) + '\n');
  return { summary, files };
}

const fmt = (x: number | null, digits = 4): string => (x === null ? '-' : Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(digits - 1) : x.toPrecision(digits));

/** The table printed after a run. */
export function summaryTable(summary: CharacteriseSummary): string {
  const rows: string[][] = [['f (Hz)', 'pinch error', 'lobe + (V·A)', 'lobe − (V·A)', 'total (V·A)', 'R min (Ω)', 'R max (Ω)', 'Rmax/Rmin']];
  for (const f of summary.frequencies) {
    rows.push([String(f.frequency), f.pinchError.toExponential(2), fmt(f.lobeAreaPositive), fmt(f.lobeAreaNegative), fmt(f.lobeAreaTotal), fmt(f.rMin), fmt(f.rMax), fmt(f.rRatio)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => '  ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n') + '\n';
}
