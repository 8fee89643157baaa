/**
 * Plugin packages: an npm package whose package.json carries a `memflow` manifest (apiVersion, main,
 * the devices it contributes with their parameters and states). The manifest is read and validated
 * WITHOUT running plugin code; when a device of it is used (plugin-catalog.ts), the main module is
 * loaded CONFINED (plugins/host.ts: an SES Compartment in a locked-down worker of its own, called through
 * shared memory under a watchdog) and its devices compared with the manifest.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { DeviceModel } from '@memflow/plugin-sdk';
import semver from 'semver';
import * as z from 'zod';
import { PluginError } from './plugin-error.js';
import type { DiscoverOptions } from './plugins/discover.js';
import type { ConfinedPlugin, ConfinementOptions } from './plugins/host.js';

/** The plugin API this host implements; a manifest's apiVersion must be compatible with it. */
export const HOST_API_VERSION = 1;
/** The same, as the semantic version a manifest's apiVersion range is checked against. */
export const HOST_API = `${HOST_API_VERSION}.0.0`;

export { PluginError } from './plugin-error.js';

const number = z.number().refine(Number.isFinite, 'must be a finite number');
const paramRef = z.union([number, z.string().min(1)]);
const paramSchema = z.strictObject({
  default: number,
  unit: z.string().optional(),
  min: number.optional(),
  max: number.optional(),
  doc: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  choices: z.array(z.string()).optional(),
});
const stateSchema = z.strictObject({
  init: paramRef,
  min: paramRef.optional(),
  max: paramRef.optional(),
  unit: z.string().optional(),
  doc: z.string().optional(),
  abstol: number.optional(),
});
/**
 * How netlists spell the device (optional, API 1): with it, `.model NAME TYPE level=X` finds the plugin
 * from its manifest, so the plugin's code is loaded only when a netlist uses it. It must equal the
 * code's `spice` (checked when the code loads). Without it the spelling is known only from the code,
 * which is then loaded whenever a netlist names a spelling no manifest or built-in model declares.
 */
const spiceSchema = z.strictObject({
  letter: z.string().regex(/^[A-Z]$/, 'must be one uppercase letter (Y for YMEMRISTOR cards)'),
  modelType: z.string().min(1).optional(),
  level: z.array(z.string().regex(/^\S+$/, 'must be a name without spaces')).min(1, 'a plugin model needs a level of its own'),
  value: z.string().optional(),
});
const deviceSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_:+-]+)*$/, "must look like 'vendor.name'"),
  title: z.string().min(1),
  kind: z.enum(['passive', 'source', 'diode', 'memristor', 'neuron', 'controlled', 'other']),
  params: z.record(z.string(), paramSchema),
  states: z.record(z.string(), stateSchema).default({}),
  spice: spiceSchema.optional(),
  /** Optional sine for the conformance loop check (default 1 V, 1 Hz). */
  drive: z.strictObject({ amplitude: number.positive(), frequency: number.positive() }).partial().optional(),
});
export const manifestSchema = z.strictObject({
  apiVersion: z.union([z.string(), z.number()]).transform(String),
  main: z.string().min(1),
  devices: z.array(deviceSchema).min(1, 'a plugin contributes at least one device'),
});

export type PluginManifest = z.infer<typeof manifestSchema>;
export type ManifestDevice = PluginManifest['devices'][number];

export interface PluginPackage {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly manifest: PluginManifest;
  /** Absolute path of the main module. */
  readonly mainFile: string;
}

/**
 * Why a manifest's apiVersion does not fit this host (undefined when it does). apiVersion is a semver
 * range (`1`, `1.x`, `^1.0.0`, `>=1 <3`); a bare version `1.2.0` means `^1.2.0` (that API or a later,
 * compatible one), as npm's engines fields are read.
 */
export function apiVersionProblem(apiVersion: string): string | undefined {
  const range = semver.valid(apiVersion) ? `^${apiVersion}` : apiVersion;
  if (semver.validRange(range) === null) return `memflow.apiVersion '${apiVersion}' is not a version or a semver range (e.g. "1" or "^1.0.0")`;
  if (semver.satisfies(HOST_API, range)) return undefined;
  const pluginTooOld = semver.gtr(HOST_API, range);
  return `the plugin needs memflow plugin API ${apiVersion}, but this memflow implements API ${HOST_API}; ${pluginTooOld ? 'update the plugin (rebuild it against the current @memflow/plugin-sdk)' : 'upgrade memflow'}`;
}

/** Reads and validates DIR/package.json's `memflow` manifest. Runs no plugin code. */
export function readPluginPackage(dir: string): PluginPackage {
  const abs = resolve(dir);
  const file = join(abs, 'package.json');
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PluginError(code === 'ENOENT' ? `${file}: no such file (a plugin is a directory with a package.json)` : `${file}: ${code ?? (err as Error).message}`);
  }
  if (typeof pkg !== 'object' || pkg === null || !('memflow' in pkg)) throw new PluginError(`${file}: no "memflow" manifest (see plugins/sdk/README.md)`);
  const raw = (pkg as { memflow: unknown }).memflow;
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  memflow.${i.path.join('.')}: ${i.message}`);
    throw new PluginError(`${file}: invalid memflow manifest:\n${lines.join('\n')}`);
  }
  const manifest = parsed.data;
  const apiProblem = apiVersionProblem(manifest.apiVersion);
  if (apiProblem) throw new PluginError(`${file}: ${apiProblem}`);
  const ids = manifest.devices.map((d) => d.id);
  const dup = ids.find((id, k) => ids.indexOf(id) !== k);
  if (dup) throw new PluginError(`${file}: memflow.devices lists '${dup}' twice`);
  const mainFile = resolve(abs, manifest.main);
  const rel = relative(abs, mainFile);
  if (rel.startsWith('..') || rel.startsWith(sep)) throw new PluginError(`${file}: memflow.main '${manifest.main}' is outside the package`);
  if (!existsSync(mainFile)) throw new PluginError(`${file}: memflow.main '${manifest.main}' does not exist`);
  const { name, version } = pkg as { name?: unknown; version?: unknown };
  return { dir: abs, name: typeof name === 'string' ? name : abs, version: typeof version === 'string' ? version : '0.0.0', manifest, mainFile };
}

/** Differences between a device and its manifest entry (empty when they agree). */
export function manifestMismatches(entry: ManifestDevice, model: DeviceModel): string[] {
  const out: string[] = [];
  if (model.title !== entry.title) out.push(`title: manifest '${entry.title}', code '${model.title}'`);
  if (model.kind !== entry.kind) out.push(`kind: manifest '${entry.kind}', code '${model.kind}'`);
  const compare = (what: string, fromManifest: Record<string, Record<string, unknown>>, fromCode: Record<string, object>, fields: readonly string[]) => {
    const a = Object.keys(fromManifest);
    const b = Object.keys(fromCode);
    for (const n of a) if (!b.includes(n)) out.push(`${what} '${n}' is in the manifest but not in the code`);
    for (const n of b) if (!a.includes(n)) out.push(`${what} '${n}' is in the code but not in the manifest`);
    for (const n of a.filter((k) => b.includes(k))) {
      for (const f of fields) {
        const x = fromManifest[n][f];
        const y = (fromCode[n] as Record<string, unknown>)[f];
        if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${what} '${n}'.${f}: manifest ${JSON.stringify(x)}, code ${JSON.stringify(y)}`);
      }
    }
  };
  if (entry.spice) {
    // The manifest cannot declare source or current-controlled syntax: the code must not have it either.
    const fromCode = model.spice ? { source: false, controlledByCurrent: false, ...model.spice } : undefined;
    const fromManifest: Record<string, unknown> = { source: false, controlledByCurrent: false, ...entry.spice };
    if (!fromCode) out.push(`spice: manifest ${JSON.stringify(entry.spice)}, code none`);
    else
      for (const f of ['letter', 'modelType', 'level', 'value', 'source', 'controlledByCurrent'] as const) {
        const x = fromManifest[f];
        const y = (fromCode as Record<string, unknown>)[f];
        if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`spice.${f}: manifest ${JSON.stringify(x)}, code ${JSON.stringify(y)}`);
      }
  }
  compare('parameter', entry.params, model.params, ['default', 'min', 'max', 'unit', 'choices']);
  compare('state', entry.states, model.states ?? {}, ['init', 'min', 'max', 'unit']);
  return out;
}

/**
 * A device as its manifest declares it, before (or without) loading the plugin's code: id, title, kind,
 * parameters, states and, when declared, the SPICE spelling — enough to list it and to find which
 * plugin a netlist or network uses. It has no terminals and cannot be evaluated: the plugin's code
 * replaces it (PluginCatalog.use) before a circuit is built.
 */
export function declaredModel(plugin: PluginPackage, entry: ManifestDevice): DeviceModel {
  const { id, title, kind, params, states, spice } = entry;
  return {
    id,
    version: plugin.version,
    title,
    kind,
    params,
    states,
    ...(spice ? { spice } : {}),
    terminals: [],
    jacobian: [],
    evaluate() {
      throw new Error(`device model '${id}' (plugin ${plugin.name}) was evaluated before its code was loaded`);
    },
  };
}

export interface LoadedPlugin {
  readonly plugin: PluginPackage;
  readonly devices: readonly DeviceModel[];
  /** The confined worker the devices call into. */
  readonly host: ConfinedPlugin;
}

/** Loads a validated package confined and checks that its devices are exactly the manifest's. */
export async function loadPlugin(plugin: PluginPackage, options: ConfinementOptions = {}): Promise<LoadedPlugin> {
  // The host (esbuild, workers) is imported when a plugin is first loaded, not to read manifests.
  const { ConfinedPlugin, PluginLoadError } = await import('./plugins/host.js');
  let host: ConfinedPlugin;
  try {
    host = await ConfinedPlugin.start(plugin.name, plugin.mainFile, options);
  } catch (err) {
    if (err instanceof PluginLoadError) throw new PluginError(`${plugin.name}: loading ${plugin.mainFile} failed: ${err.message}`);
    throw err;
  }
  const devices = host.devices;
  const problems: string[] = [];
  for (const entry of plugin.manifest.devices) {
    const model = devices.find((d) => d.id === entry.id);
    if (!model) problems.push(`device '${entry.id}' is in the manifest but not exported`);
    else problems.push(...manifestMismatches(entry, model).map((m) => `device '${entry.id}': ${m}`));
  }
  for (const d of devices) if (!plugin.manifest.devices.some((e) => e.id === d.id)) problems.push(`device '${d.id}' is exported but not in the manifest`);
  if (problems.length) {
    await host.close();
    throw new PluginError(`${plugin.name}: the code does not match the manifest:\n  ${problems.join('\n  ')}`);
  }
  return { plugin, devices, host };
}

/** DIR itself when it is a plugin package, else every sub-directory of DIR that is one. */
export function findPluginDirs(dir: string): string[] {
  const abs = resolve(dir);
  const isPackage = (d: string) => {
    try {
      return 'memflow' in (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as object);
    } catch {
      return false;
    }
  };
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new PluginError(`${dir}: not a directory`);
  if (isPackage(abs)) return [abs];
  const found = readdirSync(abs)
    .sort()
    .map((n) => join(abs, n))
    .filter((d) => statSync(d).isDirectory() && isPackage(d));
  if (found.length === 0) throw new PluginError(`${dir}: no plugin package here (a directory whose package.json has a "memflow" manifest)`);
  return found;
}

export interface LoadOptions extends DiscoverOptions, ConfinementOptions {
  /** Told about each plugin from the user directory or npm that cannot be used, which is then skipped. */
  readonly onSkip?: (message: string) => void;
}
