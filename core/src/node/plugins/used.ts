/**
 * Plugins as a command sees them: the devices their manifests declare (known without running plugin
 * code), and a way to load the code of the ones a network actually uses. Kept apart from the catalog
 * (plugin-catalog.ts: zod, semver, the confined host) so that a command with no plugin installed never
 * loads any of that.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import type { DeviceRegistry } from '../../common/compiler/index.js';
import { NetlistError } from '../../common/netlist/index.js';
import type { Network } from '../../common/network/types.js';
import { defaultRegistry } from '../load-spice.js';

export interface Plugins {
  /** Every discovered plugin device, from its manifest: listable, resolvable, not evaluable. */
  readonly declared: readonly DeviceModel[];
  /** Loads the plugins contributing these device ids and puts their code's models into `registry`. */
  use(registry: DeviceRegistry, ids: Iterable<string>): Promise<void>;
  /**
   * Loads the plugins whose manifests declare no SPICE spelling (their spelling is known only from
   * their code) into `registry`; false when there was none left to load.
   */
  useUndeclaredSpellings(registry: DeviceRegistry): Promise<boolean>;
  /**
   * Loads every plugin and returns their code's devices; a discovered one (not on the command line)
   * that cannot load is skipped with a warning.
   */
  loadAll(): Promise<DeviceModel[]>;
  /** Stops the workers of the plugins loaded so far. */
  close(): Promise<void>;
}

/** No plugin discovered. */
export const NO_PLUGINS: Plugins = {
  declared: [],
  use: async () => undefined,
  useUndeclaredSpellings: async () => false,
  loadAll: async () => [],
  close: async () => undefined,
};

/** The device ids a network's elements and model cards name. */
export function devicesOf(network: Network): Set<string> {
  const ids = new Set<string>();
  for (const e of network.elements) ids.add(e.device);
  for (const card of Object.values(network.models ?? {})) ids.add(card.device);
  return ids;
}

/**
 * Reads a network against the built-in models and the plugins' declarations, then loads the code of
 * the plugins it uses (and only those) into the registry it returns. A netlist spelling that nothing
 * declares may belong to a plugin whose manifest gives no spelling: those are loaded and the netlist
 * read again.
 */
export async function readWithPlugins(plugins: Plugins, read: (registry: DeviceRegistry) => Network | Promise<Network>): Promise<{ network: Network; registry: DeviceRegistry }> {
  const registry = defaultRegistry(plugins.declared);
  let network: Network;
  try {
    network = await read(registry);
  } catch (err) {
    if (!(err instanceof NetlistError) || !(await plugins.useUndeclaredSpellings(registry))) throw err;
    network = await read(registry);
  }
  await plugins.use(registry, devicesOf(network));
  return { network, registry };
}
