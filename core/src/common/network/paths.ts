/**
 * Turning a path into a network value into words, and into a source location when the network carries
 * its own (`loc` of elements and model cards, as the SPICE reader sets them).
 */
import type { Locator, NetworkPath } from './errors.js';
import type { Network } from './types.js';

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `params.r`, `nodes[1]`, `layout['a b']`. */
export function renderPath(path: NetworkPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `value[key]` when value is an object, else undefined: for walking input that is not yet validated. */
export function fieldOf(value: unknown, key: string | number): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
}

/**
 * A message about the value at `path`, prefixed with the element or model card it belongs to, because
 * people know their elements by id, not by index: `element 'r1': params.r must be a finite number`.
 * `root` may be any JSON value, since schema errors are reported on input that is not yet a Network.
 */
export function scopedMessage(root: unknown, path: NetworkPath, text: (subject: string) => string): string {
  if (path[0] === 'elements' && typeof path[1] === 'number') {
    const id = fieldOf(fieldOf(fieldOf(root, 'elements'), path[1]), 'id');
    if (typeof id === 'string') {
      const rest = path.slice(2);
      return `element '${id}': ${text(rest.length ? renderPath(rest) : 'element')}`;
    }
  }
  if (path[0] === 'models' && typeof path[1] === 'string') {
    const rest = path.slice(2);
    return `model '${path[1]}': ${text(rest.length ? renderPath(rest) : 'model card')}`;
  }
  return text(path.length ? renderPath(path) : 'network');
}

/** Locations from the `loc` fields a network carries (none for hand-built or JSON-loaded networks). */
export function locatorFromLoc(network: Network): Locator {
  return (path) => {
    if (path[0] === 'elements' && typeof path[1] === 'number') return network.elements[path[1]]?.loc;
    if (path[0] === 'models' && typeof path[1] === 'string') return network.models?.[path[1]]?.loc;
    return undefined;
  };
}
