/**
 * Sweeps over a network with a plugin device: each pool worker loads the plugin, confined, when its
 * first job needs it. 1 and 2 workers give bit-identical results, equal to the in-process run; the
 * swept parameter really reaches the plugin (its state at rest decays as w0·exp(−t/τ)).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweepPoint, type SweepJob, type SweepOutcome, type SweepPointInput, type SweepPointResult } from '../../src/index.js';
import type { DeviceRegistry } from '../../src/common/compiler/index.js';
import type { Network } from '../../src/common/network/types.js';
import { loadNetwork } from '../../src/node/load.js';
import { PluginCatalog } from '../../src/node/plugin-catalog.js';
import { pluginWorkerFile } from '../../src/node/plugins/host.js';
import { readWithPlugins } from '../../src/node/plugins/used.js';
import { sweepExecutor } from '../../src/node/sweep/index.js';
import { cli } from '../helpers/cli.js';
import { sameBits } from '../runtime/helpers.js';

const ROOT = join(__dirname, '../../..');
const CHANG = join(ROOT, 'plugins/examples/chang2011');

/** The example device at rest (0 V) from w0 = 0.8, 1 s: dw/dt = −w/τ. */
function restNetwork(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'memflow-sweep-plugin-')), 'rest.json');
  const network = {
    format: 'memflow.network/v1',
    title: 'Chang 2011 device at rest',
    elements: [
      { id: 'v1', device: 'vsource', nodes: ['a', '0'], source: { dc: 0 } },
      { id: 'y1', device: 'chang2011.wox', nodes: ['a', '0'], params: { w0: 0.8 } },
    ],
    analyses: [{ type: 'tran', tstep: 0.01, tstop: 1, uic: true }],
    outputs: ['x(y1.w)'],
  };
  writeFileSync(file, JSON.stringify(network));
  return file;
}

const TAUS = [0.25, 0.5, 1, 2];
let catalog: PluginCatalog;
let network: Network;
let registry: DeviceRegistry;
const executors: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  catalog = PluginCatalog.read({ dirs: [CHANG], discover: false });
  ({ network, registry } = await readWithPlugins(catalog, (r) => loadNetwork(restNetwork(), r)));
});
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await catalog.close();
});

describe('a sweep over a plugin device', () => {
  it('1 and 2 workers give bit-identical results, equal to the in-process run and to w0·exp(−t/τ)', async () => {
    const jobs: SweepJob<SweepPointInput>[] = TAUS.map((tau, k) => ({ id: `p${k}`, input: { network, set: { 'y1.tau': tau } } }));
    const results: SweepOutcome<SweepPointResult>[][] = [];
    for (const workers of [1, 2]) {
      const ex = sweepExecutor({ workers, plugins: { dirs: [CHANG], workerFile: pluginWorkerFile() } });
      executors.push(ex);
      results.push(await ex.run(jobs));
    }
    const [one, two] = results;
    jobs.forEach((job, k) => {
      const a = one[k];
      const b = two[k];
      if (!a.ok || !b.ok) throw new Error(`point ${k} failed: ${!a.ok ? a.message : ''} ${!b.ok ? b.message : ''}`);
      const local = runSweepPoint(job.input, registry.lookup);
      expect(a.result.columns).toEqual(['time', 'x(y1.w)']);
      for (let c = 0; c < 2; c++) {
        expect(sameBits(a.result.data[c], b.result.data[c])).toBe(true);
        expect(sameBits(a.result.data[c], local.data[c])).toBe(true);
      }
      const [t, w] = a.result.data;
      for (let i = 0; i < t.length; i++) expect(Math.abs(w[i] - 0.8 * Math.exp(-t[i] / TAUS[k]))).toBeLessThan(1e-3 * 0.8);
    });
  });

  it('a plugin that cannot load fails each job that needs it with its message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-sweep-plugin-'));
    cpSync(CHANG, join(dir, 'chang2011'), { recursive: true });
    const main = join(dir, 'chang2011/src/index.js');
    writeFileSync(main, `throw new Error('cannot load here');\n${readFileSync(main, 'utf8')}`);
    const ex = sweepExecutor({ workers: 1, plugins: { dirs: [join(dir, 'chang2011')], workerFile: pluginWorkerFile() } });
    executors.push(ex);
    const [o] = await ex.run([{ id: 'p0', input: { network, set: { 'y1.tau': 1 } } }]);
    expect(o).toMatchObject({ id: 'p0', ok: false, kind: 'threw' });
    expect(!o.ok && o.message).toMatch(/memflow-plugin-chang2011: loading .* failed: cannot load here/);
  });

  it('memflow sweep --plugins runs it through the CLI, with the same final states as w0·exp(−1/τ)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'memflow-sweep-plugin-out-'));
    const r = await cli('sweep', restNetwork(), '--param', 'y1.tau=0.5:1:2', '--workers', '2', '--plugins', CHANG, '--out', out, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.map((row) => row[2])).toEqual(['ok', 'ok']);
    for (const row of rows) expect(Math.abs(Number(row[3]) - 0.8 * Math.exp(-1 / Number(row[1])))).toBeLessThan(1e-3 * 0.8);
  });
});
