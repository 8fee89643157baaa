/**
 * What `memflow models` reports about each device model: a stable, JSON-ready description built from
 * the model's declaration only (nothing is evaluated), and the compact human listing of it.
 */
import type { DeviceModel, ParamRef, SpiceSyntax } from '@memflow/plugin-sdk';

export const MODELS_FORMAT = 'memflow.models/v1' as const;

/** Every key is always present (null when the model does not declare it), in this order. */
export interface ParamInfo {
  readonly name: string;
  readonly default: number;
  readonly unit: string | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly choices: readonly string[] | null;
  readonly aliases: readonly string[] | null;
  readonly doc: string | null;
}

export interface StateInfo {
  readonly name: string;
  /** A number, or the name of the parameter that gives it per instance. */
  readonly init: ParamRef;
  readonly min: ParamRef | null;
  readonly max: ParamRef | null;
  readonly unit: string | null;
  readonly abstol: number | null;
  readonly doc: string | null;
}

export interface SpiceInfo {
  readonly letter: string;
  readonly value: string | null;
  readonly modelType: string | null;
  readonly levels: readonly string[] | null;
  readonly source: boolean;
  readonly controlledByCurrent: boolean;
}

export interface ModelInfo {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly kind: string;
  readonly description: string | null;
  readonly terminals: readonly string[];
  readonly internalNodes: readonly string[];
  readonly branches: readonly string[];
  readonly spice: SpiceInfo | null;
  readonly params: readonly ParamInfo[];
  readonly states: readonly StateInfo[];
  readonly citation: string | null;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function spiceInfo(s: SpiceSyntax): SpiceInfo {
  return {
    letter: s.letter,
    value: orNull(s.value),
    modelType: orNull(s.modelType),
    levels: s.level && s.level.length > 0 ? [...s.level] : null,
    source: s.source === true,
    controlledByCurrent: s.controlledByCurrent === true,
  };
}

export function modelInfo(m: DeviceModel): ModelInfo {
  return {
    id: m.id,
    version: m.version,
    title: m.title,
    kind: m.kind,
    description: orNull(m.description),
    terminals: [...m.terminals],
    internalNodes: [...(m.internalNodes ?? [])],
    branches: [...(m.branches ?? [])],
    spice: m.spice ? spiceInfo(m.spice) : null,
    params: Object.entries(m.params).map(([name, p]) => ({
      name,
      default: p.default,
      unit: orNull(p.unit),
      min: orNull(p.min),
      max: orNull(p.max),
      choices: p.choices ? [...p.choices] : null,
      aliases: p.aliases && p.aliases.length > 0 ? [...p.aliases] : null,
      doc: orNull(p.doc),
    })),
    states: Object.entries(m.states ?? {}).map(([name, s]) => ({
      name,
      init: s.init,
      min: orNull(s.min),
      max: orNull(s.max),
      unit: orNull(s.unit),
      abstol: orNull(s.abstol),
      doc: orNull(s.doc),
    })),
    citation: orNull(m.citation),
  };
}

/** `memflow models --json`. */
export function modelsJson(models: readonly DeviceModel[]): string {
  return JSON.stringify({ format: MODELS_FORMAT, models: models.map(modelInfo) }, null, 2) + '\n';
}

/** `Y .model memristor level=hp`, `R <r>`, `V DC/waveform`, `-` when SPICE cannot spell it. */
export function spiceSpelling(s: SpiceInfo | null): string {
  if (!s) return '-';
  const parts = [s.letter];
  if (s.controlledByCurrent) parts.push('<control>');
  if (s.value) parts.push(`<${s.value}>`);
  if (s.source) parts.push('DC/waveform');
  if (s.modelType) parts.push(`.model ${s.modelType}`);
  if (s.levels) parts.push(`level=${s.levels.join('|')}`);
  return parts.join(' ');
}

/** `[0, 1]`, `>= 0`, `<= 5`, `one of none|biolek`, or `` when unbounded. */
export function rangeText(min: ParamRef | null, max: ParamRef | null, choices: readonly string[] | null = null): string {
  if (choices) return `one of ${choices.join('|')}`;
  if (min !== null && max !== null) return `[${min}, ${max}]`;
  if (min !== null) return `>= ${min}`;
  if (max !== null) return `<= ${max}`;
  return '';
}

/** A parameter's default as netlists write it: the choice name for enumerated parameters. */
export function defaultText(p: ParamInfo): string {
  return p.choices ? (p.choices[p.default] ?? String(p.default)) : String(p.default);
}

function columns(rows: string[][], indent: string): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => (indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).trimEnd());
}

/** The compact listing: one line per model, then its parameters, states and citation, indented. */
export function modelsTable(models: readonly DeviceModel[]): string {
  const infos = models.map(modelInfo);
  const heads = columns(
    infos.map((m) => [m.id, m.kind, spiceSpelling(m.spice), m.title]),
    '',
  );
  const out: string[] = [];
  infos.forEach((m, k) => {
    out.push(heads[k]);
    const rows = m.params.map((p) => [
      p.name,
      `= ${defaultText(p)}`,
      p.unit ?? '',
      rangeText(p.min, p.max, p.choices),
      (p.doc ?? '') + (p.aliases ? ` (also ${p.aliases.join(', ')})` : ''),
    ]);
    if (rows.length > 0) out.push(...columns(rows, '    '));
    for (const s of m.states) {
      const range = rangeText(s.min, s.max);
      out.push(`    state ${s.name}${range ? ` in ${range}` : ''}${s.unit ? ` ${s.unit}` : ''}, init ${s.init}${s.doc ? `: ${s.doc}` : ''}`);
    }
    if (m.citation) out.push(`    cite: ${m.citation}`);
  });
  return out.join('\n') + '\n';
}
