import { describe, expect, it } from 'vitest';
import { cappedExp, cappedSinh } from '@memflow/plugin-sdk';

describe('capped elementary functions', () => {
  const out = new Float64Array(2);
  it('equal exp and sinh/cosh up to the cap', () => {
    for (const z of [-30, -1, 0, 0.5, 79.9, 80]) {
      cappedExp(z, 80, out);
      expect([out[0], out[1]]).toEqual([Math.exp(z), Math.exp(z)]);
      cappedSinh(z, 80, out);
      expect([out[0], out[1]]).toEqual([Math.sinh(z), Math.cosh(z)]);
    }
  });
  it('continue along the tangent beyond it: finite, continuous, odd for sinh', () => {
    cappedExp(1e6, 80, out);
    expect(out[0]).toBe(Math.exp(80) * (1 + 1e6 - 80));
    expect(out[1]).toBe(Math.exp(80));
    cappedSinh(-1000, 200, out);
    expect(out[0]).toBe(-(Math.sinh(200) + Math.cosh(200) * 800));
    expect(out[1]).toBe(Math.cosh(200));
    expect(Number.isFinite(out[0])).toBe(true);
  });
});
