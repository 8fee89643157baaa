/**
 * The runtime's control plane as pure xstate v5 machines (no effects): the simulation's lifecycle and
 * every element's lifecycle. The driver (simulation.ts) sends them events and reacts to their states.
 */
import { assign, setup, type SnapshotFrom } from 'xstate';

export type SimulationStatus = 'created' | 'running' | 'paused' | 'done' | 'faulted';

export type SimulationEvent =
  | { readonly type: 'START' }
  | { readonly type: 'PAUSE' }
  | { readonly type: 'RESUME' }
  | { readonly type: 'STOP' }
  /** Sent by the driver when the analysis reaches its stop time. */
  | { readonly type: 'FINISHED' }
  /** Sent by the driver when the kernel fails. */
  | { readonly type: 'FAIL'; readonly message: string };

/** created → running ⇄ paused → done | faulted. */
export const simulationMachine = setup({
  types: {
    context: {} as { error?: string },
    events: {} as SimulationEvent,
  },
}).createMachine({
  id: 'simulation',
  initial: 'created',
  context: {},
  states: {
    created: { on: { START: 'running', STOP: 'done' } },
    running: { on: { PAUSE: 'paused', STOP: 'done', FINISHED: 'done' } },
    paused: { on: { RESUME: 'running', STOP: 'done' } },
    done: { type: 'final' },
    faulted: { type: 'final' },
  },
  on: {
    FAIL: { target: '.faulted', actions: assign({ error: ({ event }) => event.message }) },
  },
});

export type ElementStatus = 'ready' | 'running' | 'paused' | 'faulted' | 'removed';

export type ElementEvent =
  | { readonly type: 'SET_PARAM'; readonly name: string; readonly value: number }
  | { readonly type: 'FAULT'; readonly reason: string }
  | { readonly type: 'CLEAR_FAULT' }
  | { readonly type: 'REMOVE' };

/** Mirrors the simulation's status into a materialised element (sent by the driver, not by users). */
export type ElementSyncEvent = { readonly type: 'SIM'; readonly status: SimulationStatus };

export interface ElementContext {
  readonly id: string;
  /** The simulation's status, which decides ready / running / paused. */
  readonly sim: SimulationStatus;
  readonly faultReason?: string;
  /** SET_PARAM events the element accepted. */
  readonly paramsSet: number;
}

/** The element state a simulation status implies for an element that is not faulted or removed. */
export function impliedElementStatus(sim: SimulationStatus): 'ready' | 'running' | 'paused' {
  return sim === 'created' ? 'ready' : sim === 'running' ? 'running' : 'paused';
}

/**
 * ready → running ⇄ paused (following the simulation) → faulted (FAULT; CLEAR_FAULT returns) → removed.
 * `live` groups the states in which the element is in the network.
 */
export const elementMachine = setup({
  types: {
    context: {} as ElementContext,
    events: {} as ElementEvent | ElementSyncEvent,
    input: {} as { id: string; sim: SimulationStatus },
  },
  guards: {
    simRunning: ({ context }) => impliedElementStatus(context.sim) === 'running',
    simPaused: ({ context }) => impliedElementStatus(context.sim) === 'paused',
  },
}).createMachine({
  id: 'element',
  context: ({ input }) => ({ id: input.id, sim: input.sim, paramsSet: 0 }),
  initial: 'live',
  states: {
    live: {
      initial: 'ready',
      on: {
        SIM: { actions: assign({ sim: ({ event }) => event.status }) },
        SET_PARAM: { actions: assign({ paramsSet: ({ context }) => context.paramsSet + 1 }) },
        FAULT: { target: '.faulted', actions: assign({ faultReason: ({ event }) => event.reason }) },
        REMOVE: 'removed',
      },
      states: {
        ready: { always: [{ guard: 'simRunning', target: 'running' }, { guard: 'simPaused', target: 'paused' }] },
        running: { always: { guard: 'simPaused', target: 'paused' } },
        paused: { always: { guard: 'simRunning', target: 'running' } },
        faulted: {
          on: {
            // Faulted elements still follow the simulation's status, silently.
            CLEAR_FAULT: { target: 'ready', actions: assign({ faultReason: undefined }) },
          },
        },
      },
    },
    removed: { type: 'final' },
  },
});

export type ElementSnapshot = SnapshotFrom<typeof elementMachine>;

/** The flat status of an element snapshot. */
export function elementStatus(snapshot: ElementSnapshot): ElementStatus {
  if (snapshot.matches('removed')) return 'removed';
  const value = snapshot.value as { live: 'ready' | 'running' | 'paused' | 'faulted' };
  return value.live;
}
