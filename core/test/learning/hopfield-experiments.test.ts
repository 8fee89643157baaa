/** Quick runs of the Hopfield and Zoppo experiments through main(): JSON reports with sane headline figures. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'memflow-hopfield-'));

interface Variant {
  symmetric: boolean;
  convergedFraction: number;
  energyRises: number;
  maxCurrentResidual: number;
  distinctEquilibria: number;
}
interface CamPoint {
  corruption: number;
  accuracy: Record<string, number>;
}
/** The parts of the experiments' JSON reports the tests read. */
interface Report {
  figures: string[];
  variants: Variant[];
  kernelCheck: { maxDv: number };
  accuracy: { corruption: number; test: number };
  points: CamPoint[];
  storedStable: Record<string, boolean[]>;
  results: { firstLoss: number; finalLoss: number }[];
  reconstructionErrorAt20: Record<string, number>;
  curve: { loss: number }[];
}

async function run(...args: string[]): Promise<{ code: number; report: Report; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['experiment', 'run', ...args, '--json', '--quick', '--out', dir], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, report: (code === 0 ? JSON.parse(out) : {}) as Report, err };
}

function figuresExist(report: Report): void {
  expect(report.figures.length).toBeGreaterThan(0);
  for (const f of report.figures) expect(existsSync(f)).toBe(true);
}

describe('Hopfield and Zoppo experiments (--quick)', () => {
  it('hopfield-convergence: symmetric networks converge with several equilibria and a non-increasing E; the kernel agrees with the fast path', async () => {
    const { code, report, err } = await run('hopfield-convergence');
    expect(err).toBe('');
    expect(code).toBe(0);
    const sym = report.variants.filter((v) => v.symmetric);
    expect(sym.length).toBe(2);
    for (const v of sym) {
      expect(v.convergedFraction).toBe(1);
      expect(v.energyRises).toBe(0);
      expect(v.maxCurrentResidual).toBeLessThan(1e-15);
    }
    expect(Math.max(...sym.map((v) => v.distinctEquilibria))).toBeGreaterThan(1);
    expect(report.variants.some((v) => !v.symmetric && v.energyRises > 0)).toBe(true);
    expect(report.kernelCheck.maxDv).toBeLessThan(1e-3);
    figuresExist(report);
  });

  it('hopfield-cam: accuracies are fractions, perfect cues of stable patterns are recalled, corruption does not help', async () => {
    const { code, report } = await run('hopfield-cam');
    expect(code).toBe(0);
    expect(report.accuracy.corruption).toBe(0.2);
    for (const p of report.points)
      for (const v of Object.values(p.accuracy)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    const clean = report.points[0];
    expect(clean.corruption).toBe(0);
    for (const [variant, stable] of Object.entries(report.storedStable))
      expect(clean.accuracy[variant]).toBeCloseTo(stable.filter(Boolean).length / stable.length, 12);
    const last = report.points[report.points.length - 1];
    expect(last.accuracy.hebbian).toBeLessThanOrEqual(clean.accuracy.hebbian);
    figuresExist(report);
  });

  it('zoppo-reconstruction: both learning rules lower the cost and reconstruct 20 %-corrupted cues better than the Hebbian network', async () => {
    const { code, report } = await run('zoppo-reconstruction');
    expect(code).toBe(0);
    for (const r of report.results) expect(r.finalLoss).toBeLessThan(0.5 * r.firstLoss);
    expect(report.reconstructionErrorAt20.eqprop).toBeLessThan(report.reconstructionErrorAt20.hebbian);
    expect(report.reconstructionErrorAt20.rbp).toBeLessThan(report.reconstructionErrorAt20.hebbian);
    figuresExist(report);
  });

  it('zoppo-digits: classifies well above chance after a quick run', async () => {
    const { code, report } = await run('zoppo-digits');
    expect(code).toBe(0);
    expect(report.accuracy.test).toBeGreaterThan(0.5);
    expect(report.curve[report.curve.length - 1].loss).toBeLessThan(report.curve[0].loss);
    figuresExist(report);
  });

  it('rejects bad options with exit code 2', async () => {
    expect((await run('hopfield-convergence', '--set', 'mode=sideways')).code).toBe(2);
    expect((await run('hopfield-cam', '--set', 'classes=0,12')).code).toBe(2);
    expect((await run('zoppo-digits', '--set', 'rule=hebb')).code).toBe(2);
    expect((await run('zoppo-reconstruction', '--set', 'eta=-1')).code).toBe(2);
    const typo = await run('hopfield-convergence', '--set', 'asymetry=0.5');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('hopfield-convergence: unknown option --set asymetry=…; it takes mode, sizes, asymmetry, ics');
  });
});
