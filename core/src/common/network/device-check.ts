/**
 * Checks of a network against the device models it names: the part of validation that needs the
 * device library (built-in or from plugins), kept apart so files can be read without loading plugins.
 */
import type { DeviceModel, ParamSpec } from '@memflow/plugin-sdk';
import { closest, didYouMean } from './closest.js';
import { NetworkError, type Locator, type NetworkPath } from './errors.js';
import { parseOutput, resolveStateTarget } from './outputs.js';
import { locatorFromLoc, scopedMessage } from './paths.js';
import type { Network } from './types.js';

export interface DeviceCheckOptions {
  /** Every device id the library knows, so an unknown id can be answered with the nearest one. */
  readonly knownIds?: Iterable<string>;
  /** Where paths were written (from `validateNetworkJson`); defaults to the network's `loc` fields. */
  readonly locate?: Locator;
}

type Report = (path: NetworkPath, text: (subject: string) => string) => void;

export function checkAgainstDevices(
  network: Network,
  lookup: (id: string) => DeviceModel | undefined,
  options: DeviceCheckOptions = {},
): NetworkError[] {
  const locate = options.locate ?? locatorFromLoc(network);
  const knownIds = [...(options.knownIds ?? [])];
  const errors: NetworkError[] = [];
  const report: Report = (path, text) => {
    errors.push(new NetworkError(scopedMessage(network, path, text), locate(path), path));
  };
  const device = (id: string, path: NetworkPath): DeviceModel | undefined => {
    const d = lookup(id);
    if (!d) report(path, () => `unknown device '${id}'${didYouMean(id, knownIds)}`);
    return d;
  };

  for (const [name, card] of Object.entries(network.models ?? {})) {
    const d = device(card.device, ['models', name, 'device']);
    if (d) checkParams(d, card.params, ['models', name, 'params'], report);
  }
  network.elements.forEach((el, k) => {
    const d = device(el.device, ['elements', k, 'device']);
    if (!d) return;
    if (el.nodes.length !== d.terminals.length) {
      const n = d.terminals.length;
      report(['elements', k, 'nodes'], (s) => {
        const terminals = `${n} terminal${n === 1 ? '' : 's'} (${d.terminals.join(', ')})`;
        return `device '${d.id}' has ${terminals} but ${s} lists ${el.nodes.length}`;
      });
    }
    if (el.params) checkParams(d, el.params, ['elements', k, 'params'], report);
    if (el.source && !isSource(d)) {
      report(['elements', k, 'source'], (s) => `${s} is only for independent sources; device '${d.id}' is not one`);
    }
  });

  const byId = new Map(network.elements.map((el) => [el.id.toLowerCase(), el]));
  const deviceOf = (id: string): DeviceModel | undefined => {
    const el = byId.get(id.toLowerCase());
    return el && lookup(el.device);
  };
  network.analyses?.forEach((a, k) => {
    const d = a.type === 'dc' ? deviceOf(a.source) : undefined;
    if (a.type === 'dc' && d && !isSource(d)) {
      report(['analyses', k, 'source'], (s) => `${s} '${a.source}' is not an independent source (device '${d.id}')`);
    }
  });
  network.outputs?.forEach((text, k) => {
    const out = parseOutput(text);
    const target = out?.kind === 'x' ? resolveStateTarget(out.target, (id) => byId.has(id.toLowerCase())) : undefined;
    const d = target && deviceOf(target.element);
    if (!target || !d) return;
    const states = Object.keys(d.states ?? {});
    const at = (what: string): void => report(['outputs', k], (s) => `${s} '${text}': ${what}`);
    if (target.state !== undefined && !states.includes(target.state)) {
      at(`device '${d.id}' has no state '${target.state}'${didYouMean(target.state, states)}`);
    } else if (target.state === undefined && states.length !== 1) {
      at(
        states.length === 0
          ? `device '${d.id}' has no state`
          : `device '${d.id}' has states ${states.join(', ')}; name one as x(${target.element}.${states[0]})`,
      );
    }
  });
  return errors;
}

function isSource(d: DeviceModel): boolean {
  return d.kind === 'source' || d.spice?.source === true;
}

function checkParams(
  d: DeviceModel,
  params: Readonly<Record<string, number>>,
  base: NetworkPath,
  report: Report,
): void {
  for (const [name, value] of Object.entries(params)) {
    const path = [...base, name];
    // Aliases count as the parameter they stand for, as they do in the compiler.
    const key = name.toLowerCase();
    const spec = Object.hasOwn(d.params, key) ? d.params[key] : Object.values(d.params).find((p) => p.aliases?.includes(key));
    if (!spec) {
      const hint = suggestParam(d, name);
      report(path, () => `unknown parameter '${name}' of device '${d.id}'${hint}`);
      continue;
    }
    const problem = paramProblem(spec, value);
    if (problem) report(path, (s) => `${s} ${problem}`);
  }
}

/** The nearest parameter name, looking through aliases but always suggesting the canonical name. */
function suggestParam(d: DeviceModel, name: string): string {
  const canonical = new Map<string, string>();
  for (const [p, spec] of Object.entries(d.params)) {
    canonical.set(p, p);
    for (const alias of spec.aliases ?? []) canonical.set(alias, p);
  }
  const near = closest(name, canonical.keys());
  return near === undefined ? '' : ` (did you mean '${canonical.get(near)}'?)`;
}

function paramProblem(spec: ParamSpec, value: number): string | undefined {
  if (spec.choices) {
    const { choices } = spec;
    if (Number.isInteger(value) && value >= 0 && value < choices.length) return undefined;
    const list = choices.map((c, i) => `${i}=${c}`).join(', ');
    return `must be the index of one of its choices (${list}), got ${value}`;
  }
  const { min, max } = spec;
  const low = min !== undefined && value < min;
  const high = max !== undefined && value > max;
  if (!low && !high) return undefined;
  if (min !== undefined && max !== undefined) return `must be between ${min} and ${max}, got ${value}`;
  return low ? `must be >= ${min}, got ${value}` : `must be <= ${max}, got ${value}`;
}
