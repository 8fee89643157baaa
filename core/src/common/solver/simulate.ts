/** Runs one analysis of a network and collects its output columns. */
import type { AnalysisSpec, Network } from '../network/types.js';
import { dcSweep } from './dc-sweep.js';
import { CircuitError } from './errors.js';
import { nameFault, networkIds, systemIds } from './fault.js';
import { Kernel } from './kernel.js';
import { acAnalysis, acOutputs } from './ac.js';
import { isAcOnlyOutput, outputKey } from '../network/outputs.js';
import { operatingPoint } from './operating-point.js';
import { resolveOptions } from './options.js';
import { resolveProbe, type Probe } from './probes.js';
import { compileSystem, UnknownKind, type CircuitSystem, type DeviceLookup } from './system.js';
import { transient, type TransientStats } from './transient.js';

export interface SimulationResult {
  readonly analysis: AnalysisSpec['type'];
  /** Column names: `time` / `sweep` (absent for .op), then the outputs. */
  readonly columns: string[];
  /** Column-major data, one array per column. */
  readonly data: Float64Array[];
  readonly stats: Partial<TransientStats> & { factorizations: number; unknowns: number };
}

export interface SimulateHooks {
  onProgress?(fraction: number): void;
  /** Outputs recorded too, after the named or default ones, unless already among them (e.g. what `.meas` reads). */
  readonly extraOutputs?: readonly string[];
}

/**
 * Every net's voltage and every one-branch element's current. Labels with '#' are left out: the branches
 * of a many-branch element (no output names them) and the nets the compiler adds (F/H sense ports).
 */
function defaultOutputs(sys: CircuitSystem): string[] {
  const out: string[] = [];
  for (let k = 0; k < sys.size; k++) {
    const label = sys.labels[k];
    if ((sys.kind[k] === UnknownKind.Node || (sys.kind[k] === UnknownKind.Branch && label.startsWith('i('))) && !label.includes('#')) out.push(label);
  }
  return out;
}

/** Growable column store so long runs do not reallocate per point. */
class Columns {
  private data: Float64Array[];
  length = 0;
  constructor(count: number) {
    this.data = Array.from({ length: count }, () => new Float64Array(1024));
  }
  push(values: (k: number) => number): void {
    if (this.length === this.data[0].length) this.data = this.data.map((d) => {
      const bigger = new Float64Array(d.length * 2);
      bigger.set(d);
      return bigger;
    });
    for (let k = 0; k < this.data.length; k++) this.data[k][this.length] = values(k);
    this.length++;
  }
  result(): Float64Array[] {
    return this.data.map((d) => d.slice(0, this.length));
  }
}

export function simulate(network: Network, lookup: DeviceLookup, analysis: AnalysisSpec, outputs?: readonly string[], hooks: SimulateHooks = {}): SimulationResult {
  let sys: CircuitSystem;
  try {
    sys = compileSystem(network, lookup);
  } catch (err) {
    throw nameFault(networkIds(network, lookup), err) ?? err;
  }
  const kernel = new Kernel(sys, resolveOptions(network.options));
  // Phasor parts (`vdb(out)` ...) belong to .ac; the other analyses leave them out.
  const given = (outputs && outputs.length > 0 ? outputs : network.outputs ?? []).filter((name) => analysis.type === 'ac' || !isAcOnlyOutput(name));
  const names = given.length > 0 ? [...given] : defaultOutputs(sys);
  const known = new Set(names.map(outputKey));
  for (const extra of hooks.extraOutputs ?? []) {
    const key = outputKey(extra);
    if (!known.has(key)) {
      known.add(key);
      names.push(extra);
    }
  }
  // .ac reads phasors, not the kernel's unknowns (acProbe).
  const probes: Probe[] = analysis.type === 'ac' ? [] : names.map((name) => resolveProbe(kernel, name));
  const stats = () => ({ factorizations: kernel.factorizations, unknowns: sys.size });
  // A faulting device model stops the analysis; the points recorded before it are kept (SimulationFault).
  let cols: Columns | undefined;
  try {
    return run();
  } catch (err) {
    const x = analysis.type === 'dc' ? 'sweep' : 'time';
    const partial: SimulationResult | undefined = cols ? { analysis: analysis.type, columns: [x, ...names], data: cols.result(), stats: stats() } : undefined;
    throw nameFault(systemIds(sys), err, partial) ?? err;
  }

  function run(): SimulationResult {
    switch (analysis.type) {
      case 'op': {
        operatingPoint(kernel, { dcSources: true, time: 0, nodeset: true });
        return { analysis: 'op', columns: names, data: probes.map((p) => Float64Array.of(p(kernel))), stats: stats() };
      }
      case 'dc': {
        const c = (cols = new Columns(names.length + 1));
        dcSweep(kernel, analysis, (value) => c.push((k) => (k === 0 ? value : probes[k - 1](kernel))));
        return { analysis: 'dc', columns: ['sweep', ...names], data: c.result(), stats: stats() };
      }
      case 'tran': {
        if (!(analysis.tstop > 0) || !(analysis.tstep > 0)) throw new CircuitError(`.tran needs a positive step and stop time, got ${analysis.tstep} and ${analysis.tstop}`);
        const c = (cols = new Columns(names.length + 1));
        const tstart = analysis.tstart ?? 0;
        const tranStats = transient(kernel, analysis, {
          onPoint: (t) => {
            if (t >= tstart) c.push((k) => (k === 0 ? t : probes[k - 1](kernel)));
          },
          onProgress: hooks.onProgress,
        });
        return { analysis: 'tran', columns: ['time', ...names], data: c.result(), stats: { ...tranStats, ...stats() } };
      }
      case 'ac': {
        const sol = acAnalysis(kernel, analysis, hooks.onProgress);
        const out = acOutputs(kernel, sol, names);
        return { analysis: 'ac', columns: ['frequency', ...out.columns], data: [Float64Array.from(sol.frequencies), ...out.data], stats: stats() };
      }
    }
  }
}
