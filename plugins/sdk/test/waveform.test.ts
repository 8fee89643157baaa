import { describe, expect, it } from 'vitest';
import { waveformBreakpoints, waveformValue, type PulseWave, type PwlWave, type SinWave } from '@memflow/plugin-sdk';

const pulse: PulseWave = { type: 'pulse', v1: 0, v2: 1, td: 1, tr: 0.5, tf: 0.25, pw: 2, per: 5, np: 0 };

describe('waveforms', () => {
  it('PULSE follows delay, ramps, width and period', () => {
    expect(waveformValue(pulse, 0.5)).toBe(0);
    expect(waveformValue(pulse, 1.25)).toBeCloseTo(0.5, 15);
    expect(waveformValue(pulse, 2)).toBe(1);
    expect(waveformValue(pulse, 3.625)).toBeCloseTo(0.5, 15);
    expect(waveformValue(pulse, 4)).toBe(0);
    expect(waveformValue(pulse, 6.25)).toBeCloseTo(0.5, 15);
  });
  it('PULSE corners are breakpoints, per period, inside the window only', () => {
    expect(waveformBreakpoints(pulse, 0, 7)).toEqual([1, 1.5, 3.5, 3.75, 6, 6.5]);
    expect(waveformBreakpoints(pulse, 3.5, 6)).toEqual([3.75, 6]);
    expect(waveformBreakpoints({ ...pulse, np: 1 }, 0, 20)).toEqual([1, 1.5, 3.5, 3.75]);
  });
  it('SIN has SPICE semantics: offset until the delay, then a damped sine with phase', () => {
    const s: SinWave = { type: 'sin', vo: 1, va: 2, freq: 50, td: 0.01, theta: 10, phase: 90 };
    expect(waveformValue(s, 0)).toBeCloseTo(3, 12);
    const t = 0.013;
    expect(waveformValue(s, t)).toBeCloseTo(1 + 2 * Math.exp(-(t - 0.01) * 10) * Math.sin(2 * Math.PI * 50 * (t - 0.01) + Math.PI / 2), 12);
  });
  it('PWL interpolates linearly and holds its end values', () => {
    const w: PwlWave = { type: 'pwl', t: [0, 1, 3], v: [0, 2, -2] };
    expect(waveformValue(w, -1)).toBe(0);
    expect(waveformValue(w, 0.5)).toBe(1);
    expect(waveformValue(w, 2)).toBe(0);
    expect(waveformValue(w, 5)).toBe(-2);
    expect(waveformBreakpoints(w, 0, 10)).toEqual([1, 3]);
  });
});
