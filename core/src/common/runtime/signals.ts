/**
 * The runtime's data plane: signal chunks over rxjs. The driver records, for the signals that have
 * subscribers only, every accepted point of a window into a reusable buffer and publishes it as one
 * chunk at the window's end; the buffer is then reset, so memory is bounded by one window's points.
 */
import { auditTime, Observable, Subject, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';

/** Every accepted point of one window of one signal (fresh arrays, owned by the receivers). */
export interface SignalChunk {
  /** Time of the chunk's first point. */
  readonly t0: number;
  readonly t: Float64Array;
  readonly values: Float64Array;
}

/** Reads a signal's value from the kernel's current state. */
export type SignalReader = () => number;

const INITIAL_CAPACITY = 64;

/** A growable buffer of one window's values, reset (not shrunk) after each window. */
export class WindowBuffer {
  private data = new Float64Array(INITIAL_CAPACITY);
  length = 0;
  get capacity(): number {
    return this.data.length;
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  /** A copy of the buffered values; empties the buffer. */
  take(): Float64Array {
    const out = this.data.slice(0, this.length);
    this.length = 0;
    return out;
  }
  reset(): void {
    this.length = 0;
  }
}

/**
 * One published signal: its reader, its window buffer and the subject its chunks go out on. It
 * records only while it has subscribers (`active`).
 */
export class SignalChannel {
  readonly buffer = new WindowBuffer();
  private readonly subject = new Subject<SignalChunk>();
  private subscribers = 0;
  readonly observable: Observable<SignalChunk>;

  constructor(
    readonly key: string,
    /** Rebound by the simulation when the circuit is re-compiled (the signal's unknown moved). */
    public read: SignalReader,
    /** Called when the channel gains its first subscriber or loses its last one. */
    private readonly onActiveChange: (channel: SignalChannel, active: boolean) => void,
  ) {
    this.observable = new Observable<SignalChunk>((subscriber) => {
      const inner = this.subject.subscribe(subscriber);
      if (inner.closed) return inner;
      if (this.subscribers++ === 0) this.onActiveChange(this, true);
      return () => {
        inner.unsubscribe();
        if (--this.subscribers === 0) {
          this.buffer.reset();
          this.onActiveChange(this, false);
        }
      };
    });
  }

  get active(): boolean {
    return this.subscribers > 0;
  }
  get subscriberCount(): number {
    return this.subscribers;
  }

  /** Publishes the buffered window (if any) with the shared time column. */
  flush(t: Float64Array): void {
    if (this.buffer.length === 0) return;
    const values = this.buffer.take();
    // A subscriber that joined mid-window has fewer values than the window has points: its chunk
    // holds the trailing points it saw.
    const times = values.length === t.length ? t.slice() : t.slice(t.length - values.length);
    this.subject.next({ t0: times[0], t: times, values });
  }

  private finished = false;

  complete(): void {
    this.finished = true;
    this.buffer.reset();
    this.subject.complete();
  }

  error(err: unknown): void {
    this.finished = true;
    this.buffer.reset();
    this.subject.error(err);
  }

  get closed(): boolean {
    return this.finished;
  }
}

/**
 * UI-style subscription: at most one chunk per `ms` milliseconds (rxjs `auditTime`: the latest chunk
 * of each interval is kept, the others are dropped). Recorders subscribe to the signal directly and
 * never lose a point.
 */
export function throttled(signal$: Observable<SignalChunk>, ms: number, scheduler?: SchedulerLike): Observable<SignalChunk> {
  return signal$.pipe(auditTime(ms, scheduler) as MonoTypeOperatorFunction<SignalChunk>);
}

/** Concatenates chunks (as a recorder would) into one time and one value column. */
export function concatChunks(chunks: readonly SignalChunk[]): { t: Float64Array; values: Float64Array } {
  let n = 0;
  for (const c of chunks) n += c.t.length;
  const t = new Float64Array(n);
  const values = new Float64Array(n);
  let k = 0;
  for (const c of chunks) {
    t.set(c.t, k);
    values.set(c.values, k);
    k += c.t.length;
  }
  return { t, values };
}
