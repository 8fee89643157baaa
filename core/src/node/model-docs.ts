/**
 * Model documentation generated from the definitions (`memflow models --docs DIR`, `npm run docs`):
 * one Markdown page per device model and an index. Everything on a page comes from the model's
 * declaration; the SPICE example is written by the netlist writer itself, so its spelling (letter,
 * `.model` type, `level=`) is the one the reader accepts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceModel } from '@memflow/plugin-sdk';
import { writeSpice } from '../common/network/index.js';
import { NETWORK_FORMAT, type ElementSpec, type Network } from '../common/network/types.js';
import { defaultText, modelInfo, rangeText, spiceSpelling, type ModelInfo } from './models.js';
import { wiredTerminals } from '../common/solver/sense-ports.js';

/** First line of every generated page; also how stale generated pages are recognised. */
export const GENERATED_MARKER = '<!-- Generated from the model definitions by `memflow models --docs` (npm run docs). Do not edit. -->';

export const INDEX_FILE = 'README.md';

/** The page's file name: the model id, made safe for file systems. */
export function docFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.md`;
}

const cell = (s: string): string => s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
const code = (s: string): string => `\`${s}\``;

/** The example element: every parameter at its default, written as a netlist and as JSON. */
function exampleNetwork(m: DeviceModel, lookup: (id: string) => DeviceModel | undefined): Network {
  const spice = m.spice;
  const letter = (spice?.letter ?? 'x').toLowerCase();
  const defaults = Object.fromEntries(Object.entries(m.params).map(([name, p]) => [name, p.default]));
  const base = m.id.split('.').pop()!.replace(/[^A-Za-z0-9_]/g, '_');
  const elements: ElementSpec[] = [];
  const nodes = [...wiredTerminals(m)];
  const element: ElementSpec = spice?.source
    ? { id: `${letter}1`, device: m.id, nodes, source: { dc: 1 } }
    : spice?.modelType
      ? { id: `${letter}1`, device: m.id, model: `${base}_model`, nodes }
      : { id: `${letter}1`, device: m.id, nodes, params: defaults };
  elements.push(element);
  if (spice?.controlledByCurrent) {
    const sense = lookup('vsource') ? 'vsense' : undefined;
    if (sense) {
      elements[0] = { ...element, control: sense };
      elements.push({ id: sense, device: 'vsource', nodes: ['s', '0'], source: { dc: 0 } });
    }
  }
  return {
    format: NETWORK_FORMAT,
    title: `${m.title} (${m.id}), parameters at their defaults`,
    models: spice?.modelType ? { [`${base}_model`]: { device: m.id, params: defaults } } : {},
    elements,
  };
}

function spiceExample(m: DeviceModel, lookup: (id: string) => DeviceModel | undefined): string | undefined {
  if (!m.spice) return undefined;
  const find = (id: string) => (id === m.id ? m : lookup(id));
  try {
    return writeSpice(exampleNetwork(m, find), find).replace(/\n\.end\n$/, '\n');
  } catch (err) {
    // A model the writer cannot spell still gets its page; the docs test reports the missing example.
    return `* no example: ${(err as Error).message}\n`;
  }
}

function jsonExample(m: DeviceModel): string {
  const defaults = Object.fromEntries(Object.entries(m.params).map(([name, p]) => [name, p.default]));
  const el: Record<string, unknown> = { id: 'x1', device: m.id, nodes: [...wiredTerminals(m)] };
  if (m.spice?.controlledByCurrent) el.control = 'vsense';
  if (m.kind === 'source' || m.spice?.source) el.source = { dc: 1 };
  else if (Object.keys(defaults).length > 0) el.params = defaults;
  return JSON.stringify(el);
}

function spiceSection(info: ModelInfo, example: string | undefined): string[] {
  const s = info.spice;
  if (!s) return ['No SPICE spelling: use it from memflow.network/v1 JSON networks.', ''];
  const lines: string[] = [];
  const facts: string[] = [];
  const ytype = (s.modelType ?? 'memristor').toUpperCase();
  const nodes = wiredTerminals(info).join(' ');
  facts.push(
    s.letter === 'Y'
      ? `Xyce's device form \`Y${ytype} NAME ${nodes} MODEL\` (letter \`Y\`)`
      : s.letter === 'A'
        ? `an XSPICE code model, \`ANAME ${nodes} MODEL\` (letter \`A\`)`
        : `letter \`${s.letter}\``,
  );
  if (s.value) facts.push(`the bare value is \`${s.value}\``);
  if (s.source) facts.push('`DC value` and a waveform (`SIN`, `PULSE`, `PWL`, `EXP`)');
  if (s.controlledByCurrent) facts.push('controlled by the current of the element it names');
  if (s.modelType) facts.push(`\`.model NAME ${s.modelType}\``);
  if (s.levels) facts.push(`selected with ${s.levels.map((l) => `\`level=${l}\``).join(' or ')}`);
  lines.push(`Written with ${facts.join('; ')}.`, '');
  if (example) lines.push('```spice', example.trimEnd(), '```', '');
  return lines;
}

/** The Markdown page of one model. */
export function modelPage(m: DeviceModel, lookup: (id: string) => DeviceModel | undefined): string {
  const info = modelInfo(m);
  const out: string[] = [GENERATED_MARKER, '', `# ${info.title}`, ''];
  out.push(`${code(info.id)} · kind: ${info.kind} · version ${info.version} · SPICE: ${code(spiceSpelling(info.spice))}`, '');
  if (info.description) out.push(info.description, '');

  out.push('## Terminals', '');
  out.push(`${info.terminals.map(code).join(', ')} (${info.terminals.length} terminal${info.terminals.length === 1 ? '' : 's'}, in netlist order).`);
  if (info.spice?.controlledByCurrent) out.push(`A network wires the first ${info.terminals.length - 2} and names the control element; the compiler puts the sense port (the last two) in series with it.`);
  if (info.internalNodes.length > 0) out.push(`Internal nodes: ${info.internalNodes.map(code).join(', ')}.`);
  if (info.branches.length > 0) out.push(`Branch currents: ${info.branches.map(code).join(', ')}.`);
  out.push('');

  out.push('## Parameters', '');
  if (info.params.length === 0) out.push('None.', '');
  else {
    out.push('| name | default | unit | range | description |', '|---|---|---|---|---|');
    for (const p of info.params) {
      const doc = (p.doc ?? '') + (p.aliases ? ` (also ${p.aliases.map(code).join(', ')})` : '');
      const dflt = p.choices ? `${code(defaultText(p))} (${p.default})` : code(String(p.default));
      const range = p.choices ? p.choices.map((c, i) => `${code(c)} = ${i}`).join(', ') : rangeText(p.min, p.max);
      out.push(`| ${code(p.name)} | ${dflt} | ${cell(p.unit ?? '')} | ${cell(range)} | ${cell(doc)} |`);
    }
    out.push('');
  }

  out.push('## States', '');
  if (info.states.length === 0) out.push('None.', '');
  else {
    out.push('| name | initial | bounds | unit | abstol | description |', '|---|---|---|---|---|---|');
    for (const s of info.states) {
      const ref = (r: string | number) => (typeof r === 'string' ? `param ${code(r)}` : String(r));
      const bounds = s.min === null && s.max === null ? '' : `[${s.min === null ? '−∞' : ref(s.min)}, ${s.max === null ? '∞' : ref(s.max)}]`;
      out.push(`| ${code(s.name)} | ${ref(s.init)} | ${bounds} | ${cell(s.unit ?? '')} | ${s.abstol ?? ''} | ${cell(s.doc ?? '')} |`);
    }
    const vars = info.states.length === 1 ? ['x(NAME)'] : info.states.map((s) => `x(NAME.${s.name})`);
    out.push('', `In \`.print\` and network outputs: ${vars.map(code).join(', ')}.`, '');
  }

  out.push('## Usage', '');
  out.push(...spiceSection(info, spiceExample(m, lookup)));
  out.push('As an element of a memflow.network/v1 JSON network:', '', '```json', jsonExample(m), '```', '');

  out.push('## Citation', '');
  out.push(info.citation ?? 'None given.', '');
  return out.join('\n');
}

/** The index page: one row per model, linking its page. */
export function indexPage(models: readonly DeviceModel[]): string {
  const out: string[] = [GENERATED_MARKER, '', '# Device models', ''];
  out.push(
    'Every device model memflow knows, generated from the model definitions (`npm run docs`). `memflow models` lists',
    'the same from the command line (`--json` for tools); `memflow characterise MODEL` draws a model’s I–V loop.',
    '',
  );
  out.push('| model | title | kind | SPICE | states |', '|---|---|---|---|---|');
  for (const m of models) {
    const info = modelInfo(m);
    const states = info.states.map((s) => code(s.name)).join(', ');
    out.push(`| [${code(info.id)}](${docFileName(info.id)}) | ${cell(info.title)} | ${info.kind} | ${code(spiceSpelling(info.spice))} | ${states} |`);
  }
  out.push('');
  return out.join('\n');
}

/** Every generated file: name → text. */
export function modelDocs(models: readonly DeviceModel[], lookup: (id: string) => DeviceModel | undefined): Map<string, string> {
  const files = new Map<string, string>();
  files.set(INDEX_FILE, indexPage(models));
  for (const m of models) files.set(docFileName(m.id), modelPage(m, lookup));
  return files;
}

/**
 * Writes the pages into `dir` and removes generated pages of models that no longer exist (only files
 * that start with the generator's marker: a hand-written file in `dir` is never touched).
 */
export function writeModelDocs(dir: string, files: ReadonlyMap<string, string>): { written: string[]; removed: string[] } {
  mkdirSync(dir, { recursive: true });
  const removed: string[] = [];
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.md') || files.has(name)) continue;
      const path = join(dir, name);
      if (readFileSync(path, 'utf8').startsWith(GENERATED_MARKER)) {
        rmSync(path);
        removed.push(path);
      }
    }
  }
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    writeFileSync(path, text);
    written.push(path);
  }
  return { written, removed };
}
