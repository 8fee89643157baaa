/**
 * Shared set-up of the SOMN experiments: a seeded nanowire network sized for a target junction count per
 * wire, simulated by SomnSim, with drive waveforms.
 */
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry } from '../compiler/registry.js';
import { generateNanowires, type NanowireNetwork } from '../generate/nanowire.js';
import type { DeviceLookup } from '../solver/system.js';
import { SomnSim } from './sim.js';

export interface NanowireSetup {
  readonly wires: number;
  readonly seed: number;
  /** Target junctions per generated wire; sets the box (random sticks of length L: E[junctions] = N²·L²/(π·W·H)). */
  readonly junctionsPerWire: number;
  /** Nanowire junction parameters (e.g. mode: 0 binary, 1 tunnelling). */
  readonly params?: Readonly<Record<string, number>>;
  /** Electrodes as points in units of the box side (0..1); default the leftmost and rightmost wires. */
  readonly electrodes?: readonly (readonly [number, number])[];
  /** Or the electrode wires themselves (indices among the generated wires). */
  readonly electrodeWires?: readonly number[];
  readonly dt: number;
  /** Nets held by the drive: default e1, e2 (e1 driven, e2 grounded); the other electrodes float. */
  readonly driven?: readonly string[];
  readonly lookup?: DeviceLookup;
}

export const WIRE_LENGTH = { mean: 10, std: 2 } as const;

export function boxSide(wires: number, junctionsPerWire: number): number {
  const l2 = WIRE_LENGTH.mean ** 2; // E[L1·L2] for independent lengths
  return Math.sqrt((wires * l2) / (Math.PI * junctionsPerWire));
}

export function buildNanowireSim(o: NanowireSetup): { gen: NanowireNetwork; sim: SomnSim; lookup: DeviceLookup; side: number } {
  const side = boxSide(o.wires, o.junctionsPerWire);
  const lookup = o.lookup ?? new DeviceRegistry(builtinDevices).lookup;
  const options = { wires: o.wires, length: WIRE_LENGTH, size: { w: side, h: side }, seed: o.seed, junction: { device: 'memristor.nanowire', params: o.params ?? {} }, lookup };
  let gen = generateNanowires(options);
  if (o.electrodeWires) gen = generateNanowires({ ...options, electrodes: o.electrodeWires });
  else if (o.electrodes) gen = generateNanowires({ ...options, electrodes: distinctNearestWires(gen, o.electrodes.map(([x, y]) => [x * side, y * side])) });
  const sim = new SomnSim(gen.network, { dt: o.dt, driven: o.driven ?? ['e1', 'e2'], lookup });
  return { gen, sim, lookup, side };
}

/** Bipolar triangle wave of amplitude a and frequency f, rising through 0 at t = 0. */
export function triangle(a: number, f: number, t: number): number {
  const phase = (((f * t) % 1) + 1) % 1; // [0, 1)
  if (phase < 0.25) return 4 * a * phase;
  if (phase < 0.75) return a * (2 - 4 * phase);
  return a * (4 * phase - 4);
}

/** For each point in turn, the kept wire whose midpoint is nearest among the wires not yet taken. */
export function distinctNearestWires(gen: NanowireNetwork, points: readonly (readonly [number, number])[]): number[] {
  if (points.length > gen.kept.length) throw new RangeError(`${points.length} electrodes but only ${gen.kept.length} wires`);
  const taken = new Set<number>();
  const s = gen.segments;
  return points.map(([x, y]) => {
    let best = -1;
    let dist = Infinity;
    for (const i of gen.kept) {
      if (taken.has(i)) continue;
      const d = Math.hypot(0.5 * (s[4 * i] + s[4 * i + 2]) - x, 0.5 * (s[4 * i + 1] + s[4 * i + 3]) - y);
      if (d < dist) [best, dist] = [i, d];
    }
    taken.add(best);
    return best;
  });
}
