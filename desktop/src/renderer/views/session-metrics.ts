/**
 * The metrics of an open session as the view holds them: columns appended slice by slice from polls of
 * the store. Pure data (no DOM), so the merge rules are tested on their own.
 */
import type { MetricsSlice } from '../../shared/sessions-api.js';

export class SessionMetrics {
  sample: number[] = [];
  simTime: number[] = [];
  columns: Record<string, (number | null)[]> = {};

  constructor(readonly names: readonly string[]) {
    for (const n of names) this.columns[n] = [];
  }

  /** The sample to poll from next: one past the newest row held. */
  get next(): number {
    return this.sample.length ? this.sample[this.sample.length - 1] + 1 : 0;
  }

  get rows(): number {
    return this.sample.length;
  }

  /**
   * Adds a polled slice; returns whether anything changed. Rows at or past `slice.reached` that are held
   * were dropped from the store (a resume recomputes what lay past its checkpoint): they go here too.
   * A slice that does not start where this one ends (the view polled twice at once) is ignored.
   */
  merge(slice: MetricsSlice): boolean {
    let changed = false;
    if (slice.reached < this.next) {
      const keep = this.sample.findIndex((s) => s >= slice.reached);
      this.truncate(keep < 0 ? this.rows : keep);
      changed = true;
    }
    if (slice.from !== this.next && slice.sample.length > 0) return changed;
    for (let k = 0; k < slice.sample.length; k++) {
      if (slice.sample[k] < this.next) continue;
      this.sample.push(slice.sample[k]);
      this.simTime.push(slice.simTime[k]);
      for (const n of this.names) this.columns[n].push(slice.columns[n]?.[k] ?? null);
      changed = true;
    }
    return changed;
  }

  private truncate(rows: number): void {
    this.sample.length = rows;
    this.simTime.length = rows;
    for (const n of this.names) this.columns[n].length = rows;
  }
}
