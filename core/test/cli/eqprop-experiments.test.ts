/** The EqProp experiments through main() with --quick: reports, figures, options and their errors. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'memflow-eqprop-'));

async function report(...args: string[]) {
  const r = await cli('experiment', 'run', ...args, '--json', '--quick', '--out', dir);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const rep = JSON.parse(r.out);
  for (const f of rep.figures) expect(existsSync(f)).toBe(true);
  expect(rep.accuracy.train).toBeGreaterThanOrEqual(0);
  expect(rep.accuracy.test).toBeLessThanOrEqual(1);
  return rep;
}

describe('EqProp experiments', () => {
  it('eqprop-xor --quick reaches 100 %', async () => {
    const rep = await report('eqprop-xor');
    expect(rep.accuracy.test).toBe(1);
    expect(rep.figures).toHaveLength(3);
  });

  it('eqprop-digits --quick runs and reports a 10 × 10 confusion matrix', async () => {
    const rep = await report('eqprop-digits');
    expect(rep.confusion).toHaveLength(10);
    expect(rep.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(rep.test);
  });

  it('eqprop-iris --quick with memristive synapses (vteam, range 10) learns and counts pulses', async () => {
    const rep = await report('eqprop-iris', '--set', 'synapse=vteam', '--set', 'range=10');
    expect(rep.synapse).toBe('vteam');
    expect(rep.range).toBe(10);
    expect(rep.pulses).toBeGreaterThan(0);
    expect(rep.accuracy.test).toBeGreaterThan(0.6);
  });

  it('eqprop-iris with 2 worker threads gives the serial report', async () => {
    const serial = await report('eqprop-iris', '--set', 'optimiser=adam');
    const pool = await report('eqprop-iris', '--set', 'optimiser=adam', '--set', 'jobs=2');
    expect(pool.curve).toEqual(serial.curve);
    expect(pool.confusion).toEqual(serial.confusion);
  });

  it('eqprop-range --quick gives the model × range grid with convergence flags', async () => {
    const rep = await report('eqprop-range', '--set', 'datasets=iris');
    expect(rep.cells).toHaveLength(4);
    for (const c of rep.cells) expect(typeof c.converged).toBe('boolean');
    expect(rep.figures).toHaveLength(1);
  });

  it('rejects bad options with exit code 2 and a message naming the option', async () => {
    for (const [args, text] of [
      [['eqprop-iris', '--set', 'synapse=nope'], 'synapse=nope: expected one of ideal, hp'],
      [['eqprop-iris', '--set', 'range=10'], 'need memristive synapses'],
      [['eqprop-iris', '--set', 'synapse=hp', '--set', 'range=1'], 'greater than 1'],
      [['eqprop-iris', '--set', 'rule=cubic'], 'rule=cubic'],
      [['eqprop-iris', '--set', 'colour=red'], 'unknown option --set colour'],
      [['eqprop-range', '--set', 'models=hp,foo'], "unknown model 'foo'"],
    ] as const) {
      const r = await cli('experiment', 'run', ...args, '--quick', '--out', dir);
      expect(r.code).toBe(2);
      expect(r.err).toContain(text);
    }
  });
});
