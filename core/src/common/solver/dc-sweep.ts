/** `.dc SRC start stop step`: operating points along a source's DC value, each warm-started from the last. */
import { CircuitError } from './errors.js';
import type { Kernel } from './kernel.js';
import { operatingPoint } from './operating-point.js';

export interface DcSweepSpec {
  readonly source: string;
  readonly start: number;
  readonly stop: number;
  readonly step: number;
}

export function sweepValues(spec: DcSweepSpec): number[] {
  const { start, stop, step } = spec;
  if (step === 0 || Math.sign(stop - start) * Math.sign(step) < 0) {
    throw new CircuitError(`.dc ${spec.source}: step ${step} does not lead from ${start} to ${stop}`);
  }
  const count = Math.floor((stop - start) / step + 1e-9) + 1;
  return Array.from({ length: count }, (_, k) => start + k * step);
}

export function dcSweep(kernel: Kernel, spec: DcSweepSpec, onPoint: (value: number) => void): void {
  const el = kernel.sys.elements.get(spec.source.toLowerCase());
  if (!el || !('dc' in el.group.p) || el.group.model.kind !== 'source') {
    throw new CircuitError(`.dc sweeps an independent source; '${spec.source}' is not one in this circuit`);
  }
  const dc = el.group.p.dc;
  const saved = dc[el.i];
  try {
    let first = true;
    for (const value of sweepValues(spec)) {
      dc[el.i] = value;
      // The nodeset chooses where the sweep starts; later points continue from the one before.
      operatingPoint(kernel, { dcSources: true, time: 0, nodeset: first });
      first = false;
      onPoint(value);
    }
  } finally {
    dc[el.i] = saved;
  }
}
