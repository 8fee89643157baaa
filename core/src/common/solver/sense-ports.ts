/**
 * F and H elements (devices whose SPICE syntax is `controlledByCurrent`) copy the current through
 * another element, which the network names in their `control`. SPICE stamps them into that voltage
 * source's branch column; here every device stays self-contained instead: each F/H carries its own sense
 * port, a short whose current is one of its unknowns, and the compiler puts that port in series with the
 * control element. The control element's second node moves to a new net, and the sense ports of every
 * F/H naming it are chained from there back to that node, so all of them carry exactly its current.
 * Any two-terminal element can control this way (SPICE allows only voltage sources).
 */
import type { ElementSpec, Network } from '../network/types.js';
import { CircuitError } from './errors.js';
import type { DeviceLookup } from './system.js';

/** The terminals a network wires: all of them, but for F/H the sense port the compiler places (the last two). */
export function wiredTerminals(model: { readonly terminals: readonly string[]; readonly spice?: { readonly controlledByCurrent?: boolean } | null }): readonly string[] {
  return model.spice?.controlledByCurrent ? model.terminals.slice(0, -2) : model.terminals;
}

export function placeSensePorts(network: Network, lookup: DeviceLookup): Network {
  const sensing = new Map<string, ElementSpec[]>();
  for (const el of network.elements) {
    const model = lookup(el.device);
    const byCurrent = model?.spice?.controlledByCurrent === true;
    if (!byCurrent) {
      if (el.control !== undefined && model) {
        throw new CircuitError(`element '${el.id}' (${model.id}) names a control element '${el.control}', but only current-controlled sources (F, H) take one`, el.loc, el.id);
      }
      continue;
    }
    if (el.control === undefined) throw new CircuitError(`element '${el.id}' (${model.id}) needs a control: the element whose current it copies`, el.loc, el.id);
    const wired = wiredTerminals(model);
    if (el.nodes.length !== wired.length) {
      throw new CircuitError(`element '${el.id}': device '${model.id}' takes ${wired.length} nodes (${wired.join(', ')}) and a control element, got ${el.nodes.length} nodes`, el.loc, el.id);
    }
    const key = el.control.toLowerCase();
    let list = sensing.get(key);
    if (!list) sensing.set(key, (list = []));
    list.push(el);
  }
  if (sensing.size === 0) return network;

  const taken = new Set<string>();
  for (const el of network.elements) for (const node of el.nodes) taken.add(node.toLowerCase());
  const freshNet = (base: string): string => {
    let name = base;
    while (taken.has(name.toLowerCase())) name += '#';
    taken.add(name.toLowerCase());
    return name;
  };

  const replaced = new Map<ElementSpec, ElementSpec>();
  const byId = new Map(network.elements.map((el) => [el.id.toLowerCase(), el]));
  for (const [key, controlled] of sensing) {
    const control = byId.get(key);
    const first = controlled[0];
    if (!control) throw new CircuitError(`element '${first.id}': its control element '${first.control}' is not in the circuit`, first.loc, first.id);
    const model = lookup(control.device);
    if (control.nodes.length !== 2 || model?.spice?.controlledByCurrent) {
      throw new CircuitError(`element '${first.id}': its control '${control.id}' must be a two-terminal element such as a voltage source (it has ${control.nodes.length} nodes)`, first.loc, first.id);
    }
    const [a, b] = control.nodes;
    // a → control → s1 → sense 1 → s2 → … → sense m → b
    const nets = controlled.map((_, k) => freshNet(`${control.id}#sense${k + 1}`));
    replaced.set(control, { ...control, nodes: [a, nets[0]] });
    controlled.forEach((el, k) => replaced.set(el, { ...el, nodes: [...el.nodes, nets[k], k + 1 < nets.length ? nets[k + 1] : b] }));
  }
  return { ...network, elements: network.elements.map((el) => replaced.get(el) ?? el) };
}
