/**
 * The output-variable syntax of `Network.outputs`: `v(n)`, `v(a,b)`, `i(el)`, `x(el)`, `x(el.state)`, and
 * for .ac analyses the same with a part: `vm` magnitude, `vp` phase (degrees), `vdb` 20·log10 of the
 * magnitude, `vr`/`vi` real and imaginary parts (likewise `im`, `ip`, `idb`, `ir`, `ii`, `xm` ...).
 */

/** Which part of a small-signal phasor an output reads (.ac only). */
export type AcPart = 'm' | 'p' | 'db' | 'r' | 'i';

export type OutputVar = (
  | { readonly kind: 'v'; readonly pos: string; readonly neg?: string }
  | { readonly kind: 'i'; readonly element: string }
  /** `target` is `el` or `el.state`; which one needs the element list (ids may contain dots). */
  | { readonly kind: 'x'; readonly target: string }
) & { readonly part?: AcPart };

/** Also the JSON Schema's pattern, hence no `i` flag (JSON Schema patterns have none). */
export const OUTPUT_RE = /^\s*([vVxXiI])([mMpPrRiI]|[dD][bB])?\s*\(\s*([^\s(),]+)\s*(?:,\s*([^\s(),]+)\s*)?\)\s*$/;

export const OUTPUT_SYNTAX = 'v(net), v(net,net), i(element), x(element) or x(element.state) (in .ac also vm, vp, vdb, vr, vi and im, ip, ...)';

/** Parses one output variable; undefined when it is not in the syntax above. */
export function parseOutput(text: string): OutputVar | undefined {
  const m = OUTPUT_RE.exec(text);
  if (!m) return undefined;
  const [, fn, partText, a, b] = m;
  const part = partText === undefined ? {} : { part: partText.toLowerCase() as AcPart };
  switch (fn.toLowerCase()) {
    case 'v':
      return b === undefined ? { kind: 'v', pos: a, ...part } : { kind: 'v', pos: a, neg: b, ...part };
    case 'i':
      return b === undefined ? { kind: 'i', element: a, ...part } : undefined;
    default:
      return b === undefined ? { kind: 'x', target: a, ...part } : undefined;
  }
}

/** An output's spelling for comparisons: names are case-insensitive and spaces do not count (`V( out )` is `v(out)`). */
export function outputKey(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/** Whether an output reads a phasor part (`vdb(out)` ...), i.e. belongs to .ac analyses only. */
export function isAcOnlyOutput(text: string): boolean {
  return parseOutput(text)?.part !== undefined;
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
