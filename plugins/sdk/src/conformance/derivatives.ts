/**
 * Checks a model's declared derivatives against central finite differences of its own outputs, and
 * that every derivative it leaves out of its Jacobian pattern is really zero.
 */
import type { DeviceModel } from '../device.js';
import { probe } from './harness.js';

export interface DerivativeCheck {
  /** Largest mismatch, relative: |analytic − numeric| / (|analytic| + |numeric| + scale·atol). */
  readonly worst: number;
  /** Where it occurred, e.g. `∂f[p]/∂x[r] at point 3`. */
  readonly where: string;
  readonly analytic: number;
  readonly numeric: number;
}

export interface DerivativeOptions {
  readonly params?: Readonly<Record<string, number>>;
  /** Relative perturbation; the step is h·max(|x|, 1e-3·typical). Default 1e-6. */
  readonly h?: number;
  /** Absolute floor under which differences are ignored, per output. Default 1e-12. */
  readonly atol?: number;
}

/**
 * The size of each local unknown: a state's bound range when its bounds are known (a length in metres
 * must not be stepped by 1e-9 m), else 1 (volts, amperes).
 */
function typicalScales(model: DeviceModel, names: readonly string[], params: Readonly<Record<string, number>> = {}): number[] {
  const value = (ref: number | string | undefined): number | undefined =>
    typeof ref === 'number'
      ? ref
      : typeof ref === 'string'
        ? ref.startsWith('-')
          ? -(params[ref.slice(1)] ?? model.params[ref.slice(1)]?.default ?? NaN)
          : (params[ref] ?? model.params[ref]?.default)
        : undefined;
  return names.map((name) => {
    const spec = model.states?.[name];
    const lo = value(spec?.min);
    const hi = value(spec?.max);
    return lo !== undefined && hi !== undefined && Number.isFinite(hi - lo) && hi > lo ? hi - lo : 1;
  });
}

/** Evaluates the model at each point (local unknowns in kernel order) and compares ∂f/∂x and ∂q/∂x. */
export function checkDerivatives(model: DeviceModel, points: readonly (readonly number[])[], options: DerivativeOptions = {}): DerivativeCheck {
  const h = options.h ?? 1e-6;
  const atol = options.atol ?? 1e-12;
  const n = points.length;
  const base = probe(model, n, options.params);
  const plus = probe(model, n, options.params);
  const minus = probe(model, n, options.params);
  const L = base.names.length;
  points.forEach((pt, i) => {
    base.set(i, pt);
    plus.set(i, pt);
    minus.set(i, pt);
  });
  // Settle per-instance memory (e.g. a junction's last limited voltage) at the points themselves.
  for (const pr of [base, plus, minus]) {
    pr.evaluate();
    pr.evaluate();
  }
  const declared = (list: readonly (readonly [string, string])[]) => {
    const map = new Map<string, number>();
    list.forEach(([r, c], e) => map.set(`${r}|${c}`, e));
    return map;
  };
  const jf = declared(model.jacobian);
  const jq = declared(model.charges?.jacobian ?? []);
  const chargeRows = new Set(model.charges?.rows ?? []);
  let result: DerivativeCheck = { worst: 0, where: 'none', analytic: 0, numeric: 0 };
  const typical = typicalScales(model, base.names, options.params);
  for (let c = 0; c < L; c++) {
    const steps = points.map((pt) => h * Math.max(Math.abs(pt[c]), 1e-3 * typical[c]));
    points.forEach((pt, i) => {
      plus.set(i, pt.map((v, k) => (k === c ? v + steps[i] : v)));
      minus.set(i, pt.map((v, k) => (k === c ? v - steps[i] : v)));
    });
    plus.evaluate();
    minus.evaluate();
    for (let r = 0; r < L; r++) {
      for (const [kind, outP, outM, map, outA] of [
        ['f', plus.ctx.f, minus.ctx.f, jf, base.ctx.df],
        ['q', plus.ctx.q, minus.ctx.q, jq, base.ctx.dq],
      ] as const) {
        if (kind === 'q' && !chargeRows.has(base.names[r])) continue;
        const e = map.get(`${base.names[r]}|${base.names[c]}`);
        for (let i = 0; i < n; i++) {
          const numeric = (outP[r][i] - outM[r][i]) / (2 * steps[i]);
          const analytic = e === undefined ? 0 : outA[e][i];
          const err = Math.abs(analytic - numeric) / (Math.abs(analytic) + Math.abs(numeric) + atol / steps[i]);
          if (err > result.worst) {
            result = {
              worst: err,
              where: `∂${kind}[${base.names[r]}]/∂${base.names[c]} at point ${i}${e === undefined ? ' (not declared in the Jacobian pattern)' : ''}`,
              analytic,
              numeric,
            };
          }
        }
      }
    }
  }
  return result;
}
