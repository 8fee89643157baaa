/** Scalar input streams of a session (sample n → value), generated or read from a file. */
import type { Prng } from '../random/prng.js';
import type { StimulusSpec } from './spec.js';

export interface ScalarStream {
  readonly total: number;
  /**
   * Input of sample n. Called once per sample in order; a random stream draws from `rng`, whose state is
   * part of the session's snapshot.
   */
  value(n: number, rng: Prng): number;
}

/** The stream of a `signal` or `file` stimulus; `series` is the file's values (the node layer reads it). */
export function scalarStream(spec: StimulusSpec, series?: Float64Array): ScalarStream {
  if (spec.kind === 'signal') {
    const total = spec.samples;
    if (spec.waveform === 'uniform') {
      const lo = spec.lo ?? 0;
      const hi = spec.hi ?? 1;
      return { total, value: (_n, rng) => rng.uniform(lo, hi) };
    }
    const amp = spec.amplitude ?? 1;
    const offset = spec.offset ?? 0;
    const period = spec.period ?? 20;
    return { total, value: (n) => offset + amp * Math.sin((2 * Math.PI * n) / period) };
  }
  if (spec.kind === 'file') {
    if (!series || series.length === 0) throw new Error('file stimulus: no values');
    const s = series;
    return { total: s.length * (spec.repeat ?? 1), value: (n) => s[n % s.length] };
  }
  throw new Error(`stimulus '${spec.kind}' is not a scalar stream`);
}
