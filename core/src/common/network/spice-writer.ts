/**
 * Export of a network as an ngspice/Xyce netlist, so any network can be cross-checked in those
 * simulators. Each device model's `spice` descriptor says how its instances are spelled.
 */
import type { Crossing, MeasureSpec } from './measure.js';
import type { DeviceModel, SourceSpec, SpiceSyntax, Waveform } from '@memflow/plugin-sdk';
import { NetworkError, type NetworkPath } from './errors.js';
import { parseOutput } from './outputs.js';
import { locatorFromLoc, scopedMessage } from './paths.js';
import type { AnalysisSpec, ElementSpec, Network, TableSource } from './types.js';

// String(x) is the shortest text that reads back as exactly x, so no value loses precision.
const num = (x: number): string => String(x);

interface Resolved {
  readonly el: ElementSpec;
  readonly device: DeviceModel;
  readonly spice: SpiceSyntax;
  readonly name: string;
}

/** The netlist text; throws a `NetworkError` for what SPICE cannot express. */
export function writeSpice(network: Network, lookup: (id: string) => DeviceModel | undefined): string {
  const locate = locatorFromLoc(network);
  const fail = (path: NetworkPath, text: string): never => {
    throw new NetworkError(scopedMessage(network, path, () => text), locate(path), path);
  };
  const models = network.models ?? {};

  const resolved = network.elements.map((el, k): Resolved => {
    const device = lookup(el.device) ?? fail(['elements', k, 'device'], `unknown device '${el.device}'`);
    const noSyntax = `device '${el.device}' has no SPICE syntax, so it cannot be written to a netlist`;
    const spice = device.spice ?? fail(['elements', k, 'device'], noSyntax);
    return { el, device, spice, name: spiceName(el.id, spice) };
  });
  const byId = new Map(resolved.map((r) => [r.el.id.toLowerCase(), r]));
  const nameOf = (id: string, path: NetworkPath): string =>
    byId.get(id.toLowerCase())?.name ?? fail(path, `'${id}' is not an element`);

  const cards: string[] = [];
  const cardNames = new Set(Object.keys(models).map((n) => n.toLowerCase()));
  for (const [name, card] of Object.entries(models)) {
    const device = lookup(card.device) ?? fail(['models', name, 'device'], `unknown device '${card.device}'`);
    // Devices without a model type take their card's params inline, on each element line.
    if (device.spice?.modelType) {
      cards.push(modelLine(name, device, card.params, (p) => fail(['models', name, 'params', p], bad(p)), card.table));
    }
  }

  const lines = resolved.map(({ el, device, spice, name }, k): string => {
    const path = ['elements', k];
    const tokens = [name, ...el.nodes];
    if (spice.controlledByCurrent) {
      tokens.push(nameOf(el.control ?? fail(path, 'needs a control element'), [...path, 'control']));
    }
    const card = el.model === undefined ? undefined : models[el.model];
    if (el.model !== undefined && !Object.hasOwn(models, el.model)) {
      fail([...path, 'model'], `model '${el.model}' is not in models`);
    }
    const own = without(el.params ?? {}, spice.value);
    if (spice.source) tokens.push(...sourceTokens(el.source ?? { dc: 0 }));
    if (spice.value !== undefined) {
      const v = el.params?.[spice.value] ?? card?.params[spice.value] ?? device.params[spice.value]?.default;
      if (v !== undefined) tokens.push(num(v));
    }
    const params = { ...without(card?.params ?? {}, spice.value), ...own };
    const badParam = (p: string): never => fail([...path, 'params', p], bad(p));
    if (!spice.modelType) {
      tokens.push(...paramTokens(device, params, badParam));
    } else if (el.model !== undefined && Object.keys(own).length === 0) {
      tokens.push(el.model);
    } else {
      // SPICE has no per-instance model params, so an element with its own values gets its own card.
      const cardName = unique(`${el.id}_model`, cardNames);
      cards.push(modelLine(cardName, device, params, badParam));
      tokens.push(cardName);
    }
    return tokens.join(' ');
  });

  const out = [`* ${(network.title ?? 'memflow network').replace(/\s+/g, ' ')}`, ...lines, ...cards];
  const options = Object.entries(network.options ?? {});
  if (options.length > 0) out.push(`.options ${options.map(([k, v]) => `${k}=${num(v)}`).join(' ')}`);
  for (const [field, card] of [['ic', '.ic'], ['nodeset', '.nodeset']] as const) {
    const entries = Object.entries(network[field] ?? {});
    if (entries.length > 0) out.push(`${card} ${entries.map(([net, v]) => `v(${net})=${num(v)}`).join(' ')}`);
  }
  network.analyses?.forEach((a, k) => out.push(analysisLine(a, (id) => nameOf(id, ['analyses', k, 'source']))));
  out.push(...printLines(network, (id, k) => nameOf(id, ['outputs', k])));
  for (const m of network.measures ?? []) out.push(measureLine(m));
  out.push('.end');
  return `${out.join('\n')}\n`;
}

const bad = (p: string): string => `params.${p} is not the index of one of its choices`;

/** `r1` with letter R stays `R1`; `load` becomes `Rload`; Xyce's Y devices are `Y<TYPE> name` (`YMEMRISTOR m1`). */
function spiceName(id: string, spice: SpiceSyntax): string {
  const letter = spice.letter.toUpperCase();
  if (letter === 'Y') return `Y${(spice.modelType ?? 'memristor').toUpperCase()} ${id}`;
  return id.toUpperCase().startsWith(letter) ? letter + id.slice(letter.length) : letter + id;
}

function without(params: Readonly<Record<string, number>>, name: string | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(params).filter(([p]) => p !== name));
}

function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${name}${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** `k=v` pairs; enumerated params are written by choice name (`window=biolek`), as netlists give them. */
function paramTokens(
  device: DeviceModel,
  params: Readonly<Record<string, number>>,
  bad: (p: string) => never,
): string[] {
  return Object.entries(params).map(([p, v]) => {
    const choices = Object.hasOwn(device.params, p) ? device.params[p].choices : undefined;
    if (!choices) return `${p}=${num(v)}`;
    return `${p}=${Number.isInteger(v) && v >= 0 && v < choices.length ? choices[v] : bad(p)}`;
  });
}

function modelLine(
  name: string,
  device: DeviceModel,
  params: Readonly<Record<string, number>>,
  bad: (p: string) => never,
  table?: TableSource,
): string {
  const spice = device.spice!;
  // A data-driven model is spelled as its author wrote it: fitted again from the same file on reading.
  const level = table?.file
    ? ['level=table', `file="${table.file}"`, ...(table.nonlinearity !== undefined ? [`nonlinearity=${table.nonlinearity}`] : [])]
    : spice.level?.length
      ? [`level=${spice.level[0]}`]
      : [];
  const body = [...level, ...paramTokens(device, params, bad)];
  return `.model ${name} ${spice.modelType}${body.length ? ` (${body.join(' ')})` : ''}`;
}

function sourceTokens(source: SourceSpec): string[] {
  const tokens = ['DC', num(source.dc)];
  if (source.ac) tokens.push('AC', num(source.ac.mag), num(source.ac.phase));
  if (source.wave) tokens.push(waveText(source.wave));
  return tokens;
}

function waveText(w: Waveform): string {
  const args = (xs: readonly number[]): string => xs.map(num).join(' ');
  switch (w.type) {
    case 'sin':
      return `SIN(${args([w.vo, w.va, w.freq, w.td, w.theta, w.phase])})`;
    case 'pulse':
      // NP is an ngspice extension; 0 (unbounded) is its default, so it is left out then.
      return `PULSE(${args([w.v1, w.v2, w.td, w.tr, w.tf, w.pw, w.per, ...(w.np > 0 ? [w.np] : [])])})`;
    case 'pwl':
      return `PWL(${args(w.t.flatMap((t, i) => [t, w.v[i]]))})`;
    case 'exp':
      return `EXP(${args([w.v1, w.v2, w.td1, w.tau1, w.td2, w.tau2])})`;
  }
}

function analysisLine(a: AnalysisSpec, nameOf: (id: string) => string): string {
  switch (a.type) {
    case 'op':
      return '.op';
    case 'dc':
      return `.dc ${nameOf(a.source)} ${num(a.start)} ${num(a.stop)} ${num(a.step)}`;
    case 'ac':
      return `.ac ${a.sweep} ${a.points} ${num(a.fstart)} ${num(a.fstop)}`;
    case 'tran': {
      const times = [a.tstep, a.tstop];
      if (a.tstart !== undefined || a.tmax !== undefined) times.push(a.tstart ?? 0);
      if (a.tmax !== undefined) times.push(a.tmax);
      return `.tran ${times.map(num).join(' ')}${a.uic ? ' uic' : ''}`;
    }
  }
}

/**
 * One `.print` per dc/tran/ac analysis (phasor parts such as `vdb(out)` only in the .ac one); outputs
 * SPICE cannot spell (states) are listed in a comment.
 */
function printLines(network: Network, nameOf: (id: string, k: number) => string): string[] {
  const vars: { text: string; acOnly: boolean }[] = [];
  const skipped: string[] = [];
  network.outputs?.forEach((text, k) => {
    const out = parseOutput(text);
    const part = out?.part ?? '';
    const acOnly = out?.part !== undefined;
    if (out?.kind === 'v') {
      vars.push({ text: out.neg === undefined ? `v${part}(${out.pos})` : `v${part}(${out.pos},${out.neg})`, acOnly });
      return;
    }
    const name = out?.kind === 'i' ? nameOf(out.element, k) : undefined;
    // Xyce's Y devices have no portable current variable (ngspice does not know them at all).
    if (name !== undefined && !name.includes(' ')) vars.push({ text: `i${part}(${name.toLowerCase()})`, acOnly });
    else skipped.push(text);
  });
  const lines = skipped.length ? [`* not printed (no SPICE output variable): ${skipped.join(' ')}`] : [];
  const types = new Set((network.analyses ?? []).map((a) => a.type).filter((t) => t !== 'op'));
  for (const t of types) {
    const printed = vars.filter((v) => t === 'ac' || !v.acOnly).map((v) => v.text);
    if (printed.length > 0) lines.push(`.print ${t} ${printed.join(' ')}`);
  }
  return lines;
}

function crossingText(c: Crossing): string {
  return `${c.edge}=${c.count === 'last' ? 'last' : c.count}`;
}

/** A `.meas` card in ngspice's syntax (outputs are written as given). */
function measureLine(m: MeasureSpec): string {
  const head = `.meas ${m.analysis} ${m.name}`;
  switch (m.kind) {
    case 'find-at':
      return `${head} find ${m.output} at=${num(m.at)}`;
    case 'when':
      return `${head} when ${m.when.output}=${num(m.when.level)} ${crossingText(m.when)}`;
    case 'find-when':
      return `${head} find ${m.output} when ${m.when.output}=${num(m.when.level)} ${crossingText(m.when)}`;
    case 'trig-targ':
      return `${head} trig ${m.trig.output} val=${num(m.trig.level)} ${crossingText(m.trig)} targ ${m.targ.output} val=${num(m.targ.level)} ${crossingText(m.targ)}`;
    default:
      return `${head} ${m.kind} ${m.output}${m.from !== undefined ? ` from=${num(m.from)}` : ''}${m.to !== undefined ? ` to=${num(m.to)}` : ''}`;
  }
}
