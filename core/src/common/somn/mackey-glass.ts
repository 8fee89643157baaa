/**
 * The Mackey–Glass delay equation (Mackey & Glass 1977), the standard chaotic time series of reservoir
 * computing:  dx/dt = β·x(t−τ)/(1 + x(t−τ)ⁿ) − γ·x(t),  with τ = 17, β = 0.2, γ = 0.1, n = 10 (chaotic).
 *
 * Integrated by classical RK4 on a grid whose step divides τ, so the delayed values at the step ends are
 * grid values; the delayed value at a half step comes from the cubic Hermite interpolant on the grid
 * interval (values and rates at both ends), which is O(h⁴) like RK4 itself. Grid points also fall on the
 * solution's breakpoints (multiples of τ, where a derivative jumps because of the initial history), so no
 * step straddles one. Fourth order overall; checked by a step-halving test.
 */

export interface MackeyGlassParams {
  readonly tau: number;
  readonly beta: number;
  readonly gamma: number;
  readonly n: number;
}

export const MACKEY_GLASS_STANDARD: MackeyGlassParams = { tau: 17, beta: 0.2, gamma: 0.1, n: 10 };

/** dx/dt at the present value x and the delayed value xd. */
export function mackeyGlassRate(p: MackeyGlassParams, x: number, xd: number): number {
  return (p.beta * xd) / (1 + xd ** p.n) - p.gamma * x;
}

export interface MackeyGlassIntegration {
  readonly params?: MackeyGlassParams;
  /** RK4 step; τ/h must be a whole number. */
  readonly h: number;
  /** Integrate over [0, tEnd]. */
  readonly tEnd: number;
  /** x(t) for t ≤ 0 (default the constant 1.2). */
  readonly history?: (t: number) => number;
}

/** x at t = 0, h, 2h, …, up to tEnd (tEnd/h rounded down). */
export function integrateMackeyGlass(o: MackeyGlassIntegration): Float64Array {
  const p = o.params ?? MACKEY_GLASS_STANDARD;
  const h = o.h;
  const m = Math.round(p.tau / h);
  if (!(h > 0) || m < 1 || Math.abs(m * h - p.tau) > 1e-9 * p.tau) throw new RangeError(`Mackey–Glass: the step h = ${h} must divide τ = ${p.tau}`);
  const history = o.history ?? (() => 1.2);
  const steps = Math.floor(o.tEnd / h + 1e-9);
  const x = new Float64Array(steps + 1);
  const rate = new Float64Array(steps + 1);
  x[0] = history(0);
  // x at grid index j (j < 0: the given history).
  const at = (j: number) => (j < 0 ? history(j * h) : x[j]);
  // x at the midpoint of grid interval [j, j + 1]: the history itself there, else cubic Hermite.
  const mid = (j: number) => (j + 1 <= 0 ? history((j + 0.5) * h) : 0.5 * (x[j] + x[j + 1]) + (h * (rate[j] - rate[j + 1])) / 8);
  for (let i = 0; i < steps; i++) {
    const k1 = mackeyGlassRate(p, x[i], at(i - m));
    rate[i] = k1; // before the midpoint: with τ = h it uses this rate
    const dm = mid(i - m);
    const d1 = at(i - m + 1);
    const k2 = mackeyGlassRate(p, x[i] + 0.5 * h * k1, dm);
    const k3 = mackeyGlassRate(p, x[i] + 0.5 * h * k2, dm);
    const k4 = mackeyGlassRate(p, x[i] + h * k3, d1);
    x[i + 1] = x[i] + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return x;
}

export interface MackeyGlassSeriesOptions {
  readonly samples: number;
  /** Sampling interval Δ (time units; a whole multiple of h). */
  readonly sampling: number;
  /** Time discarded before the first sample (the approach to the attractor). */
  readonly washout: number;
  readonly h?: number;
  readonly params?: MackeyGlassParams;
  readonly history?: (t: number) => number;
}

/** `samples` values x(washout + k·Δ), k = 0…samples−1, from RK4 with step h (default 0.1). */
export function mackeyGlassSeries(o: MackeyGlassSeriesOptions): Float64Array {
  const h = o.h ?? 0.1;
  const every = Math.round(o.sampling / h);
  const skip = Math.round(o.washout / h);
  if (every < 1 || Math.abs(every * h - o.sampling) > 1e-9 * o.sampling) throw new RangeError(`Mackey–Glass: the sampling interval ${o.sampling} must be a whole multiple of h = ${h}`);
  const x = integrateMackeyGlass({ params: o.params, h, tEnd: (skip + every * (o.samples - 1)) * h, history: o.history });
  return Float64Array.from({ length: o.samples }, (_, k) => x[skip + k * every]);
}
