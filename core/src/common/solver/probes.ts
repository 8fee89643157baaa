/** Output variables (`v(out)`, `v(a,b)`, `i(v1)`, `x(m1)`, `x(m1.r)`) resolved to readers of the kernel. */
import type { SourceLocation } from '../network/types.js';
import { CircuitError } from './errors.js';
import type { Kernel } from './kernel.js';
import { UnknownKind } from './system.js';

export type Probe = (kernel: Kernel) => number;

const PROBE_RE = /^([vix])\(\s*([^,()\s]+)\s*(?:,\s*([^,()\s]+)\s*)?\)$/i;

export function resolveProbe(kernel: Kernel, text: string, loc?: SourceLocation): Probe {
  const { sys } = kernel;
  const m = PROBE_RE.exec(text.trim());
  if (!m) throw new CircuitError(`cannot read output '${text}': write v(node), v(node1,node2), i(element) or x(element)`, loc);
  const kind = m[1].toLowerCase();
  const a = m[2].toLowerCase();
  const b = m[3]?.toLowerCase();
  if (kind === 'v') {
    const node = (name: string): number => {
      if (name === '0' || name === 'gnd') return -1;
      const k = sys.nodeIndex.get(name);
      if (k === undefined) throw new CircuitError(`output '${text}' names node '${name}', which no element connects to`, loc);
      return k;
    };
    const ia = node(a);
    const ib = b === undefined ? -1 : node(b);
    return (kr) => (ia >= 0 ? kr.y[ia] : 0) - (ib >= 0 ? kr.y[ib] : 0);
  }
  if (b !== undefined) throw new CircuitError(`output '${text}': ${kind}() takes one element name`, loc);
  const [elName, stateName] = a.split('.', 2);
  const el = sys.elements.get(elName);
  if (!el) throw new CircuitError(`output '${text}' names element '${elName}', which the circuit does not have`, loc);
  const { group, i } = el;
  const model = group.model;
  if (kind === 'x') {
    const states = Object.keys(model.states ?? {});
    const s = stateName === undefined && states.length === 1 ? 0 : states.indexOf(stateName ?? '');
    if (s < 0) {
      throw new CircuitError(`output '${text}': device '${model.id}' has states ${states.length ? states.join(', ') : '(none)'}; write x(${elName}.<state>)`, loc);
    }
    const row = group.idx[(group.firstState + s) * group.n + i];
    return (kr) => kr.y[row];
  }
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
