/**
 * EqProp's gradient estimate against finite differences of the free-phase loss. For a small EBANA
 * circuit (2 → 3 → 2 with the diode pair), every conductance's estimate
 * ĝ = [(ΔV^β)² − (ΔV^0)²]/(2β) must agree in sign and within 10 % with (C(G+δ) − C(G−δ))/(2δ).
 * For the Iris network with the amplifier: the raw first-crossbar estimate is 1/A² of the gradient, and
 * the compensated estimate converges to it linearly as β → 0.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_CIRCUIT, EqPropTrainer, Prng, circuitConfigFor, eqpropIrisConfig, type EbanaCircuitConfig } from '../../src/common/learning/index.js';

function check(cfg: EbanaCircuitConfig, beta: number, x: readonly number[], label: number, targets = 0.3, compensate = true) {
  const tr = new EqPropTrainer(cfg, beta, targets, -targets, new Prng(7), undefined, compensate);
  const sample = { x, label };
  const grad = new Float64Array(tr.g.length);
  tr.accumulate(sample, grad);
  const fd = new Float64Array(tr.g.length);
  for (let k = 0; k < tr.g.length; k++) {
    const g0 = tr.g[k];
    const d = 1e-4 * g0;
    tr.circuit.setConductance(k, g0 + d);
    const up = tr.loss(sample);
    tr.circuit.setConductance(k, g0 - d);
    const down = tr.loss(sample);
    tr.circuit.setConductance(k, g0);
    fd[k] = (up - down) / (2 * d);
  }
  return { grad, fd };
}

describe('EqProp gradient', () => {
  it('matches finite differences of the loss (sign and within 10 %)', () => {
    const cfg: EbanaCircuitConfig = { ...DEFAULT_CIRCUIT, layers: [2, 3, 2] };
    const { grad, fd } = check(cfg, 1e-9, [0.9, 0.2], 0);
    const scale = Math.max(...fd.map(Math.abs));
    let worst = 0;
    for (let k = 0; k < fd.length; k++) {
      if (Math.abs(fd[k]) < 1e-3 * scale) continue; // weights the loss does not depend on (clipped nodes)
      expect(Math.sign(grad[k])).toBe(Math.sign(fd[k]));
      worst = Math.max(worst, Math.abs(grad[k] - fd[k]) / Math.abs(fd[k]));
    }
    console.log(`gradient check: ${fd.length} weights, max |fd| ${scale.toExponential(3)}, worst relative error ${worst.toExponential(3)}`);
    expect(worst).toBeLessThan(0.1);
  });

  // The Iris network (4 → 10 → 3 with the preset's diode clipping and ×A amplifier). Per crossbar: the
  // least-squares ratio estimate/fd and the worst relative error over weights the loss depends on.
  const csv = readFileSync(new URL('../../../fixtures/data/iris.csv', import.meta.url), 'utf8');
  const iris = eqpropIrisConfig(csv);
  const irisCfg = circuitConfigFor(iris);
  const gain = irisCfg.amplifier?.gain ?? 1;
  const perLayer = (beta: number, compensate: boolean, sample = iris.data.train[0]) => {
    const { grad, fd } = check(irisCfg, beta, sample.x, sample.label, 0.1, compensate);
    const weights = new EqPropTrainer(irisCfg, beta, 0.1, -0.1, new Prng(7)).circuit.weights;
    const scale = Math.max(...fd.map(Math.abs));
    return [1, 2].map((layer) => {
      let num = 0;
      let den = 0;
      let worst = 0;
      let signs = 0;
      weights.forEach((w, k) => {
        if (w.layer !== layer || Math.abs(fd[k]) < 1e-3 * scale) return;
        num += grad[k] * fd[k];
        den += fd[k] * fd[k];
        worst = Math.max(worst, Math.abs(grad[k] - fd[k]) / Math.abs(fd[k]));
        if (Math.sign(grad[k]) !== Math.sign(fd[k])) signs++;
      });
      return { ratio: num / den, worst, signs };
    });
  };

  it(`Iris network with the amplifier: the raw estimate of the first crossbar is 1/A² of the gradient`, () => {
    const [l1, l2] = perLayer(iris.beta, false);
    console.log(`iris raw: layer 1 ratio ${l1.ratio.toFixed(5)} (1/A² = ${(1 / gain ** 2).toFixed(5)}), layer 2 ratio ${l2.ratio.toFixed(5)}`);
    expect(l1.signs + l2.signs).toBe(0);
    expect(l1.ratio).toBeCloseTo(1 / gain ** 2, 3);
    expect(l2.ratio).toBeCloseTo(1, 2);
  });

  it('Iris network, compensated: converges to finite differences as β → 0 (error ∝ β)', () => {
    for (const sample of iris.data.train.slice(0, 3)) {
      const worst: number[] = [];
      for (const beta of [8e-8, 8e-9, 8e-10]) {
        const layers = perLayer(beta, true, sample);
        for (const l of layers) {
          expect(l.signs).toBe(0);
          expect(l.ratio).toBeCloseTo(1, 1);
        }
        worst.push(Math.max(...layers.map((l) => l.worst)));
      }
      console.log(`iris compensated, label ${sample.label}: worst relative error at β = 8e-8, 8e-9, 8e-10: ${worst.map((w) => w.toExponential(2)).join(', ')}`);
      expect(worst[2]).toBeLessThan(0.01);
      expect(worst[1]).toBeLessThan(worst[0] / 5);
      expect(worst[2]).toBeLessThan(worst[1] / 5);
    }
  });
});

describe('EqProp gradient as β → 0 (2 → 3 → 2 circuit with the diode pair)', () => {
  const cfg: EbanaCircuitConfig = { ...DEFAULT_CIRCUIT, layers: [2, 3, 2] };
  const sample = { x: [0.9, 0.2], label: 0 };

  /** Worst relative error of the estimate (times `weight` per conductance) against finite differences. */
  function worstError(beta: number, estimate: 'squared' | 'absolute'): number {
    const tr = new EqPropTrainer(cfg, beta, 0.3, -0.3, new Prng(7));
    tr.estimate = estimate;
    const grad = new Float64Array(tr.g.length);
    tr.accumulate(sample, grad);
    tr.freePhase(sample.x);
    const drop = tr.circuit.absoluteDrops();
    const fd = new Float64Array(tr.g.length);
    for (let k = 0; k < tr.g.length; k++) {
      const g0 = tr.g[k];
      const d = 1e-5 * g0;
      tr.circuit.setConductance(k, g0 + d);
      const up = tr.loss(sample);
      tr.circuit.setConductance(k, g0 - d);
      const down = tr.loss(sample);
      tr.circuit.setConductance(k, g0);
      fd[k] = (up - down) / (2 * d);
    }
    const scale = Math.max(...fd.map(Math.abs));
    let worst = 0;
    for (let k = 0; k < fd.length; k++) {
      if (Math.abs(fd[k]) < 1e-3 * scale) continue;
      // the absolute rule estimates ∂C/∂G / |ΔV⁰|
      const est = estimate === 'absolute' ? grad[k] * drop[k] : grad[k];
      worst = Math.max(worst, Math.abs(est - fd[k]) / Math.abs(fd[k]));
    }
    return worst;
  }

  it('squared estimate: the error against finite differences falls in proportion to β', () => {
    const errs = [1e-8, 1e-9, 1e-10].map((b) => worstError(b, 'squared'));
    console.log(`squared: worst relative error at β = 1e-8, 1e-9, 1e-10: ${errs.map((e) => e.toExponential(2)).join(', ')}`);
    expect(errs[1]).toBeLessThan(errs[0] / 5);
    expect(errs[2]).toBeLessThan(errs[1] / 5);
    expect(errs[2]).toBeLessThan(0.01);
  });

  // The behavioural diodes are piecewise linear, so while no diode changes segment the nudged drop is
  // exactly linear in β: |ΔV^β| − |ΔV^0| = sign(ΔV^0)·(ΔV^β − ΔV^0) has no β² term (the squared rule's
  // (ΔV^β − ΔV^0)² does), and the absolute estimate times |ΔV^0| equals ∂C/∂G up to solver noise.
  it('absolute estimate: times |ΔV⁰| it equals the gradient at every β (no O(β) term on a piecewise-linear circuit)', () => {
    const errs = [1e-8, 1e-9, 1e-10].map((b) => worstError(b, 'absolute'));
    console.log(`absolute: worst relative error at β = 1e-8, 1e-9, 1e-10: ${errs.map((e) => e.toExponential(2)).join(', ')}`);
    for (const e of errs) expect(e).toBeLessThan(1e-6);
  });
});
