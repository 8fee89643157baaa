/**
 * Recorder-style subscriptions: never drop a chunk, and apply flow control. A recorder is an xstate
 * actor (`recorderMachine`: flowing ⇄ saturated → draining → complete) driven by the count of chunks
 * its sink has not finished with: at `maxPending` it is `saturated` and the simulation's `run()` waits
 * for it before stepping the next window — a slow sink slows the simulation down instead of making it
 * buffer. Memory in flight is at most `maxPending` chunks (each one window) per recorder, however long
 * the run. The counters live in the Recorder (per chunk); the actor only hears of changes of state.
 */
import { createActor, setup, type Actor } from 'xstate';
import type { Observable, Subscription } from 'rxjs';
import type { SignalChunk } from './signals.js';

/** Takes a chunk; a returned promise holds the chunk "in flight" until it settles. */
export type ChunkSink = (chunk: SignalChunk) => void | Promise<unknown>;

export const recorderMachine = setup({
  types: { events: {} as { type: 'SATURATED' } | { type: 'RELIEVED' } | { type: 'COMPLETE' } | { type: 'DRAINED' } },
}).createMachine({
  id: 'recorder',
  initial: 'flowing',
  states: {
    flowing: { on: { SATURATED: 'saturated', COMPLETE: 'draining' } },
    saturated: { on: { RELIEVED: 'flowing', COMPLETE: 'draining' } },
    draining: { on: { DRAINED: 'complete' } },
    complete: { type: 'final' },
  },
});

export class Recorder {
  readonly actor: Actor<typeof recorderMachine>;
  private readonly sub: Subscription;
  private waiters: (() => void)[] = [];
  /** Chunks given to the sink and not yet finished with. */
  pending = 0;
  /** Chunks received, points received, chunks whose sink threw or rejected. */
  received = 0;
  points = 0;
  failures = 0;
  /** Largest number of chunks in flight at once. */
  maxInFlight = 0;
  private completed = false;

  constructor(
    signal$: Observable<SignalChunk>,
    private readonly sink: ChunkSink,
    readonly maxPending: number,
  ) {
    if (!Number.isInteger(maxPending) || maxPending < 1) throw new Error(`maxPending must be a positive integer, got ${maxPending}`);
    this.actor = createActor(recorderMachine).start();
    this.sub = signal$.subscribe({
      next: (chunk) => this.take(chunk),
      complete: () => this.complete(),
      error: () => this.complete(),
    });
  }

  private take(chunk: SignalChunk): void {
    this.received++;
    this.points += chunk.t.length;
    if (++this.pending > this.maxInFlight) this.maxInFlight = this.pending;
    if (this.pending === this.maxPending) this.actor.send({ type: 'SATURATED' });
    let result: void | Promise<unknown>;
    try {
      result = this.sink(chunk);
    } catch {
      this.ack(false);
      return;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => this.ack(true),
        () => this.ack(false),
      );
    } else this.ack(true);
  }

  private ack(ok: boolean): void {
    if (!ok) this.failures++;
    if (this.pending-- === this.maxPending) this.actor.send({ type: 'RELIEVED' });
    if (this.pending === 0 && this.completed) this.actor.send({ type: 'DRAINED' });
    if (!this.saturated) this.wake();
  }

  private complete(): void {
    this.completed = true;
    this.actor.send({ type: 'COMPLETE' });
    if (this.pending === 0) this.actor.send({ type: 'DRAINED' });
    this.wake();
  }

  get saturated(): boolean {
    return this.pending >= this.maxPending;
  }
  /** Resolves once the recorder can take another chunk. */
  ready(): Promise<void> {
    if (!this.saturated) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  /** Resolves once every chunk delivered so far is finished with. */
  async drained(): Promise<void> {
    while (this.pending > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  stop(): void {
    this.sub.unsubscribe();
    this.wake();
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
