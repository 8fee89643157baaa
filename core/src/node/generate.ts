/** `memflow generate nanowire|grid ...`: writes a generated junction network (memflow.network/v1 JSON) and prints its statistics. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { generateGrid, generateNanowires, GenerateError, type ElectrodeSpec, type VariabilityOption } from '../common/generate/index.js';
import type { CliIo } from './cli.js';
import { InputError } from './errors.js';
import { defaultRegistry } from './load.js';
import { PluginCatalog } from './plugin-catalog.js';

export const GENERATE_USAGE =
  'usage: memflow generate nanowire --wires N --length MEAN,STD --size W,H [--seed S] [--electrodes E1,E2,...] ' +
  '[--junction DEVICE] [--param k=v ...] [--variability SIGMA:P1,P2,...] [--plugins DIR] --out FILE   (an electrode is a wire index or a point X:Y)\n' +
  '       memflow generate grid --rows R --cols C [--diagonals P] [--seed S] [--electrodes R:C,R:C,...] [--junction DEVICE] ' +
  '[--param k=v ...] [--variability SIGMA:P1,P2,...] --out FILE';

function numbers(option: string, text: string | undefined, count: number): number[] {
  if (text === undefined) throw new InputError(`--${option} is required; ${GENERATE_USAGE}`);
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length !== count || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) {
    throw new InputError(`--${option} ${text}: expected ${count === 1 ? 'a number' : `${count} comma-separated numbers`}`);
  }
  return values;
}

function electrodes(text: string): ElectrodeSpec[] {
  return text.split(',').map((item) => {
    const t = item.trim();
    if (/^\d+$/.test(t)) return Number(t);
    const m = /^([^:]+):([^:]+)$/.exec(t);
    if (m && Number.isFinite(Number(m[1])) && Number.isFinite(Number(m[2]))) return { x: Number(m[1]), y: Number(m[2]) };
    throw new InputError(`--electrodes: '${t}' is neither a wire index nor a point X:Y`);
  });
}

function variability(text: string | undefined): VariabilityOption | undefined {
  if (text === undefined) return undefined;
  const m = /^([^:]+):(.+)$/.exec(text);
  const sigma = Number(m?.[1]);
  if (!m || !Number.isFinite(sigma) || sigma < 0) throw new InputError(`--variability ${text}: expected SIGMA:PARAM1,PARAM2,... (e.g. 0.1:vset,ron)`);
  return { sigma, params: m[2].split(',').map((p) => p.trim()) };
}

function gridElectrodes(text: string): [number, number][] {
  return text.split(',').map((item) => {
    const m = /^(\d+):(\d+)$/.exec(item.trim());
    if (!m) throw new InputError(`--electrodes: '${item.trim()}' is not a grid node ROW:COL`);
    return [Number(m[1]), Number(m[2])];
  });
}

export async function cmdGenerate(args: string[], io: CliIo): Promise<number> {
  const [kind, ...rest] = args;
  if (kind !== 'nanowire' && kind !== 'grid') throw new InputError(GENERATE_USAGE);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      wires: { type: 'string' },
      length: { type: 'string' },
      size: { type: 'string' },
      rows: { type: 'string' },
      cols: { type: 'string' },
      diagonals: { type: 'string' },
      seed: { type: 'string' },
      electrodes: { type: 'string' },
      junction: { type: 'string' },
      param: { type: 'string', multiple: true, short: 'p' },
      variability: { type: 'string' },
      plugins: { type: 'string', multiple: true },
      out: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new InputError(GENERATE_USAGE);
  if (values.out === undefined) throw new InputError(`--out is required; ${GENERATE_USAGE}`);
  const seed = values.seed === undefined ? undefined : numbers('seed', values.seed, 1)[0];
  const params: Record<string, number> = {};
  for (const p of values.param ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(p);
    if (!m || !Number.isFinite(Number(m[2]))) throw new InputError(`--param ${p}: expected name=number`);
    params[m[1].trim()] = Number(m[2]);
  }
  // Plugin devices (--plugins DIR) can be the junction model: `--junction <plugin device id>`. Generating
  // reads its declaration only (its terminals come from its code), so its worker is stopped at once.
  const plugins = PluginCatalog.read({ dirs: values.plugins ?? [], onSkip: (m) => io.err(`warning: ${m}\n`) });
  const registry = defaultRegistry(plugins.declared);
  try {
    if (values.junction !== undefined) await plugins.use(registry, [values.junction]);
  } finally {
    await plugins.close();
  }
  const junction = (fallback: string) => (values.junction === undefined && !values.param?.length ? undefined : { device: values.junction ?? fallback, params });
  if (kind === 'grid') return writeGrid(values, seed, junction('memristor.milano'), registry.lookup, io);
  const [wires] = numbers('wires', values.wires, 1);
  const [mean, std] = numbers('length', values.length, 2);
  const [w, h] = numbers('size', values.size, 2);
  let result;
  try {
    result = generateNanowires({
      wires,
      length: { mean, std },
      size: { w, h },
      seed,
      electrodes: values.electrodes === undefined ? undefined : electrodes(values.electrodes),
      junction: junction('memristor.nanowire'),
      variability: variability(values.variability),
      lookup: registry.lookup,
    });
  } catch (err) {
    if (err instanceof GenerateError) throw new InputError(err.message);
    throw err;
  }
  const dir = dirname(values.out);
  if (dir) mkdirSync(dir, { recursive: true });
  writeFileSync(values.out, JSON.stringify(result.network, null, 2) + '\n');
  const s = result.stats;
  io.out(
    `${result.network.title}\n` +
      `  wires kept        ${s.wiresKept} of ${s.wiresGenerated} (largest of ${s.components} components)\n` +
      `  junctions         ${s.junctions} (${s.junctionsFound} among all wires)\n` +
      `  mean degree       ${s.meanDegree.toFixed(3)}\n` +
      `  electrodes        ${result.electrodes.map((e) => `${e.net} = wire ${e.wire}`).join(', ')}\n` +
      `wrote ${values.out}\n`,
  );
  return 0;
}

function writeGrid(
  values: Record<string, string | string[] | boolean | undefined>,
  seed: number | undefined,
  junction: { device: string; params: Record<string, number> } | undefined,
  lookup: ReturnType<typeof defaultRegistry>['lookup'],
  io: CliIo,
): number {
  const [rows] = numbers('rows', values.rows as string | undefined, 1);
  const [cols] = numbers('cols', values.cols as string | undefined, 1);
  const diagonals = values.diagonals === undefined ? 0 : numbers('diagonals', values.diagonals as string, 1)[0];
  const out = values.out as string;
  let result;
  try {
    result = generateGrid({
      rows,
      cols,
      diagonals,
      seed,
      electrodes: values.electrodes === undefined ? undefined : gridElectrodes(values.electrodes as string),
      junction,
      variability: variability(values.variability as string | undefined),
      lookup,
    });
  } catch (err) {
    if (err instanceof GenerateError) throw new InputError(err.message);
    throw err;
  }
  const dir = dirname(out);
  if (dir) mkdirSync(dir, { recursive: true });
  writeFileSync(out, JSON.stringify(result.network, null, 2) + '\n');
  const s = result.stats;
  io.out(
    `${result.network.title}\n` +
      `  nodes             ${s.nodes}\n` +
      `  junctions         ${s.junctions} (${s.lattice} lattice edges, ${s.diagonals} diagonals)\n` +
      `  mean degree       ${s.meanDegree.toFixed(3)}\n` +
      `  electrodes        ${result.electrodes.map((e) => `${e.net} = node ${Math.floor(e.node / cols)}:${e.node % cols}`).join(', ')}\n` +
      `wrote ${out}\n`,
  );
  return 0;
}
