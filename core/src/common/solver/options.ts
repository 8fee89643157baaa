/** Solver tolerances and limits, with SPICE's names and defaults (`.options` sets them). */
export interface SolverOptions {
  /** Relative tolerance of unknowns and truncation error. */
  reltol: number;
  /** Absolute current tolerance (A). */
  abstol: number;
  /** Absolute voltage tolerance (V). */
  vntol: number;
  /** Absolute charge tolerance (C). */
  chgtol: number;
  /**
   * Truncation-error head-room factor (SPICE's trtol, whose default there is 7). memflow defaults to 1:
   * at 7 a diode-bridge's charging current strays by 0.5 % of its range from the exact solution.
   */
  trtol: number;
  /** Conductance added across junctions (S). */
  gmin: number;
  /** Newton iteration limit for operating points. */
  itl1: number;
  /** Newton iteration limit per transient stage. */
  itl4: number;
  /** Default absolute tolerance of device states that declare none. */
  stateabstol: number;
  /** Largest internal time step (s); 0 = min(tstep, span/50). */
  tmax: number;
  /** 1 = constant step tmax without error control (for convergence-order studies). */
  fixedstep: number;
  /** 1 = integrate with TR-BDF2 (two stages per step, smaller error constant) instead of BDF2. */
  trbdf2: number;
}

export const DEFAULT_OPTIONS: Readonly<SolverOptions> = {
  reltol: 1e-3,
  abstol: 1e-12,
  vntol: 1e-6,
  chgtol: 1e-14,
  trtol: 1,
  gmin: 1e-12,
  itl1: 100,
  itl4: 10,
  stateabstol: 1e-9,
  tmax: 0,
  fixedstep: 0,
  trbdf2: 0,
};

const ALIASES: Record<string, keyof SolverOptions> = { maxstep: 'tmax', itl2: 'itl1' };

/** Options that SPICE decks commonly carry and that have no effect here; accepted silently. */
const IGNORED = new Set(['method', 'temp', 'tnom', 'noacct', 'nopage', 'numdgt', 'post', 'interp', 'klu', 'sparse', 'itl5', 'itl6', 'gminsteps', 'srcsteps', 'rshunt', 'pivtol', 'pivrel']);

export class OptionError extends Error {}

/** Merges `.options` values into the defaults; unknown names are errors so typos do not go unnoticed. */
export function resolveOptions(given: Readonly<Record<string, number>> | undefined): SolverOptions {
  const out: SolverOptions = { ...DEFAULT_OPTIONS };
  for (const [rawKey, value] of Object.entries(given ?? {})) {
    const key = rawKey.toLowerCase();
    if (IGNORED.has(key)) continue;
    const name = (ALIASES[key] ?? key) as keyof SolverOptions;
    if (!(name in DEFAULT_OPTIONS)) {
      throw new OptionError(`unknown option '${rawKey}'; known options: ${Object.keys(DEFAULT_OPTIONS).join(', ')}`);
    }
    if (!Number.isFinite(value) || value < 0) throw new OptionError(`option '${rawKey}' must be a non-negative number, got ${value}`);
    out[name] = value;
  }
  return out;
}
