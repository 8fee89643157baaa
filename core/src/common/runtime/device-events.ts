/**
 * Discrete device events detected from the states at step resolution: after every accepted step the
 * watched states are compared with a level — a nanowire junction's |Λ| crossing Λcrit (a parameter),
 * a memristor reaching a bound of its state — and each crossing is recorded with the step's time.
 * The simulation hands the window's events to the element actors and the rules at the window end.
 */
import type { Kernel } from '../solver/kernel.js';
import { CircuitError } from '../solver/errors.js';

export interface DeviceWatch {
  readonly element: string;
  /** State name; default the device's only (or first) state. */
  readonly state?: string;
  /**
   * The level: a number, the name of one of the element's parameters (`lcrit`), or `min` / `max` — the
   * state's bounds (an event when the state reaches the bound, e.g. a memristor fully ON or OFF).
   */
  readonly level: number | string;
  /** Compare |state| with the level (a nanowire junction switches at |Λ| = Λcrit either way). */
  readonly abs?: boolean;
  /** The event's name (default `<state>:<level>`). */
  readonly name?: string;
}

export interface DeviceEvent {
  readonly element: string;
  readonly name: string;
  /**
   * `reached`: the watched value got to the level (at or above it; for `min`, at or below the lower
   * bound); `left`: it went back.
   */
  readonly direction: 'reached' | 'left';
  /** Time of the first accepted step on the new side. */
  readonly time: number;
  readonly value: number;
}

interface Resolved {
  readonly watch: DeviceWatch;
  readonly name: string;
  row: number;
  level: number;
  /** For `min`: reaching the bound is "at or below"; the comparison is mirrored. */
  mirror: boolean;
  /** Side of the level at the last point: 1 at/above, 0 below, -1 unknown. */
  side: number;
}

/** Watches states of a kernel; rebind it after the kernel's system is re-compiled. */
export class DeviceEventDetector {
  private resolved: Resolved[] = [];
  private pending: DeviceEvent[] = [];

  constructor(private readonly watches: DeviceWatch[] = []) {}

  get count(): number {
    return this.watches.length;
  }

  /** Adds a watch (checked against `kernel` now, so a bad one fails at once). */
  add(watch: DeviceWatch, kernel: Kernel): void {
    const r = resolve(watch, kernel);
    this.watches.push(watch);
    this.resolved.push(r);
    r.side = sideOf(r, kernel.y[r.row]);
  }

  /** Re-resolves every watch against a new kernel; watches of elements that left the circuit sleep. */
  rebind(kernel: Kernel): void {
    this.resolved = [];
    for (const w of this.watches) {
      if (!kernel.sys.elements.has(w.element.toLowerCase())) continue;
      const r = resolve(w, kernel);
      r.side = sideOf(r, kernel.y[r.row]);
      this.resolved.push(r);
    }
  }

  /** Called after every accepted step. */
  check(t: number, y: Float64Array): void {
    const list = this.resolved;
    for (let k = 0; k < list.length; k++) {
      const r = list[k];
      const v = y[r.row];
      const side = sideOf(r, v);
      if (side !== r.side && r.side >= 0) {
        this.pending.push({ element: r.watch.element.toLowerCase(), name: r.name, direction: side === 1 ? 'reached' : 'left', time: t, value: v });
      }
      r.side = side;
    }
  }

  /** The events since the last call, in detection order. */
  take(): DeviceEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Restores watches and their last sides from a snapshot (watches of absent elements sleep). */
  restore(watches: readonly DeviceWatch[], sides: readonly number[], kernel: Kernel): void {
    this.watches.push(...watches);
    this.rebind(kernel);
    this.setSides(sides);
  }

  /** For snapshots: the last side of each watch (as rebind order). */
  sides(): number[] {
    return this.resolved.map((r) => r.side);
  }
  setSides(sides: readonly number[]): void {
    this.resolved.forEach((r, k) => (r.side = sides[k] ?? r.side));
  }
  list(): readonly DeviceWatch[] {
    return this.watches;
  }
}

function sideOf(r: Resolved, value: number): number {
  const v = r.watch.abs ? Math.abs(value) : value;
  return r.mirror ? (v <= r.level ? 1 : 0) : v >= r.level ? 1 : 0;
}

function resolve(watch: DeviceWatch, kernel: Kernel): Resolved {
  const id = watch.element.toLowerCase();
  const el = kernel.sys.elements.get(id);
  if (!el) throw new CircuitError(`cannot watch element '${watch.element}': the circuit has no such element`);
  const { group, i } = el;
  const states = Object.keys(group.model.states ?? {});
  if (states.length === 0) throw new CircuitError(`cannot watch element '${id}': device '${group.model.id}' has no states`);
  const s = watch.state === undefined ? 0 : states.indexOf(watch.state.toLowerCase());
  if (s < 0) throw new CircuitError(`cannot watch '${id}.${watch.state}': device '${group.model.id}' has states ${states.join(', ')}`);
  const row = group.idx[(group.firstState + s) * group.n + i];
  let level: number;
  let mirror = false;
  if (typeof watch.level === 'number') level = watch.level;
  else if (watch.level === 'min' || watch.level === 'max') {
    level = watch.level === 'min' ? kernel.sys.stateLo[row] : kernel.sys.stateHi[row];
    mirror = watch.level === 'min';
    if (!Number.isFinite(level)) throw new CircuitError(`cannot watch '${id}.${states[s]}' reach its ${watch.level}: the state has no ${watch.level === 'min' ? 'lower' : 'upper'} bound`);
  } else {
    const p = group.p[watch.level.toLowerCase()];
    if (!p) throw new CircuitError(`cannot watch '${id}' against '${watch.level}': device '${group.model.id}' has no such parameter; give a number, min, max or a parameter`);
    level = p[i];
  }
  if (!Number.isFinite(level)) throw new CircuitError(`cannot watch '${id}': the level must be finite`);
  return { watch, name: watch.name ?? `${states[s]}:${watch.level}`, row, level, mirror, side: -1 };
}
