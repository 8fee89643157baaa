/**
 * Reads a SPICE netlist from disk (.cir .sp .spice .net .ckt): everything of load.ts but JSON networks,
 * whose validator (zod, jsonc-parser, the schema) `memflow run` on a netlist then never loads.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { DeviceModel } from '@memflow/plugin-sdk';
import { builtinDevices, fitTable, tableModelFromFit, TableDataError, type TableFit } from '@memflow/nodes';
import { DeviceRegistry, spiceToNetwork } from '../common/compiler/index.js';
import { formatLocation, NetlistError, parseNetlist, type ModelDef, type NetlistAst } from '../common/netlist/index.js';
import type { ModelCard, Network, TableSource } from '../common/network/types.js';
import { CircuitError } from '../common/solver/errors.js';

/** The built-in device models, plus `extra` (e.g. plugin devices; an id already taken throws). */
export function defaultRegistry(extra: readonly DeviceModel[] = []): DeviceRegistry {
  const registry = new DeviceRegistry(builtinDevices);
  for (const model of extra) {
    if (registry.get(model.id)) throw new CircuitError(`device model '${model.id}' is already registered; a plugin cannot replace it`);
    const clash = spellingClash(model, registry.all());
    if (clash) throw new CircuitError(`device model '${model.id}' ${clash}; a plugin cannot take over another model's SPICE spelling`);
    registry.add(model);
  }
  return registry;
}

/**
 * Why an added model's SPICE spelling would change what existing netlists mean, or undefined. An added
 * model must be chosen by a level of its own: without one it could become the default of its letter or
 * `.model` type, and a level already taken would shadow (or be shadowed by) another model.
 */
export function spellingClash(model: DeviceModel, existing: readonly DeviceModel[]): string | undefined {
  const spice = model.spice;
  if (!spice) return undefined;
  if (!spice.level?.length) return `is spelled '${spice.letter}${spice.modelType ? ` … ${spice.modelType}` : ''}' without level=`;
  for (const other of existing) {
    const o = other.id === model.id ? undefined : other.spice;
    if (!o || o.letter !== spice.letter || o.modelType !== spice.modelType) continue;
    const taken = spice.level.find((l) => (o.level ?? ['1']).includes(l));
    if (taken) return `uses level=${taken}, which already selects '${other.id}'`;
  }
  return undefined;
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CircuitError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(err)})`);
  }
}

/** Whether `path` names a memflow JSON network (anything else is read as a SPICE netlist). */
export function isJsonNetworkFile(path: string): boolean {
  return /\.json$/i.test(path);
}

/** A SPICE netlist file as a network (what loadNetwork does for every file but .json). */
export function loadSpiceNetwork(path: string, registry: DeviceRegistry, onWarning?: (message: string) => void): Network {
  const text = readText(path);
  const ast = parseNetlist(text, {
    file: path,
    onWarning: onWarning && ((message, loc) => onWarning(`${formatLocation(loc)}: ${message}`)),
    readFile: (include, from) => {
      const file = resolve(dirname(from), include);
      return { file, text: readText(file) };
    },
  });
  const tables = new Map<string, TableSource>();
  const network = spiceToNetwork(withTableModels(ast, registry, tables), registry);
  if (tables.size === 0) return network;
  const models: Record<string, ModelCard> = {};
  for (const [name, card] of Object.entries(network.models ?? {})) models[name] = tables.has(name) ? { ...card, table: tables.get(name)! } : card;
  return { ...network, models };
}

/**
 * The network with its table models' data files given relative to `toDir` instead of `fromDir`, for
 * writing it somewhere else; absolute paths stay absolute.
 */
export function rebaseTableFiles(network: Network, fromDir: string, toDir: string): Network {
  const cards = Object.entries(network.models ?? {});
  if (!cards.some(([, c]) => c.table?.file !== undefined)) return network;
  const models: Record<string, ModelCard> = {};
  for (const [name, card] of cards) {
    const file = card.table?.file;
    models[name] = file === undefined || isAbsolute(file) ? card : { ...card, table: { ...card.table!, file: relative(toDir, resolve(fromDir, file)).split(sep).join('/') } };
  }
  return { ...network, models };
}

/**
 * `.model NAME memristor level=table file="sweep.csv" [nonlinearity=auto|linear]`: fits a data-driven
 * model to the file (relative to the netlist) and registers it as `memristor.table:NAME`, selected by
 * the card through the level `table:NAME`.
 */
function withTableModels(ast: NetlistAst, registry: DeviceRegistry, tables: Map<string, TableSource>): NetlistAst {
  let models: Map<string, ModelDef> | undefined;
  for (const def of ast.models.values()) {
    if (def.type !== 'memristor' || def.params.level !== 'table') continue;
    const { file, nonlinearity, level: _level, ...rest } = def.params;
    if (typeof file !== 'string') throw new NetlistError(`model '${def.name}': level=table needs file="data.csv" (an I–V sweep or pulse-response CSV)`, def.loc);
    const path = resolve(dirname(def.loc.file), file);
    let model;
    let fit: TableFit;
    try {
      fit = fitTable(readText(path), {
        name: def.name.replace(/[^a-z0-9_.-]/gi, '_'),
        ...(nonlinearity === 'linear' || nonlinearity === 'auto' ? { nonlinearity } : typeof nonlinearity === 'number' ? { nonlinearity } : {}),
      });
      model = tableModelFromFit(fit);
    } catch (err) {
      if (err instanceof TableDataError) throw new NetlistError(`model '${def.name}': ${path}: ${err.message}`, def.loc);
      if (err instanceof CircuitError) throw new NetlistError(`model '${def.name}': ${err.message}`, def.loc);
      throw err;
    }
    tables.set(def.name, { file, ...(nonlinearity !== undefined ? { nonlinearity } : {}), fit: fit as unknown as Record<string, unknown> });
    const level = `table:${def.name}`;
    if (!registry.get(model.id)) registry.add({ ...model, spice: { letter: 'Y', modelType: 'memristor', level: [level] } });
    models ??= new Map(ast.models);
    models.set(def.name, { ...def, params: { ...rest, level } });
  }
  return models ? { ...ast, models } : ast;
}
