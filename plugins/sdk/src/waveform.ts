/**
 * Independent-source waveforms with SPICE semantics (ngspice manual, "Independent Sources").
 * Defaults that depend on the analysis (TSTEP, TSTOP) are resolved by the compiler before use.
 */

export interface SinWave {
  readonly type: 'sin';
  readonly vo: number;
  readonly va: number;
  readonly freq: number;
  readonly td: number;
  readonly theta: number;
  /** Phase in degrees. */
  readonly phase: number;
}

export interface PulseWave {
  readonly type: 'pulse';
  readonly v1: number;
  readonly v2: number;
  readonly td: number;
  readonly tr: number;
  readonly tf: number;
  readonly pw: number;
  readonly per: number;
  /** Number of pulses; 0 = unbounded. */
  readonly np: number;
}

export interface PwlWave {
  readonly type: 'pwl';
  readonly t: readonly number[];
  readonly v: readonly number[];
}

export interface ExpWave {
  readonly type: 'exp';
  readonly v1: number;
  readonly v2: number;
  readonly td1: number;
  readonly tau1: number;
  readonly td2: number;
  readonly tau2: number;
}

export type Waveform = SinWave | PulseWave | PwlWave | ExpWave;

/** A source's full specification: DC value (for .op/.dc) and an optional transient waveform. */
export interface SourceSpec {
  readonly dc: number;
  readonly wave?: Waveform;
  /** Small-signal phasor for `.ac` analyses: magnitude and phase in degrees (SPICE `AC mag phase`). */
  readonly ac?: { readonly mag: number; readonly phase: number };
}

export function waveformValue(w: Waveform, t: number): number {
  switch (w.type) {
    case 'sin': {
      if (t <= w.td) return w.vo + w.va * Math.sin((w.phase * Math.PI) / 180);
      const s = t - w.td;
      return w.vo + w.va * Math.exp(-s * w.theta) * Math.sin(2 * Math.PI * w.freq * s + (w.phase * Math.PI) / 180);
    }
    case 'pulse': {
      if (t <= w.td) return w.v1;
      let s = t - w.td;
      if (w.per > 0) {
        const k = Math.floor(s / w.per);
        if (w.np > 0 && k >= w.np) return w.v1;
        s -= k * w.per;
      }
      if (s < w.tr) return w.v1 + ((w.v2 - w.v1) * s) / w.tr;
      if (s <= w.tr + w.pw) return w.v2;
      if (s < w.tr + w.pw + w.tf) return w.v2 + ((w.v1 - w.v2) * (s - w.tr - w.pw)) / w.tf;
      return w.v1;
    }
    case 'pwl': {
      const { t: ts, v } = w;
      if (t <= ts[0]) return v[0];
      const last = ts.length - 1;
      if (t >= ts[last]) return v[last];
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (ts[mid] <= t) lo = mid;
        else hi = mid;
      }
      return v[lo] + ((v[hi] - v[lo]) * (t - ts[lo])) / (ts[hi] - ts[lo]);
    }
    case 'exp': {
      let y = w.v1;
      if (t > w.td1) y += (w.v2 - w.v1) * (1 - Math.exp(-(t - w.td1) / w.tau1));
      if (t > w.td2) y += (w.v1 - w.v2) * (1 - Math.exp(-(t - w.td2) / w.tau2));
      return y;
    }
  }
}

/** Corners of the waveform strictly after t0 and up to t1, ascending. */
export function waveformBreakpoints(w: Waveform, t0: number, t1: number): number[] {
  const out: number[] = [];
  const push = (t: number): void => {
    if (t > t0 && t <= t1) out.push(t);
  };
  switch (w.type) {
    case 'sin':
      push(w.td);
      break;
    case 'exp':
      push(w.td1);
      push(w.td2);
      break;
    case 'pwl':
      for (const t of w.t) push(t);
      break;
    case 'pulse': {
      const corners = [0, w.tr, w.tr + w.pw, w.tr + w.pw + w.tf];
      if (w.per <= 0) {
        for (const c of corners) push(w.td + c);
        break;
      }
      const kStart = Math.max(0, Math.floor((t0 - w.td) / w.per));
      for (let k = kStart; ; k++) {
        if (w.np > 0 && k >= w.np) break;
        const base = w.td + k * w.per;
        if (base > t1) break;
        for (const c of corners) push(base + c);
      }
      break;
    }
  }
  out.sort((a, b) => a - b);
  return out.filter((t, i) => i === 0 || t !== out[i - 1]);
}
