/**
 * The example plugin on its own: its equations (Chang et al. 2011), its SDK-supplied derivatives and
 * the SDK conformance suite (the loop checks, which need the simulator, run in core/test/plugins).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDerivatives, probe, runConformance } from '@memflow/plugin-sdk';
import { chang2011, devices } from '../src/index.js';

const P = { alpha: 5e-7, beta: 0.5, gamma: 4e-6, delta: 2, lambda: 1, eta: 4, tau: 10 };
const current = (v: number, w: number) => (1 - w) * P.alpha * (1 - Math.exp(-P.beta * v)) + w * P.gamma * Math.sinh(P.delta * v);

describe('chang2011.wox', () => {
  it('exports exactly the device of its manifest', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).memflow;
    expect(devices.map((d) => d.id)).toEqual(manifest.devices.map((d: { id: string }) => d.id));
    expect(Object.keys(chang2011.params)).toEqual(Object.keys(manifest.devices[0].params));
  });

  it('computes the paper’s current and state rate', () => {
    const pr = probe(chang2011, 3);
    const pts = [
      [0.7, 0, 0.2],
      [-0.4, 0.1, 0.9],
      [0, 0, 0.5],
    ];
    pts.forEach((p, i) => pr.set(i, p));
    pr.evaluate();
    pts.forEach(([a, b, w], i) => {
      expect(pr.ctx.f[0][i]).toBeCloseTo(current(a - b, w), 18);
      expect(pr.ctx.f[1][i]).toBe(-pr.ctx.f[0][i]);
      expect(pr.ctx.f[2][i]).toBeCloseTo(P.lambda * Math.sinh(P.eta * (a - b)) - w / P.tau, 12);
    });
    expect(pr.ctx.f[0][2]).toBe(0);
    // At rest only diffusion acts: dw/dt = −w/τ.
    expect(pr.ctx.f[2][2]).toBeCloseTo(-0.5 / P.tau, 15);
  });

  it('has derivatives matching finite differences', () => {
    expect(checkDerivatives(chang2011, [[0.9, 0, 0.1], [-1, 0.2, 0.6], [0.3, -0.3, 0.95]]).worst).toBeLessThan(1e-6);
  });

  it('passes the conformance suite (without the simulated-loop checks)', () => {
    const r = runConformance(chang2011);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
