/**
 * Independent jobs (parameter sweeps, ensembles) behind one interface (DESIGN §9): the local
 * implementation runs them on a piscina pool (src/node/sweep), a distributed one could put them on a
 * queue. Outcomes are data: a job that throws, crashes its worker or hangs becomes a failed outcome
 * carrying its id, and the other jobs still run.
 */

/** One job: an id unique in its sweep and the input the worker runs. */
export interface SweepJob<I> {
  readonly id: string;
  readonly input: I;
}

export type SweepFailureKind =
  /** The job threw (bad input, no convergence, a bug). */
  | 'threw'
  /** The worker running it died (process.exit, out of memory, a native crash). */
  | 'crashed'
  /** It ran longer than the executor's per-job time limit; its worker was terminated. */
  | 'timeout';

export type SweepOutcome<O> =
  | { readonly id: string; readonly ok: true; readonly result: O }
  | { readonly id: string; readonly ok: false; readonly kind: SweepFailureKind; readonly message: string };

export interface SweepRunOptions<O> {
  /** Called as each job ends, in completion order (which depends on the workers); `done` counts ended jobs. */
  readonly onOutcome?: (outcome: SweepOutcome<O>, done: number, total: number) => void;
}

export interface SweepExecutor<I, O> {
  /** Runs every job; resolves with one outcome per job, in the jobs' order, whatever the completion order. */
  run(jobs: readonly SweepJob<I>[], options?: SweepRunOptions<O>): Promise<SweepOutcome<O>[]>;
  /** Releases the workers. */
  close(): Promise<void>;
}

/** Checks that job ids are unique: outcomes are reported by id. */
export function checkJobIds(jobs: readonly SweepJob<unknown>[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.id)) throw new Error(`sweep job id '${job.id}' is used twice; job ids must be unique`);
    seen.add(job.id);
  }
}
