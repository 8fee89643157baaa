/**
 * The conformance suite a model must pass before the host loads it: a consistent declaration, finite
 * outputs over its declared parameter and state ranges, derivatives that match finite differences,
 * deterministic evaluation, and — for memristive devices, given a simulator — states kept in bounds
 * and a pinched hysteresis loop under a sine.
 *
 * The SDK never depends on the simulator: the caller passes `simulateLoop` (the CLI passes core's
 * `characterise`).
 */
import { localNames, resolveParamRef, type DeviceModel, type ParamRef } from '../device.js';
import { declarationProblems } from '../define.js';
import { checkDerivatives } from './derivatives.js';
import { paramValues, probe } from './harness.js';

export interface ConformanceCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** The check did not run (e.g. no simulator was given); `ok` is true. */
  readonly skipped?: boolean;
}

export interface ConformanceReport {
  readonly model: string;
  readonly ok: boolean;
  readonly checks: readonly ConformanceCheck[];
}

/** What `simulateLoop` returns: one sine drive of the device (v across it, i into its first terminal). */
export interface LoopRun {
  readonly v: ArrayLike<number>;
  readonly i: ArrayLike<number>;
  readonly states: Readonly<Record<string, ArrayLike<number>>>;
  /** max |i| at v = 0 relative to max |i| over the last period. */
  readonly pinchError: number;
  readonly lobeAreaPositive: number;
  readonly lobeAreaNegative: number;
}

export interface LoopDrive {
  readonly amplitude: number;
  readonly frequency: number;
  readonly cycles: number;
  readonly params: Readonly<Record<string, number>>;
}

export interface ConformanceOptions {
  /** Device voltages (terminal 0 minus terminal 1) at which to evaluate. Default [-1, -0.3, 0, 0.3, 1]. */
  readonly voltages?: readonly number[];
  /** Largest acceptable relative derivative mismatch. Default 1e-4. */
  readonly derivativeTolerance?: number;
  /** Drives the device with a sine in a circuit; without it the loop checks are skipped. */
  readonly simulateLoop?: (model: DeviceModel, drive: LoopDrive) => LoopRun;
  /** The sine for the loop checks. Default 1 V, 1 Hz, 2 cycles, default parameters. */
  readonly drive?: Partial<LoopDrive>;
  /** Largest acceptable pinch error. Default 1e-6. */
  readonly pinchTolerance?: number;
}

const MEMRISTIVE = new Set(['memristor']);

function resolveRef(ref: ParamRef | undefined, params: Readonly<Record<string, number>>): number | undefined {
  return resolveParamRef(ref, (name) => params[name]);
}

/**
 * Parameter sets: the defaults, then each parameter alone at its finite min and max (or each choice).
 * A bound of 0 on the side away from the default is taken as open (SI magnitudes such as resistances,
 * thicknesses, time constants and signed thresholds do not reach 0): the parameter is tried at 1e-3 of
 * its default instead.
 */
export function parameterGrid(model: DeviceModel): Record<string, number>[] {
  const base = paramValues(model);
  const grid: Record<string, number>[] = [base];
  for (const [name, spec] of Object.entries(model.params)) {
    const lower = spec.min === 0 && spec.default > 0 ? spec.default * 1e-3 : spec.min;
    const upper = spec.max === 0 && spec.default < 0 ? spec.default * 1e-3 : spec.max;
    const values = spec.choices ? spec.choices.map((_, k) => k) : [lower, upper].filter((x): x is number => x !== undefined && Number.isFinite(x));
    for (const value of values) if (value !== spec.default) grid.push({ ...base, [name]: value });
  }
  return grid;
}

/**
 * State values to try: min, middle and max when bounded (moved inside by `inset` of the range, so that
 * finite differences do not straddle a bound where the model need not be defined), else init and init ± 1.
 */
function stateValues(model: DeviceModel, params: Readonly<Record<string, number>>, inset: number): number[][] {
  return Object.values(model.states ?? {}).map((spec) => {
    const lo = resolveRef(spec.min, params);
    const hi = resolveRef(spec.max, params);
    const init = resolveRef(spec.init, params) ?? 0;
    if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) return [lo + inset * (hi - lo), 0.5 * (lo + hi), hi - inset * (hi - lo)];
    return [init - 1, init, init + 1].filter((x) => (lo === undefined || x >= lo) && (hi === undefined || x <= hi));
  });
}

/** Local-unknown points: terminal voltages (first terminal at each voltage, others 0), other unknowns 0, states over their grid. */
function points(model: DeviceModel, params: Readonly<Record<string, number>>, voltages: readonly number[], inset = 0): number[][] {
  const names = localNames(model);
  const states = stateValues(model, params, inset);
  const firstState = names.length - states.length;
  let combos: number[][] = [[]];
  for (const values of states) combos = combos.flatMap((c) => values.map((v) => [...c, v]));
  const out: number[][] = [];
  for (const v of voltages) {
    for (const s of combos) {
      const pt = new Array<number>(names.length).fill(0);
      pt[0] = v;
      s.forEach((x, k) => (pt[firstState + k] = x));
      out.push(pt);
    }
  }
  return out;
}

const fmt = (p: Readonly<Record<string, number>>, base: Readonly<Record<string, number>>) =>
  Object.entries(p)
    .filter(([k, v]) => base[k] !== v)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ') || 'defaults';

function evaluateAt(model: DeviceModel, params: Readonly<Record<string, number>>, pts: readonly number[][], derivatives = true) {
  const pr = probe(model, pts.length, params);
  pts.forEach((pt, i) => pr.set(i, pt));
  (pr.ctx as { derivatives?: boolean }).derivatives = derivatives;
  pr.evaluate();
  return pr;
}

function guard(name: string, body: () => ConformanceCheck): ConformanceCheck {
  try {
    return body();
  } catch (err) {
    return { name, ok: false, detail: `threw: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function runConformance(model: DeviceModel, options: ConformanceOptions = {}): ConformanceReport {
  const checks: ConformanceCheck[] = [];
  const problems = (() => {
    try {
      return declarationProblems(model);
    } catch (err) {
      return [`declaration could not be read: ${String(err)}`];
    }
  })();
  checks.push({ name: 'declaration', ok: problems.length === 0, detail: problems.length ? problems.join('; ') : 'ids, local names, Jacobian pattern, bounds, parameter ranges and SPICE spelling are consistent' });
  const id = typeof model?.id === 'string' ? model.id : '(no id)';
  if (problems.length) return { model: id, ok: false, checks };

  const voltages = options.voltages ?? [-1, -0.3, 0, 0.3, 1];
  const grid = parameterGrid(model);
  const base = grid[0];
  const names = localNames(model);

  checks.push(
    guard('finite outputs', () => {
      let count = 0;
      for (const params of grid) {
        const pts = points(model, params, voltages);
        const pr = evaluateAt(model, params, pts);
        for (const [what, arrays, labels] of [
          ['f', pr.ctx.f, names],
          ['∂f', pr.ctx.df, model.jacobian.map(([r, c]) => `${r}/${c}`)],
        ] as const) {
          for (let k = 0; k < arrays.length; k++) {
            for (let i = 0; i < pts.length; i++) {
              count++;
              if (!Number.isFinite(arrays[k][i])) {
                return { name: 'finite outputs', ok: false, detail: `${what}[${labels[k]}] = ${arrays[k][i]} at (${names.map((n, j) => `${n}=${pts[i][j]}`).join(', ')}) with ${fmt(params, base)}` };
              }
            }
          }
        }
      }
      return { name: 'finite outputs', ok: true, detail: `${count} values finite over ${grid.length} parameter sets × ${voltages.length} voltages × state grid` };
    }),
  );

  const tol = options.derivativeTolerance ?? 1e-4;
  checks.push(
    guard('derivatives', () => {
      let worst = { worst: 0, where: 'none', analytic: 0, numeric: 0, params: base };
      for (const params of grid) {
        // Voltages where |v| > 0 avoid the kinks some models have at v = 0 (sign switches).
        const pts = points(model, params, voltages.filter((v) => v !== 0), 0.01);
        const r = checkDerivatives(model, pts, { params });
        if (r.worst > worst.worst || Number.isNaN(r.worst)) worst = { ...r, params };
      }
      const ok = worst.worst <= tol;
      return {
        name: 'derivatives',
        ok,
        detail: `worst relative mismatch ${worst.worst.toExponential(2)} (tolerance ${tol})${worst.worst > 0 ? ` at ${worst.where}, ${fmt(worst.params, base)}: analytic ${worst.analytic}, finite difference ${worst.numeric}` : ''}`,
      };
    }),
  );

  checks.push(
    guard('determinism', () => {
      const pts = points(model, base, voltages);
      const a = evaluateAt(model, base, pts);
      const b = evaluateAt(model, base, pts);
      const same = (x: readonly Float64Array[], y: readonly Float64Array[]) => x.every((arr, k) => arr.every((v, i) => Object.is(v, y[k][i])));
      const ok = same(a.ctx.f, b.ctx.f) && same(a.ctx.df, b.ctx.df) && same(a.ctx.q, b.ctx.q) && same(a.ctx.dq, b.ctx.dq);
      if (!ok) return { name: 'determinism', ok, detail: 'two evaluations at the same point differ' };
      // The kernel checks Newton iterates with evaluations that skip the derivatives (ctx.derivatives).
      const c = evaluateAt(model, base, pts, false);
      const plain = same(a.ctx.f, c.ctx.f) && same(a.ctx.q, c.ctx.q);
      return {
        name: 'determinism',
        ok: plain,
        detail: plain ? 'two evaluations are bit-identical, and f and q do not change when derivatives are not asked for' : 'f or q change when the kernel asks for no derivatives (ctx.derivatives = false)',
      };
    }),
  );

  if (MEMRISTIVE.has(model.kind) && model.terminals.length === 2) {
    checks.push(
      guard('zero current at zero voltage', () => {
        const pts = points(model, base, [0]);
        const pr = evaluateAt(model, base, pts);
        const worst = Math.max(0, ...Array.from(pr.ctx.f[0], Math.abs));
        return { name: 'zero current at zero voltage', ok: worst === 0, detail: worst === 0 ? 'i(v = 0) = 0 for every state' : `|i| = ${worst} at v = 0` };
      }),
    );
    const simulate = options.simulateLoop;
    if (!simulate) {
      for (const name of ['states stay in bounds', 'pinched hysteresis']) checks.push({ name, ok: true, skipped: true, detail: 'skipped: no simulator given (simulateLoop)' });
    } else {
      const drive: LoopDrive = { amplitude: 1, frequency: 1, cycles: 2, params: {}, ...options.drive };
      let run: LoopRun | undefined;
      let failure: string | undefined;
      try {
        run = simulate(model, drive);
      } catch (err) {
        failure = err instanceof Error ? err.message : String(err);
      }
      const params = { ...base, ...drive.params };
      const label = `${drive.amplitude} V, ${drive.frequency} Hz sine`;
      checks.push(
        guard('states stay in bounds', () => {
          if (!run) return { name: 'states stay in bounds', ok: false, detail: `simulation failed: ${failure}` };
          for (const [name, spec] of Object.entries(model.states ?? {})) {
            const lo = resolveRef(spec.min, params) ?? -Infinity;
            const hi = resolveRef(spec.max, params) ?? Infinity;
            const xs = run.states[name] ?? [];
            for (let k = 0; k < xs.length; k++) {
              if (!(xs[k] >= lo && xs[k] <= hi)) return { name: 'states stay in bounds', ok: false, detail: `${name} = ${xs[k]} outside [${lo}, ${hi}] under a ${label}` };
            }
          }
          return { name: 'states stay in bounds', ok: true, detail: `under a ${label}, ${run.v.length} points` };
        }),
      );
      const pinchTol = options.pinchTolerance ?? 1e-6;
      checks.push(
        guard('pinched hysteresis', () => {
          if (!run) return { name: 'pinched hysteresis', ok: false, detail: `simulation failed: ${failure}` };
          const area = run.lobeAreaPositive + run.lobeAreaNegative;
          const ok = run.pinchError <= pinchTol && area > 0 && Number.isFinite(area);
          return {
            name: 'pinched hysteresis',
            ok,
            detail: `under a ${label}: pinch error ${run.pinchError.toExponential(2)} (tolerance ${pinchTol}), lobe areas ${run.lobeAreaPositive.toExponential(3)} and ${run.lobeAreaNegative.toExponential(3)} V·A${area > 0 ? '' : ' (no hysteresis)'}`,
          };
        }),
      );
    }
  }
  return { model: id, ok: checks.every((c) => c.ok), checks };
}

/** The report as text, one line per check. */
export function formatConformance(report: ConformanceReport): string {
  const lines = [`${report.model}: ${report.ok ? 'PASS' : 'FAIL'}`];
  for (const c of report.checks) lines.push(`  ${c.skipped ? 'skip' : c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
  return lines.join('\n') + '\n';
}
