/**
 * Runs a device model outside any circuit: builds the struct-of-arrays context for a set of instances
 * and evaluates them. The conformance checks are written on top of it.
 */
import { localNames, type AnalysisMode, type DeviceModel, type EvalContext } from '../device.js';

export interface Probe {
  readonly ctx: EvalContext & { time: number; mode: AnalysisMode; firstIteration: boolean; noncon: number };
  readonly names: readonly string[];
  /** Local unknown values of instance i, in kernel order. */
  set(i: number, values: readonly number[]): void;
  evaluate(): void;
}

/** Parameter values: the model's defaults overridden by `params`; an unknown name throws. */
export function paramValues(model: DeviceModel, params: Readonly<Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(model.params)) out[name] = spec.default;
  for (const [name, value] of Object.entries(params)) {
    if (!(name in model.params)) throw new Error(`model '${model.id}' has no parameter '${name}'`);
    out[name] = value;
  }
  return out;
}

export function probe(model: DeviceModel, n: number, params: Readonly<Record<string, number>> = {}, data: unknown[] = []): Probe {
  const names = localNames(model);
  const L = names.length;
  const vec = (count: number) => Array.from({ length: count }, () => new Float64Array(n));
  const values = paramValues(model, params);
  const p: Record<string, Float64Array> = {};
  for (const [name, value] of Object.entries(values)) p[name] = new Float64Array(n).fill(value);
  const work: Record<string, Float64Array> = {};
  for (const w of model.work ?? []) work[w] = new Float64Array(n);
  const ctx = {
    n,
    mode: 'tran' as AnalysisMode,
    time: 0,
    dcSources: false,
    sourceScale: 1,
    gmin: 0,
    firstIteration: false,
    noncon: 0,
    x: vec(L),
    p,
    data: Array.from({ length: n }, (_, i) => data[i]),
    work,
    f: vec(L),
    q: vec(L),
    df: vec(model.jacobian.length),
    dq: vec(model.charges?.jacobian.length ?? 0),
  };
  return {
    ctx,
    names,
    set(i, vals) {
      for (let k = 0; k < L; k++) ctx.x[k][i] = vals[k];
    },
    evaluate() {
      ctx.noncon = 0;
      model.evaluate(ctx);
    },
  };
}
