/** Power-law fitting (Clauset–Shalizi–Newman), avalanches and the crackling-noise relation, on synthetic data with known answers. */
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/common/random/prng.js';
import { avalanches } from '../../src/common/somn/avalanche.js';
import { cracklingCheck, fitPowerLaw, hurwitzZeta, powerLawPValue, samplePowerLaw } from '../../src/common/somn/powerlaw.js';

describe('power-law fits', () => {
  it('Hurwitz zeta matches closed forms', () => {
    expect(hurwitzZeta(2, 1)).toBeCloseTo(Math.PI ** 2 / 6, 13);
    expect(hurwitzZeta(4, 1)).toBeCloseTo(Math.PI ** 4 / 90, 13);
    // ζ(2, 1/2) = 3·ζ(2) ... (ζ(s, 1/2) = (2^s − 1)·ζ(s))
    expect(hurwitzZeta(2, 0.5)).toBeCloseTo(3 * (Math.PI ** 2 / 6), 12);
    // ζ(s, q) − ζ(s, q + 1) = q^−s
    expect(hurwitzZeta(2.7, 3) - hurwitzZeta(2.7, 4)).toBeCloseTo(Math.pow(3, -2.7), 14);
  });

  it('the discrete sampler has the law’s probability mass at xmin', () => {
    const rng = new Prng(5);
    const alpha = 2.2;
    const xmin = 2;
    let atMin = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) if (samplePowerLaw(rng, alpha, xmin, true) === xmin) atMin++;
    const p = Math.pow(xmin, -alpha) / hurwitzZeta(alpha, xmin);
    expect(Math.abs(atMin / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('recovers a known continuous exponent and xmin from data with a non-power-law body', () => {
    const rng = new Prng(11);
    const data: number[] = [];
    // Body: uniform on [0.1, 1); tail: power law α = 2.5 from xmin = 1.
    for (let i = 0; i < 1500; i++) data.push(0.1 + 0.9 * rng.next());
    for (let i = 0; i < 3000; i++) data.push(samplePowerLaw(rng, 2.5, 1, false));
    const fit = fitPowerLaw(data);
    expect(Math.abs(fit.alpha - 2.5)).toBeLessThan(3 * fit.sigma + 0.02);
    expect(fit.xmin).toBeGreaterThan(0.9);
    expect(fit.xmin).toBeLessThan(1.3);
  });

  it('recovers a known discrete exponent', () => {
    const rng = new Prng(12);
    const data = Array.from({ length: 3000 }, () => samplePowerLaw(rng, 1.8, 1, true));
    const fit = fitPowerLaw(data, { discrete: true });
    expect(Math.abs(fit.alpha - 1.8)).toBeLessThan(3 * fit.sigma + 0.02);
  });

  it('the bootstrap p-value accepts a power law and rejects an exponential', () => {
    const rng = new Prng(13);
    const pl = Array.from({ length: 400 }, () => samplePowerLaw(rng, 2.3, 1, false));
    const fitPl = fitPowerLaw(pl);
    expect(powerLawPValue(pl, fitPl, { boots: 40, seed: 1 })).toBeGreaterThan(0.1);
    const ex = Array.from({ length: 400 }, () => 1 - Math.log(1 - rng.next()));
    const fitEx = fitPowerLaw(ex, { xmin: 1 });
    expect(powerLawPValue(ex, fitEx, { boots: 40, seed: 1, scanXmin: false })).toBeLessThan(0.1);
  });
});

describe('avalanches and the crackling-noise relation', () => {
  it('splits binned events into runs of non-empty windows', () => {
    // Windows of 1: events in windows 0,0,1 | 3 | 5,6,6,7 → sizes 3, 1, 4; durations 2, 1, 3.
    const a = avalanches([0, 0.5, 1.2, 3.3, 5.0, 6.1, 6.9, 7.5], 1);
    expect(a.sizes).toEqual([3, 1, 4]);
    expect(a.durations).toEqual([2, 1, 3]);
  });

  it('recovers the scaling exponent of ⟨S⟩(T) and the predicted (α−1)/(τ−1)', () => {
    const rng = new Prng(21);
    const sizes: number[] = [];
    const durations: number[] = [];
    // Durations ~ T^−2 (discrete), sizes = T^1.5 with multiplicative noise: ⟨S⟩ ~ T^1.5.
    for (let i = 0; i < 5000; i++) {
      const T = samplePowerLaw(rng, 2, 1, true);
      durations.push(T);
      sizes.push(Math.max(1, Math.round(Math.pow(T, 1.5) * Math.exp(0.2 * (rng.next() - 0.5)))));
    }
    const c = cracklingCheck(sizes, durations, 5 / 3, 2, 5);
    expect(c.predicted).toBeCloseTo(1.5, 12);
    expect(Math.abs(c.fitted - 1.5)).toBeLessThan(0.05);
  });
});
