/** `memflow experiment list|run`, in process through main(): the registry, the report contract, errors. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { EXPERIMENTS } from '../../src/node/experiments/index.js';

const dir = mkdtempSync(join(tmpdir(), 'memflow-experiment-'));


describe('memflow experiment', () => {
  it('lists every registered experiment once', async () => {
    const r = await cli('experiment', 'list');
    expect(r.code).toBe(0);
    const names = EXPERIMENTS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const e of EXPERIMENTS) expect(r.out).toContain(e.name);
  });

  it('runs an experiment and prints a JSON report whose figures exist', async () => {
    const r = await cli('experiment', 'run', 'eqprop-xor', '--json', '--epochs', '200', '--seed', '1', '--out', dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.experiment).toBe('eqprop-xor');
    expect(report.accuracy.test).toBe(1);
    for (const f of report.figures) expect(existsSync(f)).toBe(true);
  });

  it('rejects an unknown experiment and malformed options with exit code 2', async () => {
    const unknown = await cli('experiment', 'run', 'no-such-thing');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown experiment 'no-such-thing'");
    expect(unknown.err).toContain('eqprop-iris');
    const badSet = await cli('experiment', 'run', 'eqprop-xor', '--set', 'oops', '--out', dir);
    expect(badSet.code).toBe(2);
    expect(badSet.err).toContain('--set expects key=value');
    const badSeed = await cli('experiment', 'run', 'eqprop-xor', '--seed', '-1', '--out', dir);
    expect(badSeed.code).toBe(2);
  });

  it('every experiment refuses a --set key it does not declare, before running, naming what it takes', async () => {
    for (const e of EXPERIMENTS) {
      const r = await cli('experiment', 'run', e.name, '--quick', '--set', 'no_such_knob=1', '--out', dir);
      expect(r.code, e.name).toBe(2);
      const takes = e.settings.length > 0 ? `it takes ${e.settings.join(', ')}` : 'it takes no --set options';
      expect(r.err).toContain(`${e.name}: unknown option --set no_such_knob=…; ${takes}`);
    }
  });
});
