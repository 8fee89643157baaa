/** `memflow experiment run mondeq-digits|mondeq-iris --quick`, in process through main(). */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'memflow-mondeq-'));

describe('memflow experiment run mondeq-*', () => {
  it('mondeq-digits --quick trains in circuit simulation and reports accuracy, checks and figures', async () => {
    const r = await cli('experiment', 'run', 'mondeq-digits', '--quick', '--json', '--seed', '3', '--out', dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.experiment).toBe('mondeq-digits');
    expect(report.path).toBe('circuit');
    for (const a of [report.accuracy.train, report.accuracy.test]) {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(1);
    }
    expect(report.loss.final).toBeLessThan(report.loss.initial);
    expect(report.agreement.fixedPointMaxAbs).toBeLessThan(1e-6);
    expect(report.agreement.gradientHardwareVsImplicitMaxRel).toBeLessThan(1e-4);
    expect(report.agreement.gradientHardwareVsFdMaxRel).toBeLessThan(1e-4);
    // The confusion matrix counts every test sample once.
    expect(report.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(report.testSamples);
    expect(report.figures).toHaveLength(2);
    for (const f of report.figures) {
      expect(existsSync(f)).toBe(true);
      expect(readFileSync(f, 'utf8')).toMatch(/^<svg/);
    }
    // The saved trained circuit runs as an ordinary network.
    const run = await cli('run', report.network);
    expect(run.code).toBe(0);
    expect(run.out).toContain('v(o9)');
  });

  it('mondeq-iris --quick runs the diode-ReLU variant on the splitting path', async () => {
    const r = await cli('experiment', 'run', 'mondeq-iris', '--quick', '--json', '--set', 'activation=diode-relu', '--set', 'path=splitting', '--out', dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.activation).toBe('diode-relu');
    expect(report.path).toBe('splitting');
    expect(report.agreement.fixedPointMaxAbs).toBeLessThan(1e-6);
  });

  it('rejects bad --set values with exit code 2 and a message naming the knob', async () => {
    const bad = await cli('experiment', 'run', 'mondeq-digits', '--quick', '--set', 'hidden=0', '--out', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('hidden must be a positive integer or a comma list');
    const unknown = await cli('experiment', 'run', 'mondeq-iris', '--quick', '--set', 'widht=3', '--out', dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('mondeq-iris: unknown option --set widht=…; it takes hidden, lr, batch, path, activation, margin, coupling');
    const path = await cli('experiment', 'run', 'mondeq-iris', '--quick', '--set', 'path=gpu', '--out', dir);
    expect(path.code).toBe(2);
    expect(path.err).toContain("path must be 'circuit' or 'splitting'");
  });
});
