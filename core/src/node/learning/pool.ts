/**
 * EqProp with each batch's samples spread over a piscina pool: the loop of
 * core/src/common/learning/train.ts, its jobs cut into one contiguous part per thread, the parts'
 * per-sample answers joined in sample order. Bit-identical to `runEqProp` for any number of threads.
 */
import { existsSync } from 'node:fs';
import { eqpropLoop, joinAnswers, prepareEqProp, type BatchAnswer, type EqPropHooks, type EqPropResult } from '../../common/learning/train.js';
import type { EpochStats, EqPropConfig } from '../../common/learning/eqprop.js';
import type { EqPropTask } from '../workers/eqprop-worker.js';
import { builtFile } from '../built-file.js';

/** The worker module next to the running code (bundle, tsc output, or the built one for vitest). */
export function eqpropWorkerFile(moduleUrl: string = import.meta.url): string {
  return builtFile(moduleUrl, 1, 'workers/eqprop-worker.bundle.mjs', 'workers/eqprop-worker.js');
}

export interface PoolOptions {
  /** Worker threads (≥ 1). */
  readonly threads: number;
  readonly workerFile?: string;
}

/** Splits n items into `parts` contiguous ranges of nearly equal size (empty ranges dropped). */
export function splitRanges(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < parts; p++) {
    const a = Math.floor((p * n) / parts);
    const b = Math.floor(((p + 1) * n) / parts);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** Trains with the batches' samples solved on `threads` worker threads. */
export async function trainEqPropPool(cfg: EqPropConfig, pool: PoolOptions, hooks: EqPropHooks = {}): Promise<EqPropResult> {
  const loop = eqpropPoolEpochs(cfg, pool, hooks);
  for (let next = await loop.next(); ; next = await loop.next()) if (next.done) return next.value;
}

/**
 * The pool training as an async epoch loop (for `trainingActor`): yields each epoch's curve point;
 * the pool lives until the loop ends or is returned early.
 */
export async function* eqpropPoolEpochs(cfg: EqPropConfig, pool: PoolOptions, hooks: EqPropHooks = {}): AsyncGenerator<EpochStats, EqPropResult, undefined> {
  if (!(Number.isInteger(pool.threads) && pool.threads >= 1)) throw new Error(`EqProp pool: threads must be a positive integer, got ${pool.threads}`);
  const filename = pool.workerFile ?? eqpropWorkerFile();
  if (!existsSync(filename)) throw new Error(`the EqProp worker ${filename} is missing; run \`npm run build\``);
  const { Piscina } = await import('piscina');
  const piscina = new Piscina<EqPropTask, BatchAnswer>({ filename, minThreads: pool.threads, maxThreads: pool.threads });
  try {
    const prepared = prepareEqProp(cfg);
    const reported: EpochStats[] = [];
    const loop = eqpropLoop(cfg, prepared, { ...hooks, onEpoch: (s) => (reported.push(s), hooks.onEpoch?.(s)) });
    let nW = 0;
    let next = loop.next();
    for (;;) {
      while (reported.length > 0) yield reported.shift()!;
      if (next.done) return next.value;
      const job = next.value;
      nW = job.g.length;
      const parts = await Promise.all(
        splitRanges(job.samples.length, pool.threads).map(([a, b]) =>
          piscina.run({ setup: prepared.setup, job: { kind: job.kind, perSample: true, g: job.g, samples: job.samples.slice(a, b) } }),
        ),
      );
      next = loop.next(joinAnswers(parts, nW));
    }
  } finally {
    await piscina.destroy();
  }
}
