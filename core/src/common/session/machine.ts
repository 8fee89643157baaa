/**
 * A session's lifecycle as an xstate v5 machine (pure: no effects). The runner (node layer) sends it
 * events and does the work each state asks for:
 *
 *   created → running ⇄ paused;  running → checkpointing → running | paused | stopped;  * → faulted
 *
 * Pausing and stopping pass through `checkpointing`, so a paused or stopped session always has a
 * checkpoint of exactly where it is; `after` says where a checkpoint leads.
 */
import { assign, setup, type SnapshotFrom } from 'xstate';

export type SessionStatus = 'created' | 'running' | 'paused' | 'checkpointing' | 'stopped' | 'faulted';

export type SessionEvent =
  | { readonly type: 'START' }
  /** A scheduled checkpoint: save, then carry on running. */
  | { readonly type: 'CHECKPOINT' }
  | { readonly type: 'PAUSE'; readonly reason?: string }
  | { readonly type: 'RESUME' }
  | { readonly type: 'STOP'; readonly reason?: string }
  /** The workload has processed its last sample. */
  | { readonly type: 'FINISHED' }
  /** The runner has written the checkpoint. */
  | { readonly type: 'SAVED' }
  | { readonly type: 'FAULT'; readonly message: string };

export interface SessionContext {
  readonly after: 'running' | 'paused' | 'stopped';
  readonly reason?: string;
  readonly error?: string;
}

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
  },
  guards: {
    toRunning: ({ context }) => context.after === 'running',
    toPaused: ({ context }) => context.after === 'paused',
  },
}).createMachine({
  id: 'session',
  initial: 'created',
  context: { after: 'running' },
  states: {
    created: { on: { START: 'running', STOP: 'stopped' } },
    running: {
      on: {
        CHECKPOINT: { target: 'checkpointing', actions: assign({ after: 'running' as const }) },
        PAUSE: { target: 'checkpointing', actions: assign({ after: 'paused' as const, reason: ({ event }) => event.reason }) },
        STOP: { target: 'checkpointing', actions: assign({ after: 'stopped' as const, reason: ({ event }) => event.reason }) },
        FINISHED: { target: 'checkpointing', actions: assign({ after: 'stopped' as const, reason: 'finished' }) },
      },
    },
    checkpointing: {
      // A pause or stop asked for while saving is kept: the checkpoint being written is where it stops.
      on: {
        PAUSE: { actions: assign({ after: 'paused' as const, reason: ({ event }) => event.reason }) },
        STOP: { actions: assign({ after: 'stopped' as const, reason: ({ event }) => event.reason }) },
        SAVED: [{ target: 'running', guard: 'toRunning' }, { target: 'paused', guard: 'toPaused' }, { target: 'stopped' }],
      },
    },
    paused: { on: { RESUME: { target: 'running', actions: assign({ reason: undefined }) }, STOP: 'stopped' } },
    stopped: { type: 'final' },
    faulted: { type: 'final' },
  },
  on: {
    FAULT: { target: '.faulted', actions: assign({ error: ({ event }) => event.message }) },
  },
});

export type SessionMachineSnapshot = SnapshotFrom<typeof sessionMachine>;

export function sessionStatus(snapshot: SessionMachineSnapshot): SessionStatus {
  return snapshot.value as SessionStatus;
}
