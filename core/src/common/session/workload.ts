/**
 * A session's workload: the part that computes. The runner (node layer) calls `step()` sample by sample,
 * records what it returns and saves `snapshot()` at checkpoints; a resumed process builds the workload
 * from the same spec and calls `restore()`. Everything a step depends on must be in the snapshot, so
 * that the resumed steps are bit-identical to an uninterrupted run's.
 */
import type { Kernel, KernelState } from '../solver/kernel.js';

/** A plain, structured-clone-able object (numbers, strings, typed arrays, arrays and objects of them). */
export type WorkloadSnapshot = { readonly kind: string; readonly [key: string]: unknown };

export interface StepRecord {
  /** One value per `metricNames` entry (NaN: not measured at this sample). */
  readonly metrics: Float64Array;
  /** One value per `waveformColumns` entry. */
  readonly waveform: Float64Array;
}

export interface SessionWorkload {
  readonly kind: string;
  /** Samples in the whole session. */
  readonly totalSamples: number;
  /** Samples done. */
  readonly index: number;
  /** Simulated seconds done (0 for workloads without a time axis). */
  readonly simTime: number;
  readonly metricNames: readonly string[];
  readonly waveformColumns: readonly string[];
  /** Processes the next sample; the returned arrays are reused by the next call. */
  step(): StepRecord;
  snapshot(): WorkloadSnapshot;
  restore(snapshot: WorkloadSnapshot): void;
  /** Headline figures for `session status` (e.g. accuracy so far). */
  summary(): Record<string, number>;
}

/** A snapshot that does not fit this workload (wrong kind or shape): never resume from it. */
export class SnapshotMismatchError extends Error {}

export function expectKind(s: WorkloadSnapshot, kind: string): void {
  if (s.kind !== kind) throw new SnapshotMismatchError(`checkpoint holds a '${s.kind}' workload, the session is '${kind}'`);
}

export function expectArray<T extends Float64Array | Int32Array | Uint32Array>(s: WorkloadSnapshot, key: string, type: new (n: number) => T, length?: number): T {
  const v = s[key];
  if (!(v instanceof type) || (length !== undefined && v.length !== length)) {
    throw new SnapshotMismatchError(`checkpoint field '${key}' should be a ${type.name}${length !== undefined ? ` of length ${length}` : ''}`);
  }
  return v;
}

/** Restores `s.kernel` (a `Kernel.saveState()`), turning a mismatch into a SnapshotMismatchError. */
export function loadKernelState(kernel: Kernel, s: WorkloadSnapshot): void {
  const k = s.kernel as KernelState | undefined;
  if (!k || typeof k !== 'object') throw new SnapshotMismatchError(`checkpoint field 'kernel' is missing`);
  try {
    kernel.loadState(k);
  } catch (err) {
    throw new SnapshotMismatchError(`checkpoint's solver state: ${(err as Error).message}`);
  }
}

export function expectNumber(s: WorkloadSnapshot, key: string): number {
  const v = s[key];
  if (typeof v !== 'number') throw new SnapshotMismatchError(`checkpoint field '${key}' should be a number`);
  return v;
}
