/** Reads a network file from disk: SPICE netlists (.cir .sp .spice .net .ckt) or memflow JSON. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry, spiceToNetwork } from '../common/compiler/index.js';
import { parseNetlist } from '../common/netlist/index.js';
import { parseNetworkJson } from '../common/network/index.js';
import type { Network } from '../common/network/types.js';
import { CircuitError } from '../common/solver/errors.js';

export function defaultRegistry(): DeviceRegistry {
  return new DeviceRegistry(builtinDevices);
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
  return spiceToNetwork(ast, registry);
}
