/**
 * A growth rule for self-organising networks: a synapse grows between two neurons that are active
 * together, and a synapse whose conductance stays below a floor is pruned.
 *  - A neuron (a net) is active at a window end when its voltage exceeds `threshold`.
 *  - Two neurons active together at `coactiveWindows` consecutive window ends, with no synapse between
 *    them, get one: element `<prefix><a>_<b>` (a < b) of `synapse`'s device and parameters.
 *  - A synapse (an element whose id starts with `prefix`) whose conductance, read from its state by
 *    `conductance`, is below `floor` at `pruneWindows` consecutive window ends is removed.
 * The counters live in the actor's context, so the rule's state is in every snapshot.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { ElementSpec } from '../../network/types.js';
import type { CommandEvent, WindowEvent } from './protocol.js';

export interface GrowthRuleConfig {
  /** Net names of the neurons. */
  readonly neurons: readonly string[];
  readonly threshold: number;
  readonly coactiveWindows: number;
  /** Device, model card and parameters of a grown synapse (its nodes are the two neurons). */
  readonly synapse: Omit<ElementSpec, 'id' | 'nodes'>;
  readonly prefix: string;
  /** Siemens below which a synapse counts as weak. */
  readonly floor: number;
  readonly pruneWindows: number;
  /** A synapse's conductance from the simulation's values (e.g. from its state). */
  readonly conductance: (read: WindowEvent['read'], id: string) => number;
}

export interface GrowthContext {
  /** Consecutive co-active window ends per neuron pair `a|b`. */
  readonly together: Record<string, number>;
  /** Consecutive weak window ends per synapse. */
  readonly weak: Record<string, number>;
  readonly grown: readonly string[];
  readonly pruned: readonly string[];
}

export function growthRule(config: GrowthRuleConfig) {
  const neurons = [...config.neurons].map((n) => n.toLowerCase()).sort();
  const prefix = config.prefix.toLowerCase();
  const synapseId = (a: string, b: string) => `${prefix}${a}_${b}`;
  return setup({
    types: { context: {} as GrowthContext, events: {} as WindowEvent, emitted: {} as CommandEvent },
  }).createMachine({
    id: 'growth-rule',
    context: { together: {}, weak: {}, grown: [], pruned: [] },
    on: {
      WINDOW: {
        actions: enqueueActions(({ context, event, enqueue }) => {
          const present = new Set(event.elements);
          const active = neurons.filter((n) => event.read(`v(${n})`) > config.threshold);
          const together: Record<string, number> = {};
          const grown = [...context.grown];
          for (let x = 0; x < active.length; x++) {
            for (let y = x + 1; y < active.length; y++) {
              const [a, b] = [active[x], active[y]];
              const id = synapseId(a, b);
              if (present.has(id)) continue;
              const count = (context.together[`${a}|${b}`] ?? 0) + 1;
              if (count >= config.coactiveWindows) {
                enqueue(emit({ type: 'COMMAND', command: { kind: 'add', spec: { ...config.synapse, id, nodes: [a, b] } } } as CommandEvent));
                grown.push(id);
              } else together[`${a}|${b}`] = count;
            }
          }
          const weak: Record<string, number> = {};
          const pruned = [...context.pruned];
          for (const id of event.elements) {
            if (!id.startsWith(prefix)) continue;
            if (config.conductance(event.read, id) >= config.floor) continue;
            const count = (context.weak[id] ?? 0) + 1;
            if (count >= config.pruneWindows) {
              enqueue(emit({ type: 'COMMAND', command: { kind: 'send', element: id, event: { type: 'REMOVE' } } } as CommandEvent));
              pruned.push(id);
            } else weak[id] = count;
          }
          enqueue(assign({ together, weak, grown, pruned }));
        }),
      },
    },
  });
}
