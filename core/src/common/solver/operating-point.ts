/**
 * DC operating point: Newton from the current guess, then gmin stepping, then source stepping
 * (SPICE's continuation strategies), each warm-started from the last solution that converged.
 */
import { ConvergenceError } from './errors.js';
import type { Kernel, NewtonResult } from './kernel.js';
import { placeNodes } from './system.js';

export interface OperatingPointOptions {
  /** Sources at their waveform's value at `time` (the start of a transient) instead of DC. */
  readonly dcSources: boolean;
  readonly time: number;
  /** Hold the `.ic` nets at their values throughout (the operating point a transient starts from). */
  readonly ic?: boolean;
  /** Solve first with the `.nodeset` nets held, then release them (an analysis' first operating point). */
  readonly nodeset?: boolean;
}

export function describeFailure(kernel: Kernel, res: NewtonResult, what: string, time?: number): ConvergenceError {
  const when = time !== undefined ? ` at t = ${Number(time.toPrecision(6))} s` : '';
  if (res.nonFinite) {
    return new ConvergenceError(
      `${what}${when}: element '${res.nonFinite.element}' (${res.nonFinite.model}) produced a non-finite current or derivative; check its parameters`,
      time,
      res.nonFinite.element,
    );
  }
  const label = kernel.sys.labels[res.worst];
  const owner = kernel.sys.owner[res.worst];
  return new ConvergenceError(`${what}${when}: Newton did not converge; largest update at ${label} (element '${owner}')`, time, owner);
}

/**
 * The operating point, as SPICE finds it under `.ic` and `.nodeset`: the held nets start at their values;
 * with a nodeset, a first solve holds its nets (and the .ic ones) and the second starts from there with
 * only the .ic nets held, if any. Nothing stays held afterwards.
 */
export function operatingPoint(kernel: Kernel, opts: OperatingPointOptions): NewtonResult {
  const { ic, nodeset } = kernel.sys;
  const held = opts.ic && ic.rows.length > 0 ? ic : undefined;
  const preset = opts.nodeset && nodeset.rows.length > 0 ? nodeset : undefined;
  if (!held && !preset) return solveOperatingPoint(kernel, opts);
  try {
    if (preset) {
      placeNodes(kernel.y, preset);
      if (held) placeNodes(kernel.y, held);
      // .ic wins where both name a net.
      const rows = new Map<number, number>();
      preset.rows.forEach((row, j) => rows.set(row, preset.values[j]));
      held?.rows.forEach((row, j) => rows.set(row, held.values[j]));
      kernel.pin({ rows: Int32Array.from(rows.keys()), values: Float64Array.from(rows.values()) });
      solveOperatingPoint(kernel, opts);
    } else if (held) placeNodes(kernel.y, held);
    kernel.pin(held);
    return solveOperatingPoint(kernel, opts);
  } finally {
    kernel.pin(undefined);
  }
}

function solveOperatingPoint(kernel: Kernel, opts: OperatingPointOptions): NewtonResult {
  kernel.mode = 'dc';
  kernel.dcSources = opts.dcSources;
  kernel.time = opts.time;
  kernel.sourceScale = 1;
  kernel.gshunt = 0;
  const itl = kernel.opts.itl1;
  const start = Float64Array.from(kernel.y);
  let res = kernel.newton(itl);
  if (res.converged) return res;
  const first = res;

  // gmin stepping: a large shunt makes every node well conditioned; relax it decade by decade.
  kernel.y.set(start);
  let ok = true;
  for (let gs = 1e-2; gs >= Math.max(kernel.opts.gmin, 1e-15) * 0.999; gs /= 10) {
    kernel.gshunt = gs;
    res = kernel.newton(itl);
    if (!res.converged) {
      ok = false;
      break;
    }
  }
  kernel.gshunt = 0;
  if (ok) {
    res = kernel.newton(itl);
    if (res.converged) return res;
  }

  // Source stepping: ramp every independent source from zero, shrinking the increment on failure.
  kernel.y.set(start);
  const saved = new Float64Array(kernel.y.length);
  let scale = 0;
  let step = 0.1;
  kernel.sourceScale = 0;
  res = kernel.newton(itl);
  if (res.converged) {
    while (scale < 1) {
      const next = Math.min(1, scale + step);
      saved.set(kernel.y);
      kernel.sourceScale = next;
      res = kernel.newton(itl);
      if (res.converged) {
        scale = next;
        step = Math.min(step * 2, 0.25);
      } else {
        kernel.y.set(saved);
        step /= 4;
        if (step < 1e-6) break;
      }
    }
  }
  kernel.sourceScale = 1;
  if (scale >= 1 && res.converged) return res;
  throw describeFailure(kernel, first, 'no DC operating point (gmin and source stepping failed too)');
}
