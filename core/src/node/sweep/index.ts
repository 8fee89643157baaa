/** Parameter sweeps on the local worker pool. */
import type { SweepPointInput, SweepPointResult } from '../../common/sweep/point.js';
import { PiscinaSweepExecutor } from './piscina-executor.js';
import { builtFile } from '../built-file.js';

export { PiscinaSweepExecutor, type PiscinaSweepOptions } from './piscina-executor.js';

/**
 * The built sweep worker: its one-file bundle beside the CLI bundle (dist/node/memflow.bundle.mjs →
 * dist/node/workers/), the tsc build beside this module's directory, or that build for the TS sources.
 */
export function sweepWorkerFile(moduleUrl: string = import.meta.url): string {
  return builtFile(moduleUrl, 1, 'workers/sweep-worker.bundle.mjs', 'workers/sweep-worker.js');
}

/**
 * Plugins a sweep's workers may load: package directories (each worker reads their manifests and loads
 * a plugin's code the first time one of its jobs uses a device of it) and the plugin worker module.
 */
export interface SweepPlugins {
  readonly dirs: readonly string[];
  readonly workerFile: string;
}

/** A piscina executor of sweep points. */
export function sweepExecutor(options: { workers?: number; timeoutMs?: number; filename?: string; plugins?: SweepPlugins } = {}): PiscinaSweepExecutor<SweepPointInput, SweepPointResult> {
  return new PiscinaSweepExecutor({ filename: options.filename ?? sweepWorkerFile(), workers: options.workers, timeoutMs: options.timeoutMs, workerData: options.plugins ? { plugins: options.plugins } : undefined });
}
