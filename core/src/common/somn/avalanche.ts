/**
 * Avalanches of junction switching (Hochstetter et al. 2021, after Beggs & Plenz 2003): events binned
 * in time windows of width Δt; an avalanche is a maximal run of consecutive non-empty windows, its size
 * the number of events and its duration the number of windows. Δt defaults to the mean inter-event
 * interval, the usual choice.
 */

export interface Avalanches {
  readonly bin: number;
  readonly sizes: number[];
  readonly durations: number[];
}

/** Mean interval between consecutive distinct event times (NaN with fewer than two). */
export function meanInterEventInterval(times: readonly number[]): number {
  const t = [...times].sort((a, b) => a - b);
  return t.length < 2 ? NaN : (t[t.length - 1] - t[0]) / (t.length - 1);
}

export function avalanches(times: readonly number[], bin = meanInterEventInterval(times)): Avalanches {
  const sizes: number[] = [];
  const durations: number[] = [];
  if (times.length === 0 || !(bin > 0)) return { bin, sizes, durations };
  const t = [...times].sort((a, b) => a - b);
  const t0 = t[0];
  // Events per window index, in order.
  let size = 0;
  let duration = 0;
  let lastWindow = -2;
  for (const time of t) {
    const w = Math.floor((time - t0) / bin);
    if (w === lastWindow) {
      size++;
    } else if (w === lastWindow + 1) {
      size++;
      duration++;
    } else {
      if (size > 0) {
        sizes.push(size);
        durations.push(duration);
      }
      size = 1;
      duration = 1;
    }
    lastWindow = w;
  }
  if (size > 0) {
    sizes.push(size);
    durations.push(duration);
  }
  return { bin, sizes, durations };
}
