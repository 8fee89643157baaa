/**
 * `memflow run FILE --until T --snapshot S` and `memflow resume S`: a transient run through the live
 * runtime, stopped at a window end, its complete state written to a file (v8 serialisation keeps the
 * typed arrays), and continued later. The CSV of the run up to T followed by the CSV rows of the resume
 * are exactly the CSV of an uninterrupted `memflow run FILE --csv` (the runtime is bit-identical to
 * the bare kernel and to itself across a snapshot).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { DeviceRegistry } from '../common/compiler/index.js';
import type { Network } from '../common/network/types.js';
import { concatChunks, RUNTIME_SNAPSHOT_FORMAT, Simulation, type RuntimeSnapshot, type SignalChunk } from '../common/runtime/index.js';
import type { SimulationResult } from '../common/solver/simulate.js';
import type { TransientSpec } from '../common/solver/transient.js';
import { UnknownKind } from '../common/solver/system.js';
import { parseArgs } from 'node:util';
import { PluginCatalog } from './plugin-catalog.js';
import { readWithPlugins } from './plugins/used.js';
import { resultToCsv } from './csv.js';
import { InputError } from './errors.js';

/** The outputs a run writes: the network's `.print` list, else every net voltage and source current. */
function outputsOf(sim: Simulation, network: Network): string[] {
  if (network.outputs && network.outputs.length > 0) return [...network.outputs];
  return sim.sys.labels.filter((l, k) => sim.sys.kind[k] === UnknownKind.Node || (sim.sys.kind[k] === UnknownKind.Branch && /^i\([^#]+\)$/.test(l)));
}

/** Records `outputs` (every point) while `drive` runs, and returns them as one result. */
function recordWhile(sim: Simulation, outputs: readonly string[], drive: () => void): SimulationResult {
  const chunks = outputs.map(() => [] as SignalChunk[]);
  const subs = outputs.map((o, k) => sim.signal$(o).subscribe((c) => chunks[k].push(c)));
  drive();
  for (const s of subs) s.unsubscribe();
  const cols = chunks.map((c) => concatChunks(c));
  const t = cols[0]?.t ?? new Float64Array(0);
  return { analysis: 'tran', columns: ['time', ...outputs], data: [t, ...cols.map((c) => c.values)], stats: { factorizations: sim.kernel.factorizations, unknowns: sim.sys.size } };
}

function failIfFaulted(sim: Simulation, errors: string[]): void {
  if (sim.status === 'faulted') throw new Error(errors.at(-1) ?? 'the simulation faulted');
}

export interface LiveRunOptions {
  readonly until: number;
  readonly snapshot: string;
  readonly csv?: string;
}

/** Runs `network`'s transient to the first step at or past `until`, writes the snapshot (and CSV). */
export function runToSnapshot(network: Network, registry: DeviceRegistry, options: LiveRunOptions): { time: number; rows: number } {
  const tran = network.analyses?.find((a) => a.type === 'tran') as TransientSpec | undefined;
  if (!tran) throw new InputError('--until and --snapshot need a transient analysis (.tran) in the network');
  if (!(options.until > 0) || options.until >= tran.tstop) throw new InputError(`--until must be between 0 and the stop time ${tran.tstop} s, got ${options.until}`);
  const sim = new Simulation(network, registry.lookup, { window: options.until });
  const errors: string[] = [];
  sim.errors$.subscribe((e) => errors.push(e.message));
  const result = recordWhile(sim, outputsOf(sim, network), () => sim.runUntil(options.until));
  failIfFaulted(sim, errors);
  writeFileSync(options.snapshot, serialize(sim.snapshot()));
  if (options.csv) writeFileSync(options.csv, resultToCsv(result));
  const time = sim.time;
  sim.dispose();
  return { time, rows: result.data[0].length };
}

export function readSnapshot(file: string): RuntimeSnapshot {
  let snap: RuntimeSnapshot;
  try {
    snap = deserialize(readFileSync(file)) as RuntimeSnapshot;
  } catch (err) {
    throw new InputError(`${file}: not a memflow snapshot (${err instanceof Error ? err.message : String(err)}); write one with memflow run FILE --until T --snapshot ${file}`);
  }
  if (snap?.format !== RUNTIME_SNAPSHOT_FORMAT) throw new InputError(`${file}: not a memflow snapshot (format '${String(snap?.format)}'); write one with memflow run FILE --until T --snapshot ${file}`);
  return snap;
}

/** Continues a snapshot to the end (or `until`); returns the rows after the snapshot. */
export function resumeSnapshot(snap: RuntimeSnapshot, registry: DeviceRegistry, options: { csv?: string; until?: number; snapshot?: string } = {}): { time: number; rows: number; status: string } {
  const sim = Simulation.restore(snap, registry.lookup);
  const errors: string[] = [];
  sim.errors$.subscribe((e) => errors.push(e.message));
  const result = recordWhile(sim, outputsOf(sim, snap.network), () => sim.runUntil(options.until ?? Infinity));
  failIfFaulted(sim, errors);
  if (options.snapshot) writeFileSync(options.snapshot, serialize(sim.snapshot()));
  // The header once: the rows continue the CSV written before the snapshot.
  if (options.csv) writeFileSync(options.csv, resultToCsv(result));
  const out = { time: sim.time, rows: result.data[0].length, status: sim.status };
  sim.dispose();
  return out;
}

/** `memflow resume S [--csv OUT] [--until T] [--snapshot S2] [--plugins DIR ...]`. */
export async function cmdResume(args: string[], io: { out(text: string): void; err(text: string): void }): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { csv: { type: 'string' }, until: { type: 'string' }, snapshot: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, plugins: { type: 'string', multiple: true } },
  });
  if (positionals.length !== 1) throw new InputError('usage: memflow resume SNAPSHOT [--csv OUT] [--until T] [--snapshot NEXT]');
  const until = values.until === undefined ? undefined : Number(values.until);
  if (until !== undefined && !(until > 0)) throw new InputError(`--until must be a positive time in seconds, got '${values.until}'`);
  const snap = readSnapshot(positionals[0]);
  // Only the plugins the snapshot's network uses are loaded.
  const plugins = PluginCatalog.read({ dirs: values.plugins ?? [], onSkip: (m) => io.err(`warning: ${m}\n`) });
  let r: ReturnType<typeof resumeSnapshot>;
  try {
    const { registry } = await readWithPlugins(plugins, () => snap.network);
    r = resumeSnapshot(snap, registry, { csv: values.csv, until, snapshot: values.snapshot });
  } finally {
    await plugins.close();
  }
  if (!values.quiet) io.out(`resumed ${positionals[0]}: ${r.rows} points to t = ${r.time} s (${r.status})${values.csv ? `, rows in ${values.csv}` : ''}\n`);
  return 0;
}
