/**
 * The kernel effects of queued events at a window boundary, applied one after the other in the
 * deterministic order (see simulation.ts): parameters written, programming pulses run, faults taken
 * out of and put back into the structure, elements removed, added and rewired. The caller re-compiles
 * the structure (once) if anything structural changed and continues the transient (restructure.ts).
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { applyPulse, type PulseOptions } from '../solver/pulse.js';
import type { CircuitSystem, DeviceLookup } from '../solver/system.js';
import type { ElementEvent, NetworkEvent } from './machines.js';
import type { QueuedEvent } from './snapshot.js';
import type { Topology } from './topology.js';

export interface EffectsContext {
  /** The compiled circuit before the boundary. */
  readonly sys: CircuitSystem;
  readonly topology: Topology;
  /** Unknowns of faulted elements by label (written by FAULT, read by CLEAR_FAULT). */
  readonly parked: Map<string, Map<string, number>>;
  /** Device models of removed elements (their handles stay addressable). */
  readonly removedModels: Map<string, DeviceModel>;
  readonly lookup: DeviceLookup;
  /** How PULSE builds its programming circuit. */
  readonly pulse: PulseOptions;
  /** Every unknown by label at the boundary, before any event. */
  readonly before: ReadonlyMap<string, number>;
  reject(element: string, event: ElementEvent | NetworkEvent, message: string): void;
}

export interface Effects {
  /** The events that took effect (the others were reported through `reject`). */
  readonly applied: QueuedEvent[];
  /** Unknowns set by events (programmed states, restored parked states), by label. */
  readonly overrides: Map<string, number>;
  readonly paramChanged: boolean;
  readonly structural: boolean;
}

export function applyEvents(queue: readonly QueuedEvent[], ctx: EffectsContext): Effects {
  const { sys, topology, parked, before } = ctx;
  const overrides = new Map<string, number>();
  const current = (label: string) => overrides.get(label) ?? before.get(label)!;
  const applied: QueuedEvent[] = [];
  let paramChanged = false;
  let structural = false;
  for (const q of queue) {
    const ev = q.event;
    const el = sys.elements.get(q.element);
    switch (ev.type) {
      case 'SET_PARAM':
        if (el) el.group.p[q.param!][el.i] = ev.value;
        // The structure keeps it too, so that a re-compiled circuit has it.
        if (topology.has(q.element)) topology.setParam(q.element, q.param!, ev.value);
        paramChanged = true;
        break;
      case 'PULSE': {
        if (!el) {
          ctx.reject(q.element, ev, `element '${q.element}': PULSE not applied: the element is not in the circuit`);
          continue;
        }
        const model = el.group.model;
        const labels = Object.keys(model.states ?? {}).map((s) => `x(${q.element}.${s})`);
        const params: Record<string, number> = {};
        for (const name of Object.keys(model.params)) params[name] = el.group.p[name][el.i];
        try {
          const next = applyPulse(model, params, labels.map(current), ev, ctx.pulse);
          labels.forEach((l, s) => overrides.set(l, next[s]));
        } catch (err) {
          ctx.reject(q.element, ev, `element '${q.element}': PULSE failed: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        break;
      }
      case 'FAULT':
        if (el && !topology.faulted.has(q.element)) {
          const park = new Map<string, number>();
          for (const l of sys.labels) if (ownedBy(l, q.element)) park.set(l, current(l));
          parked.set(q.element, park);
        }
        topology.faulted.add(q.element);
        structural = true;
        break;
      case 'CLEAR_FAULT':
        topology.faulted.delete(q.element);
        for (const [l, v] of parked.get(q.element) ?? []) overrides.set(l, v);
        parked.delete(q.element);
        structural = true;
        break;
      case 'REMOVE': {
        const spec = topology.spec(q.element);
        if (spec) ctx.removedModels.set(q.element, ctx.lookup(spec.device)!);
        topology.remove(q.element);
        parked.delete(q.element);
        structural = true;
        break;
      }
      case 'ADD_ELEMENT': {
        const bad = topology.checkAdd(ev.element);
        if (bad) {
          ctx.reject(q.element, ev, `ADD_ELEMENT '${q.element}' not applied: ${bad}`);
          continue;
        }
        topology.add(ev.element);
        structural = true;
        break;
      }
      case 'CONNECT': {
        const k = topology.terminalIndex(q.element, ev.terminal);
        if (typeof k === 'string') {
          ctx.reject(q.element, ev, `CONNECT '${q.element}' not applied: ${k}`);
          continue;
        }
        topology.connect(q.element, k, ev.net);
        structural = true;
        break;
      }
    }
    applied.push(q);
  }
  return { applied, overrides, paramChanged, structural };
}

/** Whether an unknown's label belongs to element `id` (its branch currents, internal nodes, states). */
function ownedBy(label: string, id: string): boolean {
  const m = /^([vix])\(([^.#)]+)([.#)])/.exec(label);
  if (!m || m[2] !== id) return false;
  // v(net) is a net, not the element's; v(id#node) is an internal node.
  return m[1] !== 'v' || m[3] === '#';
}
