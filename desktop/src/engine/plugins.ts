/**
 * Plugin packages in the engine (DESIGN §7): the manifest is checked first (core's schema rules, no plugin
 * code runs), then the main module is evaluated in an SES Compartment whose only global is Math and whose
 * only importable module is the host's (hardened) @memflow/plugin-sdk. Then the devices are compared with
 * the manifest and the SDK conformance suite runs on each, with core's sine characterisation.
 */
import 'ses';
import { ModuleSource } from '@endo/module-source';
import * as sdk from '@memflow/plugin-sdk';
import type { DeviceModel } from '@memflow/plugin-sdk';
import { characterise, DeviceRegistry } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import type { PluginFiles, PluginInfo } from '../shared/engine-api.js';

export class PluginError extends Error {
  override name = 'PluginError';
}

const HOST_API_VERSION = 1;

interface Manifest {
  apiVersion: string | number;
  main: string;
  devices: { id: string; title: string; kind: string; drive?: { amplitude?: number; frequency?: number } }[];
}

let lockedDown = false;

/** Freezes the shared intrinsics once, before the first plugin code runs (SES requires it). */
function ensureLockdown(): void {
  if (lockedDown) return;
  lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe', consoleTaming: 'unsafe', stackFiltering: 'verbose' });
  lockedDown = true;
}

/** '/'-joined path of `spec` relative to the module `from` (both inside the package). */
function join(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') {
      if (parts.length === 0) throw new PluginError(`'${spec}' (imported from ${from}) is outside the package`);
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

export function readManifest(files: PluginFiles): { name: string; version: string; manifest: Manifest } {
  const text = files['package.json'];
  if (text === undefined) throw new PluginError('package.json: no such file (a plugin is a folder with a package.json)');
  let pkg: { name?: unknown; version?: unknown; memflow?: Manifest };
  try {
    pkg = JSON.parse(text);
  } catch (err) {
    throw new PluginError(`package.json: ${(err as Error).message}`);
  }
  const m = pkg.memflow;
  if (!m || typeof m !== 'object') throw new PluginError('package.json: no "memflow" manifest (see plugins/sdk/README.md)');
  const major = /^\s*[\^~]?(\d+)/.exec(String(m.apiVersion ?? ''));
  if (!major) throw new PluginError(`package.json: memflow.apiVersion '${m.apiVersion}' is not a version (e.g. "1" or "^1.0.0")`);
  if (Number(major[1]) !== HOST_API_VERSION) throw new PluginError(`package.json: the plugin needs memflow plugin API ${m.apiVersion}, but this memflow implements API ${HOST_API_VERSION}`);
  if (typeof m.main !== 'string' || !Array.isArray(m.devices) || m.devices.length === 0) throw new PluginError('package.json: memflow.main and a non-empty memflow.devices are required');
  return { name: typeof pkg.name === 'string' ? pkg.name : 'plugin', version: typeof pkg.version === 'string' ? pkg.version : '0.0.0', manifest: m };
}

/** Evaluates the package's main module in a fresh Compartment and returns its devices. */
export async function evaluatePlugin(files: PluginFiles, main: string): Promise<DeviceModel[]> {
  ensureLockdown();
  const entry = join('', main);
  if (files[entry] === undefined) throw new PluginError(`memflow.main '${main}' does not exist`);
  const compartment = new Compartment({
    __options__: true,
    globals: { Math },
    modules: { '@memflow/plugin-sdk': { namespace: harden({ ...sdk }) } },
    resolveHook: (spec: string, referrer: string) => (spec.startsWith('.') ? join(referrer, spec) : spec),
    importHook: async (specifier: string) => {
      const text = files[specifier];
      if (text === undefined) throw new PluginError(`the plugin imports '${specifier}': only its own files and @memflow/plugin-sdk are available`);
      // SES rejects the text `import(` anywhere, JSDoc type imports included; renaming it keeps comments
      // harmless and turns a real dynamic import into a call of an undefined function.
      return { source: new ModuleSource(text.replace(/(^|[^.])\bimport(\s*\()/g, '$1__import__$2'), specifier) };
    },
  });
  let ns: Record<string, unknown>;
  try {
    ns = (await compartment.import(entry)).namespace as Record<string, unknown>;
  } catch (err) {
    throw new PluginError(`evaluating ${entry} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  let list: unknown = ns.devices;
  if (!Array.isArray(list) && typeof ns.activate === 'function') list = await (ns.activate as (s: typeof sdk) => unknown)(sdk);
  if (!Array.isArray(list) || !list.every((d) => typeof d?.id === 'string' && typeof d?.evaluate === 'function')) {
    throw new PluginError(`${entry} must export \`devices\` (an array of device models) or \`activate(sdk)\` returning one`);
  }
  return list as DeviceModel[];
}

/** Loads a plugin package and runs the conformance suite on its devices. */
export async function installPlugin(files: PluginFiles, registry: DeviceRegistry): Promise<{ info: PluginInfo; devices: DeviceModel[] }> {
  const { name, version, manifest } = readManifest(files);
  const devices = await evaluatePlugin(files, manifest.main);
  const missing = manifest.devices.filter((e) => !devices.some((d) => d.id === e.id)).map((e) => e.id);
  const extra = devices.filter((d) => !manifest.devices.some((e) => e.id === d.id)).map((d) => d.id);
  if (missing.length || extra.length) {
    throw new PluginError(`the code does not match the manifest: ${[...missing.map((id) => `device '${id}' is in the manifest but not exported`), ...extra.map((id) => `device '${id}' is exported but not in the manifest`)].join('; ')}`);
  }
  for (const d of devices) if (registry.get(d.id)) throw new PluginError(`device model '${d.id}' is already registered; a plugin cannot replace it`);
  const models = devices.map((model) => {
    const entry = manifest.devices.find((e) => e.id === model.id);
    const report = sdk.runConformance(model, {
      simulateLoop: (m, drive) => characterise(m, new DeviceRegistry([...builtinDevices, m]).lookup, { ...drive, pointsPerCycle: 200 }),
      drive: { ...entry?.drive },
    });
    return { id: model.id, title: model.title, kind: model.kind, ok: report.ok, checks: report.checks.map((c) => ({ name: c.name, ok: c.ok, detail: c.detail })) };
  });
  return { info: { name, version, ok: models.every((m) => m.ok), models }, devices };
}
