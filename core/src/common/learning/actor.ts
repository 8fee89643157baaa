/**
 * Training as an xstate v5 actor: idle → training ⇄ paused → done | stopped | failed.
 *
 * The machine is pure control logic. The compute is an `EpochLoop` — any training loop written as a
 * (sync or async) iterator that yields one point of the learning curve per epoch and returns its
 * result — advanced by the `advance` promise actor, one epoch per invocation. Between epochs the
 * machine waits one turn of the event loop (a 0 ms delay), where PAUSE and STOP take effect; sent
 * during an epoch they are recorded and applied when it ends. A step is never cut short or thrown away: the loop sees exactly the same calls as a serial run and
 * the result is the same bits whatever the pauses.
 */
import { assign, createActor, fromPromise, setup, waitFor, type Actor, type SnapshotFrom } from 'xstate';

/** One point of a learning curve (EqProp's EpochStats and monDEQ's MonDeqEpoch are such points). */
export interface EpochPoint {
  readonly epoch: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/** A training loop: yields a curve point per epoch, returns the trained result. */
export type EpochLoop<R> = Iterator<EpochPoint, R, undefined> | AsyncIterator<EpochPoint, R, undefined>;

export type TrainingStatus = 'idle' | 'training' | 'paused' | 'done' | 'stopped' | 'failed';

export type TrainingEvent = { readonly type: 'START' } | { readonly type: 'PAUSE' } | { readonly type: 'RESUME' } | { readonly type: 'STOP' };

export interface TrainingContext<R = unknown> {
  /** Epochs the loop will run (for progress); epoch 0 may be an initial evaluation. */
  readonly total: number;
  readonly curve: readonly EpochPoint[];
  /** Last epoch reached / total, in [0, 1]. */
  readonly progress: number;
  /** A PAUSE or STOP received during a step, applied when the step ends. */
  readonly requested: 'pause' | 'stop' | null;
  readonly result?: R;
  readonly error?: string;
}

type StepOutput = IteratorResult<EpochPoint, unknown>;

const pointOf = (p: EpochPoint): EpochPoint => ({ epoch: p.epoch, loss: p.loss, trainAccuracy: p.trainAccuracy, testAccuracy: p.testAccuracy });

export const trainingMachine = setup({
  types: {
    context: {} as TrainingContext,
    events: {} as TrainingEvent,
    input: {} as { total: number },
  },
  actors: {
    // Placeholder: `trainingActor` provides the step of a concrete loop.
    advance: fromPromise<StepOutput>(() => Promise.reject(new Error('training machine: no training loop provided (use trainingActor)'))),
  },
  guards: {
    pauseRequested: ({ context }) => context.requested === 'pause',
    stopRequested: ({ context }) => context.requested === 'stop',
  },
}).createMachine({
  id: 'training',
  initial: 'idle',
  context: ({ input }) => ({ total: input.total, curve: [], progress: 0, requested: null }),
  states: {
    idle: { on: { START: 'training', STOP: 'stopped' } },
    training: {
      initial: 'stepping',
      states: {
        // One epoch of the loop in flight: PAUSE/STOP are recorded and applied when it ends.
        stepping: {
          on: {
            PAUSE: { actions: assign({ requested: ({ context }) => (context.requested === 'stop' ? 'stop' : 'pause') }) },
            STOP: { actions: assign({ requested: 'stop' as const }) },
            RESUME: { actions: assign({ requested: ({ context }) => (context.requested === 'pause' ? null : context.requested) }) },
          },
          invoke: {
            src: 'advance',
            onDone: [
              {
                guard: ({ event }) => event.output.done === true,
                target: '#training.done',
                actions: assign({ result: ({ event }) => event.output.value, progress: 1, requested: null }),
              },
              {
                actions: assign(({ context, event }) => {
                  const p = pointOf(event.output.value as EpochPoint);
                  return { curve: [...context.curve, p], progress: context.total > 0 ? Math.min(1, p.epoch / context.total) : 1 };
                }),
                target: 'between',
              },
            ],
            onError: {
              target: '#training.failed',
              actions: assign({ error: ({ event }) => (event.error instanceof Error ? event.error.message : String(event.error)) }),
            },
          },
        },
        // An epoch boundary, held for one turn of the event loop: where PAUSE and STOP take effect.
        between: {
          always: [
            { guard: 'stopRequested', target: '#training.stopped', actions: assign({ requested: null }) },
            { guard: 'pauseRequested', target: '#training.paused', actions: assign({ requested: null }) },
          ],
          after: { 0: 'stepping' },
          on: { PAUSE: '#training.paused', STOP: '#training.stopped' },
        },
      },
    },
    paused: { on: { RESUME: 'training', STOP: 'stopped' } },
    done: { type: 'final' },
    stopped: { type: 'final' },
    failed: { type: 'final' },
  },
});

export type TrainingSnapshot = SnapshotFrom<typeof trainingMachine>;
export type TrainingActor = Actor<typeof trainingMachine>;

/**
 * An actor that runs `loop` (not started: call `.start()` then send START). STOP releases the loop
 * (its `finally` blocks run, e.g. a worker pool is destroyed).
 */
export function trainingActor<R>(loop: EpochLoop<R>, total: number): TrainingActor {
  const machine = trainingMachine.provide({
    actors: {
      // The compute runs after the transition that invoked it, not inside it.
      advance: fromPromise<StepOutput>(async () => {
        await Promise.resolve();
        return (await loop.next()) as StepOutput;
      }),
    },
  });
  const actor = createActor(machine, { input: { total } });
  actor.subscribe((s) => {
    if (s.value === 'stopped') void loop.return?.(undefined as never);
  });
  return actor;
}

/** The state a snapshot is in. */
export const trainingStatus = (s: TrainingSnapshot): TrainingStatus => (typeof s.value === 'string' ? (s.value as TrainingStatus) : 'training');

/** Waits until the actor is done, stopped or failed (no time limit: training ends or is stopped). */
export function settled(actor: TrainingActor): Promise<TrainingSnapshot> {
  return waitFor(actor, (s) => s.status === 'done', { timeout: Infinity });
}

/**
 * Runs a loop to the end through a training actor; `onSnapshot` sees every snapshot (e.g. to feed a
 * progress bar). Throws the loop's error if it failed.
 */
export async function trainThroughActor<R>(loop: EpochLoop<R>, total: number, onSnapshot?: (s: TrainingSnapshot) => void): Promise<R> {
  // Keep the loop's own error (its class and message) to rethrow; the snapshot holds only the message.
  let thrown: unknown;
  const watched: AsyncIterator<EpochPoint, R, undefined> = {
    next: async () => {
      try {
        return await loop.next();
      } catch (e) {
        thrown = e;
        throw e;
      }
    },
    return: async (v?: R | PromiseLike<R>) => (loop.return ? await loop.return(v as never) : { done: true, value: v as R }),
  };
  const actor = trainingActor(watched, total);
  if (onSnapshot) actor.subscribe(onSnapshot);
  actor.start();
  actor.send({ type: 'START' });
  const end = await settled(actor);
  if (end.value === 'failed') throw thrown instanceof Error ? thrown : new Error(end.context.error);
  if (end.value !== 'done') throw new Error(`training ended ${trainingStatus(end)}`);
  return end.context.result as R;
}

/**
 * The epoch loop of a job loop (yields jobs, takes answers, e.g. `eqpropLoop`) answered in this
 * thread; the points are those the loop reports through its onEpoch hook, collected in `reported`.
 */
export function* answeredEpochs<J, A, R>(loop: Generator<J, R, A>, answer: (job: J) => A, reported: EpochPoint[]): Generator<EpochPoint, R, undefined> {
  let next = loop.next();
  for (;;) {
    while (reported.length > 0) yield reported.shift()!;
    if (next.done) return next.value;
    next = loop.next(answer(next.value));
  }
}
