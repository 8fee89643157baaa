/**
 * The runtime's control plane as pure xstate v5 machines (no effects): the simulation's lifecycle and
 * every element's lifecycle. The driver (simulation.ts) sends them events and reacts to their states.
 */
import { assign, setup, type SnapshotFrom } from 'xstate';
import type { ElementSpec } from '../network/types.js';

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
  /** A programming pulse: `amplitude` volts across the element for `width` seconds (see programming.ts). */
  | { readonly type: 'PULSE'; readonly amplitude: number; readonly width: number }
  /** Takes the element out of the circuit (an open circuit) until CLEAR_FAULT; its states are kept. */
  | { readonly type: 'FAULT'; readonly reason: string }
  | { readonly type: 'CLEAR_FAULT' }
  | { readonly type: 'REMOVE' };

/** Network-level events: they change the structure, not one existing element. */
export type NetworkEvent =
  | { readonly type: 'ADD_ELEMENT'; readonly element: ElementSpec }
  /** Moves one terminal (name or index) of an element to another net (created if new). */
  | { readonly type: 'CONNECT'; readonly element: string; readonly terminal: string | number; readonly net: string };

/** Sent by the driver, not by users: the simulation's status, and device events of the element. */
export type ElementSyncEvent =
  | { readonly type: 'SIM'; readonly status: SimulationStatus }
  | { readonly type: 'DEVICE'; readonly name: string; readonly direction: 'reached' | 'left'; readonly time: number };

export interface ElementContext {
  readonly id: string;
  /** The simulation's status, which decides ready / running / paused. */
  readonly sim: SimulationStatus;
  readonly faultReason?: string;
  /** SET_PARAM events the element accepted. */
  readonly paramsSet: number;
  /** PULSE events the element accepted. */
  readonly pulses: number;
  /** Device events of this element (a state crossing a watched level). */
  readonly deviceEvents: number;
  readonly lastDeviceEvent?: string;
}

/** The element state a simulation status implies for an element that is not faulted or removed. */
export function impliedElementStatus(sim: SimulationStatus): 'ready' | 'running' | 'paused' {
  return sim === 'created' ? 'ready' : sim === 'running' ? 'running' : 'paused';
}

/**
 * ready → running ⇄ paused (following the simulation) → faulted (FAULT; CLEAR_FAULT returns) → removed.
 * A faulted element takes no PULSE (it is out of the circuit).
 * `live` groups the states in which the element is in the network.
 */
export const elementMachine = setup({
  types: {
    context: {} as ElementContext,
    events: {} as ElementEvent | ElementSyncEvent,
    input: {} as { id: string; sim: SimulationStatus },
  },
  actions: {
    countPulse: assign({ pulses: ({ context }) => context.pulses + 1 }),
  },
  guards: {
    simRunning: ({ context }) => impliedElementStatus(context.sim) === 'running',
    simPaused: ({ context }) => impliedElementStatus(context.sim) === 'paused',
  },
}).createMachine({
  id: 'element',
  context: ({ input }) => ({ id: input.id, sim: input.sim, paramsSet: 0, pulses: 0, deviceEvents: 0 }),
  initial: 'live',
  states: {
    live: {
      initial: 'ready',
      on: {
        SIM: { actions: assign({ sim: ({ event }) => event.status }) },
        SET_PARAM: { actions: assign({ paramsSet: ({ context }) => context.paramsSet + 1 }) },
        DEVICE: {
          actions: assign({ deviceEvents: ({ context }) => context.deviceEvents + 1, lastDeviceEvent: ({ event }) => `${event.name} ${event.direction} at ${event.time}` }),
        },
        FAULT: { target: '.faulted', actions: assign({ faultReason: ({ event }) => event.reason }) },
        REMOVE: 'removed',
      },
      states: {
        ready: { always: [{ guard: 'simRunning', target: 'running' }, { guard: 'simPaused', target: 'paused' }], on: { PULSE: { actions: 'countPulse' } } },
        running: { always: { guard: 'simPaused', target: 'paused' }, on: { PULSE: { actions: 'countPulse' } } },
        paused: { always: { guard: 'simRunning', target: 'running' }, on: { PULSE: { actions: 'countPulse' } } },
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
