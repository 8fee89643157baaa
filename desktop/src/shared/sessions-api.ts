/**
 * The desktop's access to session directories (`memflow session …`, core/src/node/session) as plain data.
 * The store is read on the Node side (Electron main, src/main/sessions.ts); the renderer reaches it
 * through the bridge (Electron) or, in a browser page, through an HTTP endpoint that serves the same
 * calls (the end-to-end tests' harness). Types and constants only, so every layer may import it.
 */
import type { Result } from './engine-api.js';

/** As `memflow session status` reports it: running (a live process owns it), crashed (it died without saving)… */
export type SessionHealthState = 'running' | 'paused' | 'stopped' | 'finished' | 'faulted' | 'crashed' | 'created';

export interface SessionCheckpointInfo {
  readonly samples: number;
  readonly simTime: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly at: string;
}

export interface SessionEventInfo {
  readonly at: string;
  readonly type: string;
  readonly sample: number | null;
  readonly message: string;
}

export interface SessionOverview {
  readonly dir: string;
  readonly name: string;
  /** The workload kind (reservoir-online, eqprop-online). */
  readonly kind: string;
  readonly health: {
    readonly state: SessionHealthState;
    readonly message: string;
    readonly pid: number | null;
    readonly heartbeatAge: number | null;
    /** SQLite's quick_check at the last check ('ok' or the problems), with when it ran. */
    readonly database: string;
    readonly checkedAt: string;
  };
  readonly samplesDone: number;
  readonly totalSamples: number;
  readonly simTime: number;
  /** Oldest first, as the store's index lists them. */
  readonly checkpoints: readonly SessionCheckpointInfo[];
  readonly disk: { readonly total: number; readonly database: number; readonly checkpoints: number; readonly waveforms: number };
  readonly waveformFiles: number;
  /** The newest events, oldest first (at most SESSION_EVENTS). */
  readonly events: readonly SessionEventInfo[];
  readonly metricNames: readonly string[];
}

/**
 * Metrics rows with `sample >= from`, in sample order, at most SESSION_METRICS_PAGE of them. A value the
 * workload did not measure at that sample (NaN in the store) is null, so JSON carries it unchanged.
 */
export interface MetricsSlice {
  readonly from: number;
  /** One past the newest row's sample in the store. Below the caller's `from`: rows were dropped (a resume
   *  recomputes what lay past its checkpoint), and the caller should drop its rows from `reached` on. */
  readonly reached: number;
  /** More rows follow this page: poll again from the last sample + 1. */
  readonly more: boolean;
  readonly sample: readonly number[];
  readonly simTime: readonly number[];
  readonly columns: Readonly<Record<string, readonly (number | null)[]>>;
}

export interface SessionPoll {
  readonly overview: SessionOverview;
  readonly metrics: MetricsSlice;
}

export const SESSION_EVENTS = 200;
export const SESSION_METRICS_PAGE = 20_000;

/** What the renderer may ask of the Node side. Every call answers with data or a message, never throws. */
export interface SessionsApi {
  /** Recently opened session directories, most recent first. */
  recent(): Promise<string[]>;
  /** Opens DIR (checks the database's integrity and remembers it among the recent ones) and reads it. */
  open(dir: string, since: number): Promise<Result<SessionPoll>>;
  /** Reads DIR again: the overview and the metrics rows from sample `since` on. Never takes the writer lock. */
  poll(dir: string, since: number): Promise<Result<SessionPoll>>;
  /** `memflow session pause DIR`: the running process checkpoints and pauses. */
  pause(dir: string): Promise<Result<string>>;
  /** Starts `memflow session resume DIR` in a child process and waits until it owns the session. */
  resume(dir: string): Promise<Result<string>>;
}

export const SESSION_METHODS = ['recent', 'open', 'poll', 'pause', 'resume'] as const satisfies readonly (keyof SessionsApi)[];
export type SessionMethod = (typeof SESSION_METHODS)[number];
