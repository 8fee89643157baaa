/** Parameter sweeps on the local worker pool. */
import { fileURLToPath } from 'node:url';
import type { SweepPointInput, SweepPointResult } from '../../common/sweep/point.js';
import { PiscinaSweepExecutor } from './piscina-executor.js';

export { PiscinaSweepExecutor, type PiscinaSweepOptions } from './piscina-executor.js';

/**
 * The built sweep worker: its one-file bundle beside the CLI bundle (dist/node/memflow.bundle.mjs →
 * dist/node/workers/), the tsc build beside this module's directory, or that build for the TS sources.
 */
export function sweepWorkerFile(moduleUrl: string = import.meta.url): string {
  const rel = moduleUrl.endsWith('.bundle.mjs')
    ? './workers/sweep-worker.bundle.mjs'
    : moduleUrl.endsWith('.ts')
      ? '../../../dist/node/workers/sweep-worker.js'
      : '../workers/sweep-worker.js';
  return fileURLToPath(new URL(rel, moduleUrl));
}

/** A piscina executor of sweep points. */
export function sweepExecutor(options: { workers?: number; timeoutMs?: number; filename?: string } = {}): PiscinaSweepExecutor<SweepPointInput, SweepPointResult> {
  return new PiscinaSweepExecutor({ filename: options.filename ?? sweepWorkerFile(), workers: options.workers, timeoutMs: options.timeoutMs });
}
