/**
 * Recorder-style subscriptions: never drop a chunk, and apply flow control. A recorder is an xstate
 * actor (`recorderMachine`) counting the chunks its sink has not finished with; at `maxPending` it is
 * `saturated` and the simulation's `run()` waits for it before stepping the next window — a slow sink
 * slows the simulation down instead of making it buffer. Memory in flight is at most `maxPending`
 * chunks (each one window) per recorder, however long the run.
 */
import { assign, createActor, setup, type Actor } from 'xstate';
import type { Observable, Subscription } from 'rxjs';
import type { SignalChunk } from './signals.js';

/** Takes a chunk; a returned promise holds the chunk "in flight" until it settles. */
export type ChunkSink = (chunk: SignalChunk) => void | Promise<unknown>;

export const recorderMachine = setup({
  types: {
    context: {} as { readonly maxPending: number; pending: number; received: number; points: number; failures: number },
    events: {} as { type: 'CHUNK'; points: number } | { type: 'ACK'; ok: boolean } | { type: 'COMPLETE' },
    input: {} as { maxPending: number },
  },
  guards: {
    full: ({ context }) => context.pending >= context.maxPending,
    idle: ({ context }) => context.pending === 0,
  },
}).createMachine({
  id: 'recorder',
  context: ({ input }) => ({ maxPending: input.maxPending, pending: 0, received: 0, points: 0, failures: 0 }),
  initial: 'flowing',
  on: {
    CHUNK: { actions: assign({ pending: ({ context }) => context.pending + 1, received: ({ context }) => context.received + 1, points: ({ context, event }) => context.points + event.points }) },
    ACK: { actions: assign({ pending: ({ context }) => context.pending - 1, failures: ({ context, event }) => context.failures + (event.ok ? 0 : 1) }) },
  },
  states: {
    flowing: { always: { guard: 'full', target: 'saturated' }, on: { COMPLETE: 'draining' } },
    saturated: { always: { guard: ({ context }) => context.pending < context.maxPending, target: 'flowing' }, on: { COMPLETE: 'draining' } },
    draining: { always: { guard: 'idle', target: 'complete' } },
    complete: { type: 'final' },
  },
});

export class Recorder {
  readonly actor: Actor<typeof recorderMachine>;
  private readonly sub: Subscription;
  private waiters: (() => void)[] = [];
  /** Largest number of chunks in flight at once. */
  maxInFlight = 0;

  constructor(signal$: Observable<SignalChunk>, sink: ChunkSink, maxPending: number) {
    if (!Number.isInteger(maxPending) || maxPending < 1) throw new Error(`maxPending must be a positive integer, got ${maxPending}`);
    this.actor = createActor(recorderMachine, { input: { maxPending } }).start();
    this.actor.subscribe(() => {
      if (!this.saturated) this.wake();
    });
    this.sub = signal$.subscribe({
      next: (chunk) => {
        this.actor.send({ type: 'CHUNK', points: chunk.t.length });
        this.maxInFlight = Math.max(this.maxInFlight, this.actor.getSnapshot().context.pending);
        let result: void | Promise<unknown>;
        try {
          result = sink(chunk);
        } catch {
          this.actor.send({ type: 'ACK', ok: false });
          return;
        }
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(
            () => this.actor.send({ type: 'ACK', ok: true }),
            () => this.actor.send({ type: 'ACK', ok: false }),
          );
        } else this.actor.send({ type: 'ACK', ok: true });
      },
      complete: () => this.actor.send({ type: 'COMPLETE' }),
      error: () => this.actor.send({ type: 'COMPLETE' }),
    });
  }

  get saturated(): boolean {
    return this.actor.getSnapshot().matches('saturated');
  }
  get pending(): number {
    return this.actor.getSnapshot().context.pending;
  }
  get received(): number {
    return this.actor.getSnapshot().context.received;
  }
  /** Resolves once the recorder can take another chunk. */
  ready(): Promise<void> {
    if (!this.saturated) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  /** Resolves once every chunk delivered so far is acknowledged. */
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
