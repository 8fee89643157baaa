/**
 * Optimisers and update rules against their defining formulas (geometric momentum series, Adam's
 * first step of exactly lr·range, soft bounds, unbiased stochastic quantisation), and every rule and
 * optimiser lowering the loss in a short Iris run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIMISERS, Optimiser, Prng, UPDATE_RULES, applyRule, eqpropIrisConfig, runEqProp } from '../../src/common/learning/index.js';

const gmin = 1e-7;
const gmax = 1e-5;

describe('optimisers', () => {
  const grad = Float64Array.from([3e3, -1e3, 0.5e3]);

  it('sgd: d = −lr·gmax²·ĝ', () => {
    const d = new Float64Array(3);
    new Optimiser({ name: 'sgd' }, 3, gmin, gmax).step(grad, 2, d);
    for (let k = 0; k < 3; k++) expect(d[k]).toBeCloseTo(-2 * gmax * gmax * grad[k], 20);
  });

  it('momentum: with a constant estimate and every step taken, the n-th step is d·(1 − μⁿ)/(1 − μ)', () => {
    const mu = 0.8;
    const opt = new Optimiser({ name: 'momentum', beta1: mu }, 3, gmin, gmax);
    const d = new Float64Array(3);
    for (let n = 1; n <= 6; n++) {
      opt.step(grad, 1, d);
      opt.taken(d);
      for (let k = 0; k < 3; k++) expect(d[k] / (-gmax * gmax * grad[k])).toBeCloseTo((1 - mu ** n) / (1 - mu), 12);
    }
  });

  it("adam: the first step is lr·(gmax − gmin) against the estimate's sign; later steps follow the bias-corrected moments", () => {
    const opt = new Optimiser({ name: 'adam', beta1: 0.9, beta2: 0.999, eps: 0 }, 3, gmin, gmax);
    const d = new Float64Array(3);
    opt.step(grad, 0.01, d);
    for (let k = 0; k < 3; k++) expect(d[k]).toBeCloseTo(-0.01 * (gmax - gmin) * Math.sign(grad[k]), 18);
    // second step with another estimate, against the formulas written out for one weight
    const g2 = Float64Array.from([-1e3, -1e3, 1e3]);
    opt.step(g2, 0.01, d);
    for (let k = 0; k < 3; k++) {
      const m = 0.9 * (0.1 * grad[k]) + 0.1 * g2[k];
      const v = 0.999 * (0.001 * grad[k] ** 2) + 0.001 * g2[k] ** 2;
      const expected = (-0.01 * (gmax - gmin) * (m / (1 - 0.9 ** 2))) / Math.sqrt(v / (1 - 0.999 ** 2));
      expect(d[k] / expected).toBeCloseTo(1, 12);
    }
  });
});

describe('update rules', () => {
  it('multiplicative: a step shrinks with the distance to the bound it moves towards', () => {
    const g = Float64Array.from([gmin, 0.25 * gmax, gmax, 0.5 * (gmin + gmax)]);
    const d = Float64Array.from([1e-7, 1e-7, -1e-7, -1e-7]);
    applyRule('multiplicative', d, g, gmin, gmax, new Prng(1));
    const span = gmax - gmin;
    expect(d[0]).toBeCloseTo(1e-7, 20);
    expect(d[1]).toBeCloseTo((1e-7 * (gmax - 0.25 * gmax)) / span, 20);
    expect(d[2]).toBeCloseTo(-1e-7, 20);
    expect(d[3]).toBeCloseTo(-0.5e-7, 20);
    const up = Float64Array.from([1e-7]);
    applyRule('multiplicative', up, Float64Array.from([gmax]), gmin, gmax, new Prng(1));
    expect(up[0]).toBe(0);
  });

  it('quantised: whole levels only, unbiased on average', () => {
    const levels = 64;
    const q = (gmax - gmin) / levels;
    const n = 20000;
    const d = new Float64Array(n).fill(0.3 * q);
    applyRule('quantised', d, new Float64Array(n).fill(5e-6), gmin, gmax, new Prng(2), levels);
    let sum = 0;
    for (const v of d) {
      expect(Math.abs(v / q - Math.round(v / q))).toBeLessThan(1e-9);
      sum += v;
    }
    // binomial: mean 0.3 q, standard error q·√(0.21/n) ≈ 0.0032 q
    expect(Math.abs(sum / n / q - 0.3)).toBeLessThan(0.015);
  });
});

describe('short training runs lower the loss with every rule and optimiser', () => {
  const csv = readFileSync(new URL('../../../fixtures/data/iris.csv', import.meta.url), 'utf8');
  const base = eqpropIrisConfig(csv, { epochs: 2, seed: 3 });
  const small = { ...base, data: { ...base.data, train: base.data.train.slice(0, 50) } };
  for (const rule of UPDATE_RULES)
    it(`rule ${rule}`, () => {
      const r = runEqProp({ ...small, rule });
      expect(r.epochs[2].loss).toBeLessThan(0.7 * r.epochs[0].loss);
    });
  for (const optimiser of OPTIMISERS)
    it(`optimiser ${optimiser}`, () => {
      const r = runEqProp({ ...small, optimiser, ...(optimiser === 'adam' ? { lr: 0.02 } : {}) });
      expect(r.epochs[2].loss).toBeLessThan(0.7 * r.epochs[0].loss);
    });
});
