/** Helpers for experiment-specific `--set key=value` options: known keys only, typed values, clear errors. */
import { InputError } from '../errors.js';
import type { ExperimentContext } from './types.js';

/** A numeric `--set` option, or `fallback` when absent; `ok` says what is valid, `what` describes it. */
export function numberOption(ctx: ExperimentContext, key: string, fallback: number, ok: (v: number) => boolean, what: string): number {
  const raw = ctx.options[key];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !ok(v)) throw new InputError(`--set ${key}=${raw}: expected ${what}`);
  return v;
}

/** `classes=0,2,4`: distinct digits 0–9. */
export function classesOption(ctx: ExperimentContext): number[] | undefined {
  const raw = ctx.options.classes;
  if (raw === undefined) return undefined;
  const c = raw.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
  if (c.some((x) => !Number.isInteger(x) || x < 0 || x > 9) || new Set(c).size !== c.length) throw new InputError(`--set classes=${raw}: expected distinct digits 0–9 separated by commas (e.g. classes=0,2,4)`);
  return c;
}
