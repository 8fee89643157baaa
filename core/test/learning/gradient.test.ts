/**
 * EqProp's gradient estimate against finite differences of the free-phase loss. For a small EBANA
 * circuit (2 → 3 → 2 with the diode pair), every conductance's estimate
 * ĝ = [(ΔV^β)² − (ΔV^0)²]/(2β) must agree in sign and within 10 % with (C(G+δ) − C(G−δ))/(2δ).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CIRCUIT, EqPropTrainer, Prng, type EbanaCircuitConfig } from '../../src/common/learning/index.js';

function check(cfg: EbanaCircuitConfig, beta: number, x: number[], label: number) {
  const tr = new EqPropTrainer(cfg, beta, 0.3, -0.3, new Prng(7));
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
});
