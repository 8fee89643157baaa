/**
 * Authoring helpers: `defineDevice` checks a vectorised model's declaration; `defineScalarDevice`
 * builds a vectorised two-terminal memristive model from two scalar functions and supplies all its
 * derivatives with forward-mode dual numbers.
 */
import { localNames, paramRefName, type DeviceKind, type DeviceModel, type EvalContext, type ParamRef, type ParamSpec, type SpiceSyntax, type StateSpec } from './device.js';
import { createMath, Dual, type Num, type ScalarMath } from './scalar/dual.js';

/** A model whose declaration is inconsistent; the message names the model and what is wrong. */
export class DeviceDefinitionError extends Error {
  override name = 'DeviceDefinitionError';
}

const KINDS: readonly DeviceKind[] = ['passive', 'source', 'diode', 'memristor', 'neuron', 'controlled', 'other'];
const ID_RE = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_:+-]+)*$/;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every problem with a model's declaration (empty when there is none). */
export function declarationProblems(model: DeviceModel): string[] {
  const out: string[] = [];
  const say = (m: string) => out.push(m);
  if (typeof model.id !== 'string' || !ID_RE.test(model.id)) say(`id '${String(model.id)}' is not of the form 'vendor.name' (letters, digits, _ - . : +)`);
  if (typeof model.version !== 'string' || !/^\d+\.\d+\.\d+([-+].*)?$/.test(model.version)) say(`version '${String(model.version)}' is not a semantic version such as 1.0.0`);
  if (typeof model.title !== 'string' || model.title.trim() === '') say('title is missing');
  if (!KINDS.includes(model.kind)) say(`kind '${String(model.kind)}' is not one of ${KINDS.join(', ')}`);
  if (!Array.isArray(model.terminals) || model.terminals.length === 0) say('terminals: at least one is needed');
  if (typeof model.evaluate !== 'function') say('evaluate is not a function');
  if (typeof model.params !== 'object' || model.params === null) say('params is missing (use {} for none)');
  if (out.length) return out;

  const names = localNames(model);
  const seen = new Set<string>();
  for (const n of names) {
    if (typeof n !== 'string' || !NAME_RE.test(n)) say(`local name '${String(n)}' is not an identifier`);
    if (seen.has(n)) say(`local name '${n}' is used twice (terminals, internal nodes, branches and states share one namespace)`);
    seen.add(n);
  }
  for (const [name, spec] of Object.entries(model.params)) paramProblems(name, spec).forEach(say);
  const refOk = (what: string, ref: ParamRef | undefined) => {
    if (ref === undefined) return;
    if (typeof ref === 'number') {
      if (Number.isNaN(ref)) say(`${what} is NaN`);
      return;
    }
    const name = paramRefName(ref);
    if (!(name in model.params)) say(`${what} refers to '${ref}', which is not a parameter`);
  };
  for (const [name, spec] of Object.entries(model.states ?? {})) {
    refOk(`state '${name}': init`, spec.init);
    refOk(`state '${name}': min`, spec.min);
    refOk(`state '${name}': max`, spec.max);
    if (typeof spec.min === 'number' && typeof spec.max === 'number' && !(spec.min < spec.max)) say(`state '${name}': min ${spec.min} is not below max ${spec.max}`);
    if (spec.abstol !== undefined && !(spec.abstol > 0)) say(`state '${name}': abstol must be positive`);
  }
  const entries = (what: string, list: readonly (readonly [string, string])[]) => {
    const pairs = new Set<string>();
    for (const entry of list) {
      const [r, c] = entry;
      if (!seen.has(r) || !seen.has(c)) say(`${what} entry [${r}, ${c}] names an unknown local unknown (known: ${names.join(', ')})`);
      const key = `${r}|${c}`;
      if (pairs.has(key)) say(`${what} entry [${r}, ${c}] is listed twice`);
      pairs.add(key);
    }
  };
  if (!Array.isArray(model.jacobian)) say('jacobian is missing (list the non-zero [row, column] entries)');
  else entries('jacobian', model.jacobian);
  if (model.charges) {
    for (const r of model.charges.rows) if (!seen.has(r)) say(`charges: row '${r}' is not a local unknown`);
    entries('charges.jacobian', model.charges.jacobian);
  }
  if (model.spice) spiceProblems(model, model.spice).forEach(say);
  return out;
}

function paramProblems(name: string, spec: ParamSpec): string[] {
  const out: string[] = [];
  if (!NAME_RE.test(name)) out.push(`parameter '${name}' is not an identifier`);
  if (typeof spec.default !== 'number' || !Number.isFinite(spec.default)) out.push(`parameter '${name}': default ${String(spec.default)} is not a finite number`);
  if (spec.min !== undefined && spec.max !== undefined && !(spec.min <= spec.max)) out.push(`parameter '${name}': min ${spec.min} exceeds max ${spec.max}`);
  if (spec.min !== undefined && spec.default < spec.min) out.push(`parameter '${name}': default ${spec.default} is below its min ${spec.min}`);
  if (spec.max !== undefined && spec.default > spec.max) out.push(`parameter '${name}': default ${spec.default} is above its max ${spec.max}`);
  if (spec.choices && !(Number.isInteger(spec.default) && spec.default >= 0 && spec.default < spec.choices.length)) out.push(`parameter '${name}': default ${spec.default} is not an index into its choices`);
  if (spec.aliases?.some((a) => a !== a.toLowerCase())) out.push(`parameter '${name}': aliases must be lowercase`);
  return out;
}

function spiceProblems(model: DeviceModel, spice: SpiceSyntax): string[] {
  const out: string[] = [];
  if (typeof spice.letter !== 'string' || !/^[A-Z]$/.test(spice.letter)) out.push(`spice.letter '${String(spice.letter)}' must be one uppercase letter`);
  if (spice.value !== undefined && !(spice.value in model.params)) out.push(`spice.value '${spice.value}' is not a parameter`);
  if (spice.level !== undefined && (spice.level.length === 0 || spice.level.some((l) => typeof l !== 'string' || l.trim() === '' || /\s/.test(l)))) out.push('spice.level must list non-empty names without spaces');
  if ((spice.letter === 'Y' || spice.letter === 'A') && !spice.modelType) out.push(`spice: letter '${spice.letter}' needs modelType (the .model card type that selects this model)`);
  return out;
}

/** Returns the model unchanged when its declaration is consistent; otherwise throws a DeviceDefinitionError listing every problem. */
export function defineDevice<M extends DeviceModel>(model: M): M {
  const problems = declarationProblems(model);
  if (problems.length) {
    const id = typeof model?.id === 'string' ? model.id : '(no id)';
    throw new DeviceDefinitionError(`device model '${id}' is not well declared:\n  - ${problems.join('\n  - ')}`);
  }
  return model;
}

/** Parameters handed to scalar functions: a plain object of numbers. */
export type ScalarParams = Readonly<Record<string, number>>;

export interface ScalarDeviceSpec {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  /** Default 'memristor'. */
  readonly kind?: DeviceKind;
  readonly description?: string;
  readonly citation?: string;
  /** Two terminals; the device voltage is v(first) − v(second). Default ['p', 'n']. */
  readonly terminals?: readonly [string, string];
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly states: Readonly<Record<string, StateSpec>>;
  /** SPICE spelling; letter defaults to 'Y' and modelType to 'memristor' (`YMEMRISTOR y1 a b MODEL`). */
  readonly spice?: Partial<SpiceSyntax> & { readonly level: readonly string[] };
  /**
   * Current into the first terminal. `v` is the device voltage, `x` the states in declaration order,
   * `p` the parameters, `m` the dual-aware math (do arithmetic on v and x through it).
   */
  current(v: Num, x: readonly Num[], p: ScalarParams, m: ScalarMath): Num;
  /** Rates dx/dt of the states, in declaration order. */
  rate(v: Num, x: readonly Num[], p: ScalarParams, m: ScalarMath): readonly Num[];
  initialState?: DeviceModel['initialState'];
}

/**
 * A vectorised two-terminal model from scalar `current` and `rate` functions. Every derivative
 * (∂i/∂v, ∂i/∂x, ∂rate/∂v, ∂rate/∂x) comes from evaluating them on dual numbers, one seeded
 * direction at a time; `defineDevice` then checks the declaration.
 */
export function defineScalarDevice(spec: ScalarDeviceSpec): DeviceModel {
  const terminals = spec.terminals ?? (['p', 'n'] as const);
  const stateNames = Object.keys(spec.states);
  const ns = stateNames.length;
  const [tp, tn] = terminals;
  const cols = [tp, tn, ...stateNames];
  const jacobian: (readonly [string, string])[] = [];
  for (const row of [tp, tn, ...stateNames]) for (const col of cols) jacobian.push([row, col]);
  const paramNames = Object.keys(spec.params);
  const math = createMath();
  const { current, rate } = spec;
  const L = 2 + ns;
  const id = spec.id;

  const evaluate = (ctx: EvalContext): void => {
    const vp = ctx.x[0];
    const vn = ctx.x[1];
    const p: Record<string, number> = {};
    const xs: Num[] = new Array<Num>(ns);
    const plain: number[] = new Array<number>(ns);
    for (let i = 0; i < ctx.n; i++) {
      for (const name of paramNames) p[name] = ctx.p[name][i];
      const v = vp[i] - vn[i];
      for (let k = 0; k < ns; k++) plain[k] = ctx.x[2 + k][i];
      // Direction 0: the voltage. Directions 1..ns: each state.
      for (let d = 0; d <= ns; d++) {
        const vd: Num = new Dual(v, d === 0 ? 1 : 0);
        for (let k = 0; k < ns; k++) xs[k] = d === k + 1 ? new Dual(plain[k], 1) : plain[k];
        const cur = current(vd, xs, p, math);
        const rates = rate(vd, xs, p, math);
        if (rates.length !== ns) throw new Error(`device model '${id}': rate() returned ${rates.length} values for ${ns} states`);
        const c = typeof cur === 'number' ? cur : cur.re;
        const dc = typeof cur === 'number' ? 0 : cur.du;
        if (d === 0) {
          ctx.f[0][i] = c;
          ctx.f[1][i] = -c;
          for (let k = 0; k < ns; k++) {
            const r = rates[k];
            ctx.f[2 + k][i] = typeof r === 'number' ? r : r.re;
          }
        }
        // Row-major jacobian over rows (p, n, states) × cols (p, n, states).
        if (d === 0) {
          ctx.df[0][i] = dc; // ∂fp/∂vp
          ctx.df[1][i] = -dc; // ∂fp/∂vn
          ctx.df[L][i] = -dc; // ∂fn/∂vp
          ctx.df[L + 1][i] = dc; // ∂fn/∂vn
          for (let k = 0; k < ns; k++) {
            const r = rates[k];
            const dr = typeof r === 'number' ? 0 : r.du;
            ctx.df[(2 + k) * L][i] = dr;
            ctx.df[(2 + k) * L + 1][i] = -dr;
          }
        } else {
          const col = 1 + d; // state d−1
          ctx.df[col][i] = dc;
          ctx.df[L + col][i] = -dc;
          for (let k = 0; k < ns; k++) {
            const r = rates[k];
            ctx.df[(2 + k) * L + col][i] = typeof r === 'number' ? 0 : r.du;
          }
        }
      }
    }
  };

  const spice: SpiceSyntax | undefined = spec.spice ? { letter: 'Y', modelType: 'memristor', ...spec.spice } : undefined;
  return defineDevice({
    id: spec.id,
    version: spec.version,
    title: spec.title,
    kind: spec.kind ?? 'memristor',
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.citation !== undefined ? { citation: spec.citation } : {}),
    terminals: [tp, tn],
    params: spec.params,
    states: spec.states,
    jacobian,
    ...(spice ? { spice } : {}),
    ...(spec.initialState ? { initialState: spec.initialState } : {}),
    evaluate,
  });
}
