/** The two memristors of the kernel milestone held to the same checks as the rest of the library. */
import { describe, expect, it } from 'vitest';
import { DeviceRegistry, characterise } from '@memflow/core';
import { builtinDevices, hpMemristor, xspiceMemristor } from '@memflow/nodes';

const registry = new DeviceRegistry(builtinDevices);

const cases = [
  { model: hpMemristor, params: { window: 2, p: 2, uv: 1e-13 }, amplitude: 1, freqs: [10, 100, 1000] },
  { model: hpMemristor, params: { window: 1, p: 2, uv: 1e-13 }, amplitude: 1, freqs: [10, 100, 1000] },
  { model: hpMemristor, params: { window: 3, p: 2, uv: 1e-13 }, amplitude: 1, freqs: [10, 100, 1000] },
  { model: xspiceMemristor, params: { rmin: 1e3, rmax: 1e4, rinit: 5e3, beta: 1e5, vt: 0.5 }, amplitude: 1, freqs: [10, 100, 1000] },
];

describe.each(cases)('$model.id $params', ({ model, params, amplitude, freqs }) => {
  it('shows a pinched loop whose lobes shrink as the frequency grows', () => {
    const loops = freqs.map((frequency) => characterise(model, registry.lookup, { amplitude, frequency, params }));
    const areas = loops.map((l) => l.lobeAreaPositive + l.lobeAreaNegative);
    console.log(`${model.id} ${JSON.stringify(params)}: pinch ${loops.map((l) => l.pinchError.toExponential(1)).join(', ')}; lobes ${areas.map((a) => a.toExponential(3)).join(', ')} V·A at ${freqs.join(', ')} Hz`);
    for (const l of loops) expect(l.pinchError).toBeLessThan(1e-9);
    for (let k = 1; k < areas.length; k++) expect(areas[k]).toBeLessThan(areas[k - 1]);
  });
  it('keeps its state in bounds under a 10× drive, bit-identically on a second run', () => {
    const a = characterise(model, registry.lookup, { amplitude: 10 * amplitude, frequency: freqs[0], params });
    const b = characterise(model, registry.lookup, { amplitude: 10 * amplitude, frequency: freqs[0], params });
    const [name, spec] = Object.entries(model.states!)[0];
    const lo = typeof spec.min === 'number' ? spec.min : (params as Record<string, number>)[spec.min as string];
    const hi = typeof spec.max === 'number' ? spec.max : (params as Record<string, number>)[spec.max as string];
    for (const x of a.states[name]) {
      expect(x).toBeGreaterThanOrEqual(lo);
      expect(x).toBeLessThanOrEqual(hi);
    }
    expect(Buffer.from(a.i.buffer).equals(Buffer.from(b.i.buffer))).toBe(true);
  });
});
