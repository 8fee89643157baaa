/**
 * Consistency checks that need no device library: names that must refer to something, and values the
 * schema cannot express (unique ids, PWL shape, analysis ranges, output syntax).
 */
import { didYouMean } from './closest.js';
import { NetworkError, type Locator, type NetworkPath } from './errors.js';
import { OUTPUT_SYNTAX, parseOutput, resolveStateTarget } from './outputs.js';
import { locatorFromLoc, scopedMessage } from './paths.js';
import type { AnalysisSpec, ElementSpec, Network } from './types.js';

/** SPICE names are case-insensitive, so ids and nets are compared lowercased. */
const key = (name: string): string => name.toLowerCase();

/** All problems found, in network order. `locate` defaults to the `loc` fields the network carries. */
export function checkNetwork(network: Network, locate: Locator = locatorFromLoc(network)): NetworkError[] {
  const errors: NetworkError[] = [];
  const report = (path: NetworkPath, text: (subject: string) => string): void => {
    errors.push(new NetworkError(scopedMessage(network, path, text), locate(path), path));
  };

  const ids = new Map<string, number>();
  network.elements.forEach((el, k) => {
    const first = ids.get(key(el.id));
    if (first === undefined) ids.set(key(el.id), k);
    else report(['elements', k, 'id'], () => `id is already used by elements[${first}]`);
  });
  const elementIds = [...ids.keys()];
  const isElement = (id: string): boolean => ids.has(key(id));
  const nets = new Set(['0', ...network.elements.flatMap((el) => el.nodes.map(key))]);

  network.elements.forEach((el, k) => checkElement(network, el, k, isElement, elementIds, report));
  network.analyses?.forEach((a, k) => checkAnalysis(a, k, isElement, elementIds, report));
  for (const field of ['ic', 'nodeset'] as const) {
    for (const net of Object.keys(network[field] ?? {})) {
      if (key(net) === '0' || key(net) === 'gnd') report([field, net], (s) => `${s}: ground is always 0 V; leave it out`);
      else if (!nets.has(key(net))) report([field, net], (s) => `${s}: no net '${net}'${didYouMean(key(net), nets)}`);
    }
  }
  const checkOutput = (text: string, path: NetworkPath): void => {
    const out = parseOutput(text);
    const at = (what: string): void => report(path, (s) => `${s} '${text}': ${what}`);
    if (!out) return at(`not an output variable; use ${OUTPUT_SYNTAX}`);
    if (out.kind === 'v') {
      for (const net of out.neg === undefined ? [out.pos] : [out.pos, out.neg]) {
        if (!nets.has(key(net))) at(`no net '${net}'${didYouMean(key(net), nets)}`);
      }
    } else if (out.kind === 'i') {
      if (!isElement(out.element)) at(`no element '${out.element}'${didYouMean(key(out.element), elementIds)}`);
    } else if (!resolveStateTarget(out.target, isElement)) {
      at(`no element '${out.target}'${didYouMean(key(out.target), elementIds)}`);
    }
  };
  network.outputs?.forEach((text, k) => checkOutput(text, ['outputs', k]));
  network.measures?.forEach((m, k) => {
    if (!network.analyses?.some((a) => a.type === m.analysis)) report(['measures', k, 'analysis'], (s) => `${s}: measurement '${m.name}' needs a .${m.analysis} analysis, and the network has none`);
    const fields: [string, string | undefined][] = [['output', 'output' in m ? m.output : undefined]];
    if ('when' in m) fields.push(['when', m.when.output]);
    if (m.kind === 'trig-targ') fields.push(['trig', m.trig.output], ['targ', m.targ.output]);
    for (const [field, text] of fields) if (text !== undefined) checkOutput(text, field === 'output' ? ['measures', k, 'output'] : ['measures', k, field, 'output']);
  });
  return errors;
}

type Report = (path: NetworkPath, text: (subject: string) => string) => void;

function checkElement(
  network: Network,
  el: ElementSpec,
  k: number,
  isElement: (id: string) => boolean,
  elementIds: readonly string[],
  report: Report,
): void {
  const models = network.models ?? {};
  if (el.model !== undefined) {
    if (!Object.hasOwn(models, el.model)) {
      const hint = didYouMean(el.model, Object.keys(models));
      report(['elements', k, 'model'], () => `model '${el.model}' is not in models${hint}`);
    } else if (models[el.model].device !== el.device) {
      report(
        ['elements', k, 'model'],
        () => `model '${el.model}' is a card for device '${models[el.model!].device}', not '${el.device}'`,
      );
    }
  }
  if (el.control !== undefined && !isElement(el.control)) {
    const hint = didYouMean(key(el.control), elementIds);
    report(['elements', k, 'control'], () => `control '${el.control}' is not an element${hint}`);
  }
  const wave = el.source?.wave;
  if (wave?.type === 'pwl') {
    const base = ['elements', k, 'source', 'wave'];
    if (wave.t.length === 0) report([...base, 't'], (s) => `${s} must have at least one point`);
    if (wave.t.length !== wave.v.length) {
      report([...base, 'v'], (s) => `${s} has ${wave.v.length} values for ${wave.t.length} times`);
    }
    const back = wave.t.findIndex((t, i) => i > 0 && t < wave.t[i - 1]);
    if (back > 0) report([...base, 't', back], (s) => `${s} must not be before the previous time`);
  }
}

function checkAnalysis(
  a: AnalysisSpec,
  k: number,
  isElement: (id: string) => boolean,
  elementIds: readonly string[],
  report: Report,
): void {
  const at = (field: string, what: string): void => report(['analyses', k, field], (s) => `${s} ${what}`);
  if (a.type === 'ac') {
    if (!(a.fstart > 0)) at('fstart', 'must be above 0 Hz');
    if (!(a.fstop >= a.fstart)) at('fstop', 'must not be below fstart');
  } else if (a.type === 'dc') {
    if (!isElement(a.source)) at('source', `'${a.source}' is not an element${didYouMean(key(a.source), elementIds)}`);
    if (a.step === 0) at('step', 'must not be 0');
    else if ((a.stop - a.start) / a.step < 0) at('step', 'must have the sign of stop - start');
  } else if (a.type === 'tran') {
    if (!(a.tstep > 0)) at('tstep', 'must be > 0');
    const tstart = a.tstart ?? 0;
    if (tstart < 0) at('tstart', 'must be >= 0');
    if (!(a.tstop > tstart)) at('tstop', a.tstart === undefined ? 'must be > 0' : 'must be > tstart');
    if (a.tmax !== undefined && !(a.tmax > 0)) at('tmax', 'must be > 0');
  }
}
