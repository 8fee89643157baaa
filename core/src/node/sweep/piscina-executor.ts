/**
 * The local SweepExecutor: jobs on a piscina pool of worker threads. It keeps at most one job per
 * worker in flight, so a job's time limit counts from when it starts running, not from when it was
 * queued. A worker module either returns a `WorkerReply` (see worker-reply.ts: failures as data) or
 * any value; a job is `threw` if it reported or threw an error, `crashed` if its worker died, and
 * `timeout` if it outlived the limit (piscina then terminates that worker and starts a fresh one).
 */
import { existsSync } from 'node:fs';
import { Piscina } from 'piscina';
import { checkJobIds, type SweepExecutor, type SweepJob, type SweepOutcome, type SweepRunOptions } from '../../common/sweep/executor.js';
import { isWorkerReply } from './worker-reply.js';

export interface PiscinaSweepOptions {
  /** The worker module (a built .js/.mjs file whose default export runs one job's input). */
  readonly filename: string;
  /** Worker threads (default 1). */
  readonly workers?: number;
  /** Per-job time limit in milliseconds (default: none). */
  readonly timeoutMs?: number;
  /** Given to every worker (piscina's `workerData`), e.g. the plugins its jobs may need. */
  readonly workerData?: unknown;
}

export class PiscinaSweepExecutor<I, O> implements SweepExecutor<I, O> {
  private readonly pool: Piscina;
  readonly workers: number;
  private readonly timeoutMs?: number;

  constructor(options: PiscinaSweepOptions) {
    if (!existsSync(options.filename)) throw new Error(`the sweep worker ${options.filename} is missing; run \`npm run build\``);
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
    this.workers = workers;
    this.timeoutMs = options.timeoutMs;
    this.pool = new Piscina({ filename: options.filename, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData: options.workerData });
  }

  async run(jobs: readonly SweepJob<I>[], options: SweepRunOptions<O> = {}): Promise<SweepOutcome<O>[]> {
    checkJobIds(jobs);
    const outcomes = new Array<SweepOutcome<O>>(jobs.length);
    let next = 0;
    let done = 0;
    const lane = async (): Promise<void> => {
      while (next < jobs.length) {
        const k = next++;
        outcomes[k] = await this.runOne(jobs[k]);
        options.onOutcome?.(outcomes[k], ++done, jobs.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.workers, jobs.length) }, lane));
    return outcomes;
  }

  private async runOne(job: SweepJob<I>): Promise<SweepOutcome<O>> {
    const controller = new AbortController();
    const timer = this.timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const reply: unknown = await this.pool.run(job.input, { signal: controller.signal });
      if (isWorkerReply<O>(reply)) return reply.ok ? { id: job.id, ok: true, result: reply.result } : { id: job.id, ok: false, kind: 'threw', message: reply.message };
      return { id: job.id, ok: true, result: reply as O };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (controller.signal.aborted) return { id: job.id, ok: false, kind: 'timeout', message: `job '${job.id}' ran longer than ${this.timeoutMs} ms; its worker was terminated` };
      if (/worker exited/i.test(message)) return { id: job.id, ok: false, kind: 'crashed', message: `job '${job.id}': ${message}` };
      return { id: job.id, ok: false, kind: 'threw', message };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
