/** The output-variable syntax of `Network.outputs`: `v(n)`, `v(a,b)`, `i(el)`, `x(el)`, `x(el.state)`. */

export type OutputVar =
  | { readonly kind: 'v'; readonly pos: string; readonly neg?: string }
  | { readonly kind: 'i'; readonly element: string }
  /** `target` is `el` or `el.state`; which one needs the element list (ids may contain dots). */
  | { readonly kind: 'x'; readonly target: string };

/** Also the JSON Schema's pattern, hence no `i` flag (JSON Schema patterns have none). */
export const OUTPUT_RE = /^\s*([vVxXiI])\s*\(\s*([^\s(),]+)\s*(?:,\s*([^\s(),]+)\s*)?\)\s*$/;

export const OUTPUT_SYNTAX = 'v(net), v(net,net), i(element), x(element) or x(element.state)';

/** Parses one output variable; undefined when it is not in the syntax above. */
export function parseOutput(text: string): OutputVar | undefined {
  const m = OUTPUT_RE.exec(text);
  if (!m) return undefined;
  const [, fn, a, b] = m;
  switch (fn.toLowerCase()) {
    case 'v':
      return b === undefined ? { kind: 'v', pos: a } : { kind: 'v', pos: a, neg: b };
    case 'i':
      return b === undefined ? { kind: 'i', element: a } : undefined;
    default:
      return b === undefined ? { kind: 'x', target: a } : undefined;
  }
}

/**
 * Splits an `x(...)` target into element and state. A whole-target element id wins, so flattened
 * subcircuit names such as `x1.m1` stay usable.
 */
export function resolveStateTarget(
  target: string,
  isElement: (id: string) => boolean,
): { readonly element: string; readonly state?: string } | undefined {
  if (isElement(target)) return { element: target };
  const dot = target.lastIndexOf('.');
  if (dot > 0 && dot < target.length - 1 && isElement(target.slice(0, dot))) {
    return { element: target.slice(0, dot), state: target.slice(dot + 1) };
  }
  return undefined;
}
