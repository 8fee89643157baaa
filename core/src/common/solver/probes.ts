/** Output variables (`v(out)`, `v(a,b)`, `i(v1)`, `x(m1)`, `x(m1.r)`) resolved to the system's unknowns and to readers of the kernel. */
import type { SourceLocation } from '../network/types.js';
import { CircuitError } from './errors.js';
import type { Kernel } from './kernel.js';
import { UnknownKind, type CircuitSystem, type ModelGroup } from './system.js';
import { parseOutput, resolveStateTarget, type AcPart } from '../network/outputs.js';

export type Probe = (kernel: Kernel) => number;

/**
 * What an output names in the system: a voltage between two unknowns (−1 for ground), one unknown (a
 * device state), or an element's current; `part` is the phasor part an .ac output asks for.
 */
export type OutputTarget = (
  | { readonly kind: 'v'; readonly pos: number; readonly neg: number }
  | { readonly kind: 'x'; readonly row: number }
  | { readonly kind: 'i'; readonly group: ModelGroup; readonly i: number }
) & { readonly part?: AcPart };

/** Resolves `v(a)`, `v(a,b)`, `i(el)`, `x(el)`, `x(el.state)` (and their .ac parts) against the system. */
export function resolveOutput(sys: CircuitSystem, text: string, loc?: SourceLocation): OutputTarget {
  const out = parseOutput(text.trim().toLowerCase());
  if (!out) throw new CircuitError(`cannot read output '${text}': write v(node), v(node1,node2), i(element) or x(element)`, loc);
  const part = out.part === undefined ? {} : { part: out.part };
  if (out.kind === 'v') {
    const node = (name: string): number => {
      if (name === '0' || name === 'gnd') return -1;
      const k = sys.nodeIndex.get(name);
      if (k === undefined) throw new CircuitError(`output '${text}' names node '${name}', which no element connects to`, loc);
      return k;
    };
    return { kind: 'v', pos: node(out.pos), neg: out.neg === undefined ? -1 : node(out.neg), ...part };
  }
  const target = out.kind === 'i' ? { element: out.element } : resolveStateTarget(out.target, (id) => sys.elements.has(id));
  const el = target && sys.elements.get(target.element);
  if (!target || !el) throw new CircuitError(`output '${text}' names element '${target?.element ?? (out.kind === 'x' ? out.target : '')}', which the circuit does not have`, loc);
  const { group, i } = el;
  if (out.kind === 'i') return { kind: 'i', group, i, ...part };
  const states = Object.keys(group.model.states ?? {});
  const s = target.state === undefined && states.length === 1 ? 0 : states.indexOf(target.state ?? '');
  if (s < 0) {
    throw new CircuitError(`output '${text}': device '${group.model.id}' has states ${states.length ? states.join(', ') : '(none)'}; write x(${target.element}.<state>)`, loc);
  }
  return { kind: 'x', row: group.idx[(group.firstState + s) * group.n + i], ...part };
}

export function resolveProbe(kernel: Kernel, text: string, loc?: SourceLocation): Probe {
  const { sys } = kernel;
  const target = resolveOutput(sys, text, loc);
  if (target.part !== undefined) throw new CircuitError(`output '${text}' reads a phasor part: it belongs to .ac analyses; write v(...), i(...) or x(...)`, loc);
  if (target.kind === 'v') {
    const { pos, neg } = target;
    return (kr) => (pos >= 0 ? kr.y[pos] : 0) - (neg >= 0 ? kr.y[neg] : 0);
  }
  if (target.kind === 'x') {
    const row = target.row;
    return (kr) => kr.y[row];
  }
  const { group, i } = target;
  const model = group.model;
  const nT = model.terminals.length;
  const nI = model.internalNodes?.length ?? 0;
  // SPICE's i() of an F element is its output current, not the sensed one its branch holds.
  if ((model.branches?.length ?? 0) === 1 && model.spice?.letter !== 'F') {
    const row = group.idx[(nT + nI) * group.n + i];
    if (sys.kind[row] !== UnknownKind.Branch) throw new Error('internal: branch index');
    return (kr) => kr.y[row];
  }
  if (model.charges && model.charges.rows.length > 0) {
    throw new CircuitError(`output '${text}': the current of a charge-storing element is not available yet; probe a series voltage source instead`, loc);
  }
  // Current into the first terminal, from the device's latest evaluation.
  return () => group.f[0][i];
}
