/**
 * Piscina worker of parameter sweeps: runs one sweep point (common/sweep/point.ts) and moves its
 * columns back to the caller (transferred, not copied). When the sweep has plugins (workerData), the
 * worker reads their manifests and loads a plugin's code, confined in a worker of its own, the first time
 * one of its jobs uses a device of that plugin.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import type { DeviceRegistry } from '../../common/compiler/index.js';
import { runSweepPoint, type SweepPointInput } from '../../common/sweep/point.js';
import { defaultRegistry } from '../load.js';
import type { SweepPlugins } from '../sweep/index.js';
import { replyOf, type WorkerReply } from '../sweep/worker-reply.js';
import { devicesOf, type Plugins } from '../plugins/used.js';

const sweepPlugins = (workerData as { plugins?: SweepPlugins } | undefined)?.plugins;
let registry: DeviceRegistry = defaultRegistry();
let plugins: Promise<Plugins> | undefined;

/** The plugins the network uses, loaded into this worker's registry (once each). */
async function withPluginsOf(input: SweepPointInput): Promise<void> {
  if (!sweepPlugins?.dirs.length) return;
  plugins ??= import('../plugin-catalog.js').then(({ PluginCatalog }) => {
    const catalog = PluginCatalog.read({ dirs: sweepPlugins.dirs, discover: false, workerFile: sweepPlugins.workerFile });
    registry = defaultRegistry(catalog.declared);
    return catalog;
  });
  await (await plugins).use(registry, devicesOf(input.network));
}

export default async function sweepWorker(input: SweepPointInput): Promise<unknown> {
  let reply: WorkerReply<ReturnType<typeof runSweepPoint>>;
  try {
    await withPluginsOf(input);
    reply = replyOf(() => runSweepPoint(input, registry.lookup));
  } catch (err) {
    // A plugin that cannot be loaded fails the job with its message, like any other job error.
    reply = replyOf(() => {
      throw err;
    });
  }
  if (!reply.ok) return reply;
  const buffers = [...new Set(reply.result.data.map((d) => d.buffer as ArrayBuffer))];
  return move({ [transferableSymbol]: buffers, [valueSymbol]: reply });
}
