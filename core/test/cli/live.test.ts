/**
 * The runtime's commands through main(): `run --until --snapshot` + `resume` give exactly the CSV rows
 * of an uninterrupted `run --csv`; `sweep` writes the same files for 1 and 2 workers; bad input exits 2
 * with what to write. The sweep uses the built worker (dist/): `npm test` builds first.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/node/cli.js';

const ROOT = join(__dirname, '../../..');
const REFERENCE = join(ROOT, 'fixtures/reference');

function io(): CliIo & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), text: () => out, errors: () => err };
}

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('memflow run --until --snapshot / resume', () => {
  for (const name of ['rc_pulse', 'pd_memristor']) {
    it(`${name}: the rows before the snapshot and the resumed rows are the uninterrupted run's CSV`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'memflow-live-'));
      const file = join(REFERENCE, `${name}.cir`);
      expect(await main(['run', file, '--quiet', '--csv', join(dir, 'full.csv')], io())).toBe(0);
      const full = lines(join(dir, 'full.csv'));
      const tran = full.length;
      const cut = Number(full[Math.floor(tran / 3)].split(',')[0]);
      expect(await main(['run', file, '--quiet', '--until', String(cut), '--snapshot', join(dir, 's.bin'), '--csv', join(dir, 'a.csv')], io())).toBe(0);
      const o = io();
      expect(await main(['resume', join(dir, 's.bin'), '--csv', join(dir, 'b.csv')], o)).toBe(0);
      expect(o.text()).toMatch(/resumed .* points to t = .* \(done\)/);
      const a = lines(join(dir, 'a.csv'));
      const b = lines(join(dir, 'b.csv'));
      expect(a[0]).toBe(full[0]);
      expect(b[0]).toBe(full[0]);
      expect(a.length).toBeGreaterThan(10);
      expect(b.length).toBeGreaterThan(10);
      expect([...a, ...b.slice(1)]).toEqual(full);
    });
  }

  it('a resume can stop and snapshot again; bad snapshots and options exit 2 with a message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-live-'));
    const file = join(REFERENCE, 'rc_pulse.cir');
    expect(await main(['run', file, '--quiet', '--csv', join(dir, 'full.csv')], io())).toBe(0);
    const full = lines(join(dir, 'full.csv'));
    const [t1, t2] = [Number(full[Math.floor(full.length / 4)].split(',')[0]), Number(full[Math.floor(full.length / 2)].split(',')[0])];
    expect(await main(['run', file, '-q', '--until', String(t1), '--snapshot', join(dir, '1.bin'), '--csv', join(dir, 'a.csv')], io())).toBe(0);
    expect(await main(['resume', join(dir, '1.bin'), '-q', '--until', String(t2), '--snapshot', join(dir, '2.bin'), '--csv', join(dir, 'b.csv')], io())).toBe(0);
    expect(await main(['resume', join(dir, '2.bin'), '-q', '--csv', join(dir, 'c.csv')], io())).toBe(0);
    expect([...lines(join(dir, 'a.csv')), ...lines(join(dir, 'b.csv')).slice(1), ...lines(join(dir, 'c.csv')).slice(1)]).toEqual(full);

    writeFileSync(join(dir, 'junk.bin'), 'not a snapshot');
    const bad = io();
    expect(await main(['resume', join(dir, 'junk.bin')], bad)).toBe(2);
    expect(bad.errors()).toMatch(/junk\.bin: not a memflow snapshot.*memflow run FILE --until T --snapshot/);
    const e1 = io();
    expect(await main(['run', file, '--until', '1'], e1)).toBe(2);
    expect(e1.errors()).toMatch(/--until T and --snapshot FILE go together/);
    const e2 = io();
    expect(await main(['run', file, '--until', '99', '--snapshot', join(dir, 'x.bin')], e2)).toBe(2);
    expect(e2.errors()).toMatch(/--until must be between 0 and the stop time/);
  });
});

describe('memflow sweep', () => {
  it('writes bit-identical point CSVs and summary for 1 and 2 workers; bad input exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-sweep-'));
    const file = join(REFERENCE, 'rc_pulse.cir');
    const args = (out: string, workers: number) => ['sweep', file, '--param', 'r1.r=1k:2k:3', '--param', 'c1.c=0.5u:1u:2', '--workers', String(workers), '--out', out, '-q'];
    expect(await main(args(join(dir, 'one'), 1), io())).toBe(0);
    expect(await main(args(join(dir, 'two'), 2), io())).toBe(0);
    const files = readdirSync(join(dir, 'one')).sort();
    expect(files).toEqual([...Array.from({ length: 6 }, (_, k) => `point-000${k + 1}.csv`), 'summary.csv']);
    for (const f of files) expect(readFileSync(join(dir, 'two', f), 'utf8')).toBe(readFileSync(join(dir, 'one', f), 'utf8'));
    const summary = lines(join(dir, 'one', 'summary.csv'));
    expect(summary[0]).toBe('point,r1.r,c1.c,status,final v(out),final i(v1),message');
    expect(summary.slice(1).map((l) => l.split(',').slice(1, 4).join(' '))).toEqual([
      '1.000000000000e+3 5.000000000000e-7 ok',
      '1.000000000000e+3 1.000000000000e-6 ok',
      '1.500000000000e+3 5.000000000000e-7 ok',
      '1.500000000000e+3 1.000000000000e-6 ok',
      '2.000000000000e+3 5.000000000000e-7 ok',
      '2.000000000000e+3 1.000000000000e-6 ok',
    ]);
    for (const [bad, message] of [
      [['--param', 'r1.r=1k:2k'], /write ELEMENT\.PARAM=START:STOP:COUNT/],
      [['--param', 'r9.r=1k:2k:2'], /no element 'r9'/],
      [['--param', 'r1.r=-1k:2k:2'], /parameter 'r' = -1000 is outside/],
      [['--param', 'r1.r=1k:2k:2', '--workers', '0'], /--workers must be a positive integer/],
    ] as const) {
      const o = io();
      expect(await main(['sweep', file, ...bad, '--out', join(dir, 'bad')], o)).toBe(2);
      expect(o.errors()).toMatch(message);
    }
  });
});

describe('memflow experiment run self-wiring', () => {
  it('reports what grew and was pruned, the worst KCL residual, and writes the conductance plot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-selfwiring-'));
    const o = io();
    expect(await main(['experiment', 'run', 'self-wiring', '--json', '--out', dir], o)).toBe(0);
    const report = JSON.parse(o.text());
    expect(report.grown).toEqual(['syn_n1_n2', 'syn_n2_n3']);
    expect(report.pruned).toEqual(['syn_n3_n4']);
    expect(report.synapses).toEqual(['syn_n1_n3', 'syn_n1_n2', 'syn_n2_n3']);
    expect(report.kclWorstAmps).toBeLessThan(1e-11);
    expect(report.points).toBeGreaterThan(500);
    expect(readFileSync(report.figures[0], 'utf8')).toMatch(/^<svg[\s\S]*syn_n2_n3[\s\S]*<\/svg>/);
  });
});
