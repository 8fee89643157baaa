/**
 * The discovered plugins, read from their manifests up front and loaded only when used: a plugin's code
 * (bundle, worker, lockdown, Compartment: 0.1–0.5 s each) is loaded the first time a command needs one
 * of its devices — a network that names it, `memflow models --json`, `characterise` of it — and never
 * for a circuit that does not use it.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import type { DeviceRegistry } from '../common/compiler/index.js';
import { CircuitError } from '../common/solver/errors.js';
import { spellingClash } from './load-spice.js';
import { declaredModel, findPluginDirs, loadPlugin, PluginError, readPluginPackage, type LoadedPlugin, type LoadOptions, type PluginPackage } from './plugin-load.js';
import { discoverPlugins, type FoundPlugin } from './plugins/discover.js';
import type { Plugins } from './plugins/used.js';

interface Entry {
  readonly plugin: PluginPackage;
  readonly source: FoundPlugin['source'];
}

export class PluginCatalog implements Plugins {
  readonly declared: readonly DeviceModel[];
  /** The plugins whose code has been loaded, in order (what a command cost; tests count them). */
  readonly loaded: LoadedPlugin[] = [];
  private readonly owners = new Map<string, Entry>();
  private readonly loads = new Map<Entry, Promise<LoadedPlugin>>();

  private constructor(
    readonly entries: readonly Entry[],
    private readonly options: LoadOptions,
  ) {
    this.declared = entries.flatMap((e) => e.plugin.manifest.devices.map((d) => declaredModel(e.plugin, d)));
    for (const e of entries) for (const d of e.plugin.manifest.devices) this.owners.set(d.id, e);
  }

  /**
   * Finds the plugins (discoverPlugins) and reads their manifests; runs no plugin code. A `--plugins`
   * directory must hold plugin packages with valid manifests; a plugin from the user directory or npm
   * with an unusable manifest is skipped with a message through `onSkip`.
   */
  static read(options: LoadOptions = {}): PluginCatalog {
    for (const dir of options.dirs ?? []) findPluginDirs(dir);
    const entries: Entry[] = [];
    for (const found of discoverPlugins(options)) {
      try {
        entries.push({ plugin: readPluginPackage(found.dir), source: found.source });
      } catch (err) {
        if (found.source === 'command line' || !(err instanceof PluginError)) throw err;
        options.onSkip?.(`skipped the plugin in ${found.dir} (${found.source}): ${err.message}`);
      }
    }
    return new PluginCatalog(entries, options);
  }

  /** The plugin's code, loaded confined once (a failed load fails again with the same message). */
  private load(entry: Entry): Promise<LoadedPlugin> {
    let loading = this.loads.get(entry);
    if (!loading) {
      loading = loadPlugin(entry.plugin, this.options).then((l) => {
        this.loaded.push(l);
        return l;
      });
      this.loads.set(entry, loading);
    }
    return loading;
  }

  async use(registry: DeviceRegistry, ids: Iterable<string>): Promise<void> {
    const needed = new Set<Entry>();
    for (const id of ids) {
      const entry = this.owners.get(id);
      if (entry) needed.add(entry);
    }
    for (const entry of needed) install(registry, entry, await this.load(entry));
  }

  async useUndeclaredSpellings(registry: DeviceRegistry): Promise<boolean> {
    let any = false;
    for (const entry of this.entries.filter((e) => !this.loads.has(e) && e.plugin.manifest.devices.some((d) => !d.spice))) {
      const loaded = await this.loadOrSkip(entry);
      if (loaded) install(registry, entry, loaded);
      any ||= loaded !== undefined;
    }
    return any;
  }

  async loadAll(): Promise<DeviceModel[]> {
    const devices: DeviceModel[] = [];
    for (const entry of this.entries) devices.push(...((await this.loadOrSkip(entry))?.devices ?? []));
    return devices;
  }

  /** As before lazy loading: a discovered plugin (not one on the command line) that cannot load is skipped. */
  private async loadOrSkip(entry: Entry): Promise<LoadedPlugin | undefined> {
    try {
      return await this.load(entry);
    } catch (err) {
      if (entry.source === 'command line' || !(err instanceof PluginError)) throw err;
      this.options.onSkip?.(`skipped the plugin in ${entry.plugin.dir} (${entry.source}): ${err.message}`);
      return undefined;
    }
  }

  async close(): Promise<void> {
    const settled = await Promise.allSettled(this.loads.values());
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.host.close() : undefined)));
  }
}

/** Puts a loaded plugin's models into the registry, in place of their declarations. */
function install(registry: DeviceRegistry, entry: Entry, loaded: LoadedPlugin): void {
  for (const model of loaded.devices) {
    const current = registry.get(model.id);
    if (current === model) continue;
    // A spelling the manifest declared was checked when the registry was made (and equals the code's).
    if (!entry.plugin.manifest.devices.find((d) => d.id === model.id)?.spice) {
      const clash = spellingClash(model, registry.all());
      if (clash) throw new CircuitError(`device model '${model.id}' ${clash}; a plugin cannot take over another model's SPICE spelling`);
    }
    if (current) registry.replace(model);
    else registry.add(model);
  }
}
