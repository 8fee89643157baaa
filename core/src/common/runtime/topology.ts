/**
 * The live network's structure as the runtime edits it: an ordered set of element specs (the source of
 * truth the kernel's system is re-compiled from) and the elements taken out of the circuit by a fault.
 * Pure data operations; the simulation decides when they apply (window boundaries).
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import type { ElementSpec, Network } from '../network/types.js';
import type { DeviceLookup } from '../solver/system.js';
import { canonicalParam } from './params.js';

/** Marks the leak resistors that stand for a faulted element. */
export const OPEN = ':open';

export class Topology {
  private readonly specs = new Map<string, ElementSpec>();
  /** Faulted elements: kept in the network, left out of the compiled circuit (an open circuit). */
  readonly faulted = new Set<string>();

  constructor(
    private readonly base: Network,
    private readonly lookup: DeviceLookup,
  ) {
    for (const el of base.elements) this.specs.set(el.id.toLowerCase(), el);
  }

  has(id: string): boolean {
    return this.specs.has(id);
  }
  spec(id: string): ElementSpec | undefined {
    return this.specs.get(id);
  }
  ids(): string[] {
    return [...this.specs.keys()];
  }

  /**
   * The network the kernel compiles. A faulted element is replaced by an open circuit: a leak of
   * 1/gmin (1 TΩ by default) from its first terminal to each other one, so that no net loses its DC
   * path to ground (a floating net would make the system singular). The leaks are named `<id>:open<k>`.
   */
  compiled(): Network {
    const elements: ElementSpec[] = [];
    const leak = 1 / (this.base.options?.gmin ?? 1e-12);
    for (const e of this.specs.values()) {
      if (!this.faulted.has(e.id)) elements.push(e);
      else for (let k = 1; k < e.nodes.length; k++) elements.push({ id: `${e.id}${OPEN}${k}`, device: 'resistor', nodes: [e.nodes[0], e.nodes[k]], params: { r: leak } });
    }
    return { ...this.base, elements };
  }

  /** The whole network as data (faulted elements included), e.g. for a snapshot or an export. */
  network(): Network {
    return { ...this.base, elements: [...this.specs.values()] };
  }

  /** Why `spec` cannot be added, or undefined. */
  checkAdd(spec: ElementSpec): string | undefined {
    const id = spec.id?.toLowerCase();
    if (!id) return 'the element needs an id';
    if (this.specs.has(id)) return `the network already has an element '${id}'`;
    const model = this.lookup(spec.device);
    if (!model) return `unknown device model '${spec.device}'`;
    const bad = checkNodes(model, spec.nodes);
    if (bad) return bad;
    if (spec.model !== undefined) {
      const card = this.base.models?.[spec.model];
      if (!card) return `model card '${spec.model}' is not defined in the network`;
      if (card.device !== model.id) return `model card '${spec.model}' is for '${card.device}', not '${model.id}'`;
    }
    for (const [given, value] of Object.entries(spec.params ?? {})) {
      const name = canonicalParam(model, given);
      if (!name) return `device '${model.id}' has no parameter '${given}'; its parameters are ${Object.keys(model.params).join(', ')}`;
      const p = model.params[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) return `parameter '${name}' must be a finite number`;
      if ((p.min !== undefined && value < p.min) || (p.max !== undefined && value > p.max)) return `parameter '${name}' = ${value} is outside [${p.min ?? '-inf'}, ${p.max ?? 'inf'}]`;
    }
    return undefined;
  }

  add(spec: ElementSpec): void {
    const id = spec.id.toLowerCase();
    this.specs.set(id, { ...spec, id, nodes: spec.nodes.map((n) => n.toLowerCase()) });
  }

  remove(id: string): void {
    this.specs.delete(id);
    this.faulted.delete(id);
  }

  /** Terminal index of `terminal` (name or index) of element `id`, or an error message. */
  terminalIndex(id: string, terminal: string | number): number | string {
    const spec = this.specs.get(id);
    if (!spec) return `the network has no element '${id}'`;
    const model = this.lookup(spec.device)!;
    const k = typeof terminal === 'number' ? terminal : model.terminals.indexOf(terminal.toLowerCase());
    if (!Number.isInteger(k) || k < 0 || k >= model.terminals.length) {
      return `device '${model.id}' has terminals ${model.terminals.map((t, j) => `${j} (${t})`).join(', ')}; got '${terminal}'`;
    }
    return k;
  }

  /** Moves terminal `k` of element `id` to net `net`. */
  connect(id: string, k: number, net: string): void {
    const spec = this.specs.get(id)!;
    const nodes = [...spec.nodes];
    nodes[k] = net.toLowerCase();
    this.specs.set(id, { ...spec, nodes });
  }

  /** Records a live parameter value so that a re-compiled system keeps it. */
  setParam(id: string, name: string, value: number): void {
    const spec = this.specs.get(id)!;
    this.specs.set(id, { ...spec, params: { ...spec.params, [name]: value } });
  }

  /** A copy to roll back to if a change does not compile. */
  save(): { specs: Map<string, ElementSpec>; faulted: Set<string> } {
    return { specs: new Map(this.specs), faulted: new Set(this.faulted) };
  }
  restore(saved: { specs: Map<string, ElementSpec>; faulted: Set<string> }): void {
    this.specs.clear();
    for (const [k, v] of saved.specs) this.specs.set(k, v);
    this.faulted.clear();
    for (const f of saved.faulted) this.faulted.add(f);
  }
}

function checkNodes(model: DeviceModel, nodes: readonly string[] | undefined): string | undefined {
  if (!Array.isArray(nodes) || nodes.length !== model.terminals.length) {
    return `device '${model.id}' has ${model.terminals.length} terminals (${model.terminals.join(', ')}); got ${nodes?.length ?? 0} nets`;
  }
  if (nodes.some((n) => typeof n !== 'string' || n.length === 0)) return 'net names must be non-empty strings';
  return undefined;
}
