/**
 * Lowers a parsed SPICE netlist to a `memflow.network/v1` network. Which device model a card means is
 * decided by the models' own `spice` descriptors (letter, `.model` type, `level=`), so a plugin's model
 * is reachable from netlists exactly like a built-in one.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { NetlistError, resolveWaveformDefaults, type ElementCard, type ModelDef, type NetlistAst } from '../netlist/index.js';
import { NETWORK_FORMAT, type ElementSpec, type ModelCard, type Network } from '../network/types.js';
import type { DeviceRegistry } from './registry.js';

const LETTER: Record<ElementCard['type'], string> = {
  r: 'R',
  c: 'C',
  l: 'L',
  v: 'V',
  i: 'I',
  d: 'D',
  a: 'A',
  ymemristor: 'Y',
  y: 'Y',
  e: 'E',
  g: 'G',
  f: 'F',
  h: 'H',
};

function chooseModel(card: ElementCard, def: ModelDef | undefined, registry: DeviceRegistry): DeviceModel {
  const letter = LETTER[card.type];
  const candidates = registry.withLetter(letter);
  if (candidates.length === 0) {
    throw new NetlistError(`element '${card.name}': ${letter} elements are not supported yet`, card.loc);
  }
  if (!def) {
    const plain = candidates.find((m) => !m.spice?.modelType);
    if (plain) return plain;
    throw new NetlistError(`element '${card.name}' needs a model name; add one and a matching .model card`, card.loc);
  }
  if (card.ydevice !== undefined && card.ydevice !== def.type) {
    throw new NetlistError(`element '${card.name}' is a Y${card.ydevice.toUpperCase()} device but model '${def.name}' has type '${def.type}'`, card.loc);
  }
  const typed = candidates.filter((m) => m.spice?.modelType === def.type);
  if (typed.length === 0) {
    const types = [...new Set(candidates.map((m) => m.spice?.modelType).filter(Boolean))].join(', ');
    throw new NetlistError(`model '${def.name}' has type '${def.type}', which ${letter} elements cannot use; expected ${types}`, def.loc);
  }
  const level = def.params.level;
  if (level === undefined) {
    // SPICE's default is level 1; a model without levels is also a default.
    const defaults = typed.filter((m) => !m.spice?.level || m.spice.level.includes('1'));
    if (defaults.length === 1) return defaults[0];
    if (typed.length === 1) return typed[0];
    const levels = typed.flatMap((m) => m.spice?.level ?? []).join(', ');
    throw new NetlistError(`model '${def.name}' needs level= to choose the device; known levels: ${levels}`, def.loc);
  }
  const key = String(level).toLowerCase();
  const match = typed.find((m) => m.spice?.level?.includes(key));
  if (!match) {
    const levels = typed.flatMap((m) => m.spice?.level ?? []).join(', ');
    throw new NetlistError(`model '${def.name}': unknown level '${key}'; known levels: ${levels}`, def.loc);
  }
  return match;
}

function cardParams(def: ModelDef, model: DeviceModel): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(def.params)) {
    if (key === 'level') continue;
    if (typeof value === 'number') {
      out[key] = value;
      continue;
    }
    const entry = Object.entries(model.params).find(([name, spec]) => name === key || spec.aliases?.includes(key));
    const choices = entry?.[1].choices;
    if (!entry || !choices) {
      throw new NetlistError(`model '${def.name}': parameter '${key}' must be a number, got '${value}'`, def.loc);
    }
    const index = choices.indexOf(value);
    if (index < 0) throw new NetlistError(`model '${def.name}': ${key}=${value} is not one of ${choices.join(', ')}`, def.loc);
    out[entry[0]] = index;
  }
  return out;
}

export function spiceToNetwork(ast: NetlistAst, registry: DeviceRegistry): Network {
  const tran = ast.analyses.find((a) => a.type === 'tran');
  const models: Record<string, ModelCard> = {};
  const cardDevice = new Map<string, DeviceModel>();
  const elements: ElementSpec[] = [];
  // The device a letter and model card choose, found once: a crossbar has thousands of the same pair.
  const chosen = new Map<string, DeviceModel>();
  for (const card of ast.elements) {
    const def = card.model !== undefined ? ast.models.get(card.model) : undefined;
    const key = `${card.type}\0${def?.name ?? ''}`;
    let model = card.ydevice === undefined ? chosen.get(key) : undefined;
    if (model === undefined) {
      // Y<type> cards also check their type against the card's, so they take the full path each time.
      model = chooseModel(card, def, registry);
      chosen.set(key, model);
    }
    if (def) {
      const known = cardDevice.get(def.name);
      if (known && known !== model) {
        throw new NetlistError(`model '${def.name}' is used by elements of different kinds (${known.id} and ${model.id})`, card.loc);
      }
      if (!known) {
        cardDevice.set(def.name, model);
        models[def.name] = { device: model.id, params: cardParams(def, model), loc: def.loc };
      }
    }
    const params: Record<string, number> = { ...card.params };
    const valueParam = model.spice?.value;
    if (card.value !== undefined && !model.spice?.source) {
      if (!valueParam) throw new NetlistError(`element '${card.name}' (${model.id}) takes no value`, card.loc);
      params[valueParam] = card.value;
    }
    let source = card.source;
    if (source?.wave && tran) source = { dc: source.dc, wave: resolveWaveformDefaults(source.wave, tran.tstep, tran.tstop) };
    // Keys set one by one in the order the network format lists them (JSON export keeps it), without
    // the temporary objects of conditional spreads: a crossbar has thousands of elements.
    const element: { -readonly [K in keyof ElementSpec]?: ElementSpec[K] } = { id: card.name, device: model.id };
    if (def) element.model = def.name;
    element.nodes = card.nodes;
    if (Object.keys(params).length > 0) element.params = params;
    if (source) element.source = source;
    if (card.control) element.control = card.control;
    element.loc = card.loc;
    elements.push(element as ElementSpec);
  }
  const outputs: string[] = [];
  const printed = new Set<string>();
  for (const p of ast.prints) {
    for (const v of p.vars) {
      if (printed.has(v)) continue;
      printed.add(v);
      outputs.push(v);
    }
  }
  return {
    format: NETWORK_FORMAT,
    title: ast.title,
    models,
    elements,
    options: { ...ast.options },
    analyses: ast.analyses.map(({ loc: _loc, ...a }) => a),
    outputs,
    ...(Object.keys(ast.ic).length > 0 ? { ic: { ...ast.ic } } : {}),
    ...(Object.keys(ast.nodeset).length > 0 ? { nodeset: { ...ast.nodeset } } : {}),
    ...(ast.measures.length > 0 ? { measures: [...ast.measures] } : {}),
  };
}
