/**
 * Checks a model's declared derivatives against central finite differences of its own outputs, and
 * that every derivative it leaves out of its Jacobian pattern is really zero.
 */
import { resolveParamRef, type DeviceModel, type ParamRef } from '../device.js';
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
  const value = (ref: ParamRef | undefined): number | undefined => resolveParamRef(ref, (name) => params[name] ?? model.params[name]?.default);
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
  const baseF = (kind: 'f' | 'q', r: number, i: number): number => (kind === 'f' ? base.ctx.f : base.ctx.q)[r][i];
  points.forEach((pt, i) => {
    base.set(i, pt);
    plus.set(i, pt);
    minus.set(i, pt);
  });
  // Settle per-instance memory (e.g. a junction's last limited voltage) at the points themselves.
  // A device that limits its inputs (pnjlim) answers for the limited point until its memory has
  // caught up with the asked one; evaluate until no instance limits any more.
  for (const pr of [base, plus, minus]) {
    for (let k = 0; k < 1000; k++) {
      pr.evaluate();
      if (k > 0 && pr.ctx.noncon === 0) break;
    }
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
    // Steps relative to the unknown's size or its range, whichever is larger, so the difference stays
    // well above rounding for unknowns near zero (a state of 3e-11 m on a 3e-9 m range).
    const steps = points.map((pt) => h * Math.max(Math.abs(pt[c]), typical[c]));
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
          const analytic = e === undefined ? 0 : outA[e][i];
          // Rounding in the output itself (≈ eps·|f|) limits what a difference can resolve.
          const floor = (atol + 1e-10 * Math.max(Math.abs(outP[r][i]), Math.abs(outM[r][i]))) / steps[i];
          const mismatch = (numeric: number) => Math.abs(analytic - numeric) / (Math.abs(analytic) + Math.abs(numeric) + floor);
          // At a kink (a threshold, a window's branch point) the analytic derivative is that of one
          // side: it must then match one of the one-sided differences, not their average.
          const base0 = baseF(kind, r, i);
          const central = (outP[r][i] - outM[r][i]) / (2 * steps[i]);
          const forward = (outP[r][i] - base0) / steps[i];
          const backward = (base0 - outM[r][i]) / steps[i];
          const err = Math.min(mismatch(central), mismatch(forward), mismatch(backward));
          const numeric = central;
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
