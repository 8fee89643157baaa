/**
 * Continuous-time learning in memristor RNNs (core/src/common/learning/zoppo): fixed points, the three
 * gradients against each other (recurrent back-prop solved densely and by the relaxing side network,
 * EqProp as β → 0, central finite differences), the continuous-time flux updates against the gradient,
 * and short training runs that lower the cost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/common/random/prng.js';
import { digitsDataset } from '../../src/common/learning/data.js';
import { digitPrototypes } from '../../src/common/learning/hopfield/index.js';
import {
  RnnLearner,
  denseWeights,
  digitsSpec,
  driveOf,
  eqpropGradient,
  finiteDifferenceGradient,
  freeFixedPoint,
  initialParams,
  rbpGradient,
  rnnOperatingPoint,
  runDigits,
  runReconstruction,
  weightSlope,
  type RnnParams,
  type RnnSpec,
} from '../../src/common/learning/zoppo/index.js';

const fixtures = join(import.meta.dirname, '../../../fixtures/data');
const spec: RnnSpec = digitsSpec(6, 5, 3);
const params = (): RnnParams => initialParams(spec, new Prng(3), 1.5);
const x = [1, 0.2, 0.9, 0.4, 0, 0.7];
const target = [0.9, -0.9, -0.9];

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num += (a[k] - b[k]) ** 2;
    den += b[k] ** 2;
  }
  return Math.sqrt(num / den);
}

const flat = (g: { gW: Float64Array; gV: Float64Array }) => Float64Array.from([...g.gW, ...g.gV]);

describe('memristor RNN (Zoppo et al.)', () => {
  it('the fixed point solves u = W·ρ(u) + V·x to machine precision', () => {
    const p = params();
    const fp = freeFixedPoint(spec, p, x);
    const { W, V } = denseWeights(spec, p);
    const drive = driveOf(spec, V, x);
    for (let i = 0; i < spec.n; i++) {
      let s = drive[i];
      for (let j = 0; j < spec.n; j++) s += W[i * spec.n + j] * fp.rho[j];
      expect(Math.abs(s - fp.u[i])).toBeLessThan(1e-12);
    }
  });

  it('the fixed points (free and nudged) equal the DC operating point of the memristor circuit computed by the kernel', () => {
    const p = params();
    const free = freeFixedPoint(spec, p, x);
    const near = Float64Array.from(free.u, (u) => u + 0.05);
    const kernelFree = rnnOperatingPoint(spec, p, x, near);
    for (let i = 0; i < spec.n; i++) expect(Math.abs(kernelFree[i] - free.u[i])).toBeLessThan(1e-8);
    const beta = 0.5;
    const nudged = freeFixedPoint(spec, p, x, beta, target, free.u);
    const kernelNudged = rnnOperatingPoint(spec, p, x, free.u, { beta, target });
    for (let i = 0; i < spec.n; i++) expect(Math.abs(kernelNudged[i] - nudged.u[i])).toBeLessThan(1e-8);
    // The nudge moved the outputs: the comparison is not trivially the free state again.
    expect(Math.max(...spec.outputs.map((o) => Math.abs(nudged.u[o] - free.u[o])))).toBeGreaterThan(1e-2);
  });

  it('recurrent back-propagation matches central finite differences, by dense solve and by the relaxing side network', () => {
    const p = params();
    const exact = rbpGradient(spec, p, x, target, 'exact');
    const side = rbpGradient(spec, p, x, target, 'relax');
    expect(relError(flat(side), flat(exact))).toBeLessThan(1e-9);
    const pairs = [0, 3, 7, 11, 17];
    const inputs = [0, 5, 9, 20, 33, 38];
    const fd = finiteDifferenceGradient(spec, p, x, target, pairs, inputs);
    for (const q of pairs) expect(Math.abs(fd.gW[q] - exact.gW[q])).toBeLessThan(1e-7);
    for (const q of inputs) expect(Math.abs(fd.gV[q] - exact.gV[q])).toBeLessThan(1e-7);
  });

  it('the EqProp estimate approaches the recurrent back-propagation gradient as β → 0 (O(β²) symmetric, O(β) one-sided)', () => {
    const p = params();
    const ref = flat(rbpGradient(spec, p, x, target));
    const sym = [1e-1, 1e-2, 1e-3].map((b) => relError(flat(eqpropGradient(spec, p, x, target, b)), ref));
    expect(sym[0]).toBeLessThan(0.1);
    expect(sym[0] / sym[1]).toBeGreaterThan(50);
    expect(sym[1] / sym[2]).toBeGreaterThan(50);
    expect(sym[2]).toBeLessThan(1e-5);
    const one = [1e-2, 1e-3].map((b) => relError(flat(eqpropGradient(spec, p, x, target, b, false)), ref));
    expect(one[0] / one[1]).toBeGreaterThan(5);
    expect(one[0] / one[1]).toBeLessThan(20);
  });

  it('the continuous-time flux updates point along −dC/dw·dw/dφ for both rules', () => {
    const p0 = params();
    const g = rbpGradient(spec, p0, x, target);
    const want = Float64Array.from([...g.gW.map((gw, q) => -gw * weightSlope(spec, p0.phiW[q])), ...g.gV.map((gv, q) => -gv * weightSlope(spec, p0.phiV[q]))]);
    for (const rule of ['rbp', 'eqprop'] as const) {
      const p = { phiW: Float64Array.from(p0.phiW), phiV: Float64Array.from(p0.phiV) };
      const learner = new RnnLearner(spec, p);
      // A tiny programming gain: the weights barely move during the phase, so Δφ ≈ −η·T_eff·gradient.
      learner.learn({ x: Float64Array.from(x), target: Float64Array.from(target) }, { rule, eta: 1e-7, beta: 0.01, phaseTau: 40, dt: 0.05, epochs: 1, seed: 1 });
      const got = Float64Array.from([...p.phiW.map((f, q) => f - p0.phiW[q]), ...p.phiV.map((f, q) => f - p0.phiV[q])]);
      let dot = 0;
      let ng = 0;
      let nw = 0;
      for (let k = 0; k < got.length; k++) {
        dot += got[k] * want[k];
        ng += got[k] ** 2;
        nw += want[k] ** 2;
      }
      expect(dot / Math.sqrt(ng * nw), rule).toBeGreaterThan(0.99);
    }
  });

  it('short reconstruction training runs lower the cost and beat the Hebbian network at 20 % corruption', () => {
    const patterns = digitPrototypes(readFileSync(join(fixtures, 'digits.csv'), 'utf8'), [0, 2, 4]);
    for (const rule of ['eqprop', 'rbp'] as const) {
      const r = runReconstruction(patterns, {
        hidden: 4,
        train: { rule, eta: 0.002, beta: 0.2, phaseTau: 4, dt: 0.5, epochs: 10, seed: 1 },
        cuesPerPattern: 5,
        maxCorruption: 0.3,
        testCorruption: [0.2],
        testCues: 6,
      });
      expect(r.curve[r.curve.length - 1].loss, rule).toBeLessThan(0.5 * r.curve[0].loss);
      expect(r.points[0].rnnError, rule).toBeLessThan(r.points[0].hebbianError);
    }
  });

  it('a short digits run lowers the cost and classifies well above chance', () => {
    const data = digitsDataset(readFileSync(join(fixtures, 'digits.csv'), 'utf8'), 1);
    const { curve } = runDigits({ ...data, test: data.test.slice(0, 150) }, { hidden: 16, trainSize: 200, train: { rule: 'eqprop', eta: 0.003, beta: 0.3, phaseTau: 4, dt: 0.5, epochs: 2, seed: 1 } });
    expect(curve[1].loss).toBeLessThan(curve[0].loss);
    expect(curve[1].testAccuracy).toBeGreaterThan(0.4);
  });
});
