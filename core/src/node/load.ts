/** Reads a network file from disk: SPICE netlists (.cir .sp .spice .net .ckt) or memflow JSON. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DeviceModel } from '@memflow/plugin-sdk';
import { buildTableModel, builtinDevices, TableDataError } from '@memflow/nodes';
import { DeviceRegistry, spiceToNetwork } from '../common/compiler/index.js';
import { NetlistError, parseNetlist, type ModelDef, type NetlistAst } from '../common/netlist/index.js';
import { parseNetworkJson } from '../common/network/index.js';
import type { Network } from '../common/network/types.js';
import { CircuitError } from '../common/solver/errors.js';

/** The built-in device models, plus `extra` (e.g. plugin devices; an id already taken throws). */
export function defaultRegistry(extra: readonly DeviceModel[] = []): DeviceRegistry {
  const registry = new DeviceRegistry(builtinDevices);
  for (const model of extra) {
    if (registry.get(model.id)) throw new CircuitError(`device model '${model.id}' is already registered; a plugin cannot replace it`);
    registry.add(model);
  }
  return registry;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CircuitError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(err)})`);
  }
}

export function loadNetwork(path: string, registry: DeviceRegistry): Network {
  const text = readText(path);
  if (/\.json$/i.test(path)) return parseNetworkJson(text, path);
  const ast = parseNetlist(text, {
    file: path,
    readFile: (include, from) => {
      const file = resolve(dirname(from), include);
      return { file, text: readText(file) };
    },
  });
  return spiceToNetwork(withTableModels(ast, registry), registry);
}

/**
 * `.model NAME memristor level=table file="sweep.csv" [nonlinearity=auto|linear]`: fits a data-driven
 * model to the file (relative to the netlist) and registers it as `memristor.table:NAME`, selected by
 * the card through the level `table:NAME`.
 */
function withTableModels(ast: NetlistAst, registry: DeviceRegistry): NetlistAst {
  let models: Map<string, ModelDef> | undefined;
  for (const def of ast.models.values()) {
    if (def.type !== 'memristor' || def.params.level !== 'table') continue;
    const { file, nonlinearity, level: _level, ...rest } = def.params;
    if (typeof file !== 'string') throw new NetlistError(`model '${def.name}': level=table needs file="data.csv" (an I–V sweep or pulse-response CSV)`, def.loc);
    const path = resolve(dirname(def.loc.file), file);
    let model;
    try {
      model = buildTableModel(readText(path), {
        name: def.name.replace(/[^a-z0-9_.-]/gi, '_'),
        ...(nonlinearity === 'linear' || nonlinearity === 'auto' ? { nonlinearity } : typeof nonlinearity === 'number' ? { nonlinearity } : {}),
      });
    } catch (err) {
      if (err instanceof TableDataError) throw new NetlistError(`model '${def.name}': ${path}: ${err.message}`, def.loc);
      if (err instanceof CircuitError) throw new NetlistError(`model '${def.name}': ${err.message}`, def.loc);
      throw err;
    }
    const level = `table:${def.name}`;
    if (!registry.get(model.id)) registry.add({ ...model, spice: { letter: 'Y', modelType: 'memristor', level: [level] } });
    models ??= new Map(ast.models);
    models.set(def.name, { ...def, params: { ...rest, level } });
  }
  return models ? { ...ast, models } : ast;
}
