/**
 * Plugins end to end through the CLI: `plugin check` on the in-repo example and on freshly scaffolded
 * packages, manifest errors (exit 2), code that disagrees with its manifest or fails conformance
 * (exit 1), and `run --plugins` with the example's device in a SPICE netlist and a JSON network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { defaultRegistry } from '../../src/node/load.js';
import { readPluginPackage } from '../../src/node/plugin-load.js';
import { PluginCatalog } from '../../src/node/plugin-catalog.js';

const ROOT = join(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'plugins/examples');
const CHANG = join(EXAMPLES, 'chang2011');


/** A copy of the scaffolded package in a fresh temp dir, with package.json edited by `edit`. */
interface Pkg {
  memflow: { apiVersion: string; main?: string; devices: { id: string; kind: string; params: Record<string, { default: number }>; spice?: unknown }[] };
}

async function scaffold(edit?: (pkg: Pkg) => void, source?: (text: string) => string): Promise<string> {
  const parent = mkdtempSync(join(tmpdir(), 'memflow-plugin-'));
  const r = await cli('plugin', 'new', 'demo-dev', '--dir', parent);
  expect(r.code).toBe(0);
  const dir = join(parent, 'demo-dev');
  if (edit) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    edit(pkg);
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  }
  if (source) writeFileSync(join(dir, 'src/index.js'), source(readFileSync(join(dir, 'src/index.js'), 'utf8')));
  return dir;
}

describe('memflow plugin check', () => {
  it('passes the in-repo example, loaded confined', async () => {
    const r = await cli('plugin', 'check', CHANG);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/manifest ok, 1 device: chang2011.wox/);
    expect(r.out).toMatch(/confined: SES Compartment in its own worker/);
    for (const name of ['declaration', 'finite outputs', 'derivatives', 'determinism', 'zero current at zero voltage', 'states stay in bounds', 'pinched hysteresis']) {
      expect(r.out).toMatch(new RegExp(`ok {4}${name}:`));
    }
    expect(r.out).toMatch(/PASS: memflow-plugin-chang2011/);
  });

  it('accepts a freshly scaffolded package out of the box', async () => {
    const dir = await scaffold();
    for (const f of ['package.json', 'src/index.js', 'README.md', 'test/check.mjs']) expect(readFileSync(join(dir, f), 'utf8').length).toBeGreaterThan(0);
    const r = await cli('plugin', 'check', dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PASS: memflow-plugin-demo-dev/);
  });

  it('refuses to scaffold over a non-empty directory or with a bad name', async () => {
    const dir = await scaffold();
    const again = await cli('plugin', 'new', 'demo-dev', '--dir', join(dir, '..'));
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists and is not empty/);
    expect((await cli('plugin', 'new', 'Bad Name')).err).toMatch(/use lowercase letters/);
  });

  it('exits 2 with a clear message for an incompatible apiVersion', async () => {
    const dir = await scaffold((pkg) => (pkg.memflow.apiVersion = '^2.0.0'));
    const r = await cli('plugin', 'check', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs memflow plugin API \^2.0.0, but this memflow implements API 1\.0\.0; upgrade memflow/);
  });

  it('exits 2 for a malformed manifest, naming the fields, without running the code', async () => {
    const dir = await scaffold(
      (pkg) => {
        delete pkg.memflow.main;
        pkg.memflow.devices[0].kind = 'gizmo';
      },
      () => 'throw new Error("must not run");\n',
    );
    const r = await cli('plugin', 'check', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/memflow.main:/);
    expect(r.err).toMatch(/memflow.devices.0.kind:/);
    expect(r.err).not.toMatch(/must not run/);
    const none = mkdtempSync(join(tmpdir(), 'memflow-plugin-'));
    writeFileSync(join(none, 'package.json'), '{"name":"x"}');
    expect((await cli('plugin', 'check', none)).err).toMatch(/no "memflow" manifest/);
    expect((await cli('plugin', 'check', join(none, 'missing'))).code).toBe(2);
  });

  it('exits 4 when the code disagrees with the manifest', async () => {
    const dir = await scaffold((pkg) => {
      pkg.memflow.devices[0].params.k.default = 20;
      delete pkg.memflow.devices[0].params.x0;
    });
    const r = await cli('plugin', 'check', dir);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/parameter 'k'.default: manifest 20, code 10/);
    expect(r.err).toMatch(/parameter 'x0' is in the code but not in the manifest/);
  });

  it('exits 4 when a conformance check fails, showing which', async () => {
    // A current that does not vanish at v = 0: no pinched loop.
    const dir = await scaffold(undefined, (text) => text.replace('return m.div(v, r);', 'return m.add(m.div(v, r), 1e-6);'));
    const r = await cli('plugin', 'check', dir);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/FAIL {2}zero current at zero voltage/);
    expect(r.err).toMatch(/FAIL {2}pinched hysteresis/);
    expect(r.err).toMatch(/FAIL: memflow-plugin-demo-dev/);
  });

  it('exits 4 when the module throws on import', async () => {
    const dir = await scaffold(undefined, () => 'throw new Error("boom");\n');
    const r = await cli('plugin', 'check', dir);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/loading .*index.js failed: boom/);
  });

  it('reads the example manifest', () => {
    expect(readPluginPackage(CHANG).manifest.devices.map((d) => d.id)).toEqual(['chang2011.wox']);
  });
});

describe('memflow run --plugins', () => {
  it('runs the example device from a SPICE netlist (YMEMRISTOR, .model level=chang2011)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-plugin-run-'));
    const csv = join(dir, 'out.csv');
    const r = await cli('run', join(CHANG, 'examples/sine.cir'), '--plugins', EXAMPLES, '--csv', csv, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/x\(y1\.w\)/);
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    const w = rows.map((row) => row[row.length - 1]);
    expect(Math.max(...w)).toBeGreaterThan(0.9);
    expect(Math.min(...w)).toBeLessThan(0.1);
  });

  it('runs the example device from a JSON network, with the package dir itself', async () => {
    const r = await cli('run', join(CHANG, 'examples/sine.json'), '--plugins', CHANG);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/x\(y1\.w\)/);
  });

  it('the example at rest loses its state as w0·exp(−t/τ) (the diffusion term), through a JSON network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-plugin-run-'));
    const file = join(dir, 'rest.json');
    const network = {
      format: 'memflow.network/v1',
      title: 'Chang 2011 device at rest',
      elements: [
        { id: 'v1', device: 'vsource', nodes: ['a', '0'], source: { dc: 0 } },
        { id: 'y1', device: 'chang2011.wox', nodes: ['a', '0'], params: { tau: 0.5, w0: 0.8 } },
      ],
      analyses: [{ type: 'tran', tstep: 0.01, tstop: 2, uic: true }],
      outputs: ['x(y1.w)'],
    };
    writeFileSync(file, JSON.stringify(network));
    const csv = join(dir, 'rest.csv');
    const r = await cli('run', file, '--plugins', CHANG, '--csv', csv, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(rows[rows.length - 1][0]).toBeCloseTo(2, 12);
    for (const [t, w] of rows) expect(Math.abs(w - 0.8 * Math.exp(-t / 0.5))).toBeLessThan(1e-3 * 0.8);
  });

  it('characterises the example device (memflow characterise MODEL --plugins DIR)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'memflow-plugin-char-'));
    const r = await cli('characterise', 'chang2011.wox', '--plugins', CHANG, '--freq', '1', '--cycles', '1', '--json', '--out', out);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { model: string; frequencies: { pinchError: number; lobeAreaTotal: number }[] };
    expect(summary.model).toBe('chang2011.wox');
    // A memristor's loop is pinched: zero current at zero voltage, and it encloses area.
    expect(summary.frequencies[0].pinchError).toBeLessThan(1e-12);
    expect(summary.frequencies[0].lobeAreaTotal).toBeGreaterThan(0);
  });

  it('without --plugins the level is unknown', async () => {
    const r = await cli('run', join(CHANG, 'examples/sine.cir'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown level 'chang2011'/);
  });

  it('a plugin may not replace a built-in model, and a directory without plugins is an error', async () => {
    const dir = await scaffold(
      (pkg) => (pkg.memflow.devices[0].id = 'memristor.hp'),
      (text) => text.replace("id: 'demo_dev.memristor'", "id: 'memristor.hp'"),
    );
    // Known from the manifest: refused without loading the code.
    expect(() => defaultRegistry(PluginCatalog.read({ dirs: [dir], discover: false }).declared)).toThrow(/'memristor.hp' is already registered; a plugin cannot replace it/);
    const r1 = await cli('run', join(CHANG, 'examples/sine.cir'), '--plugins', dir);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/cannot replace it/);
    // Nor take over a built-in's SPICE spelling: `.model m memristor level=hp` must keep meaning memristor.hp.
    // Declared in the manifest, the clash is found without running the plugin's code...
    const hp = (text: string) => text.replace("spice: { level: ['demo_dev'] }", "spice: { level: ['hp'] }");
    const squatter = await scaffold((pkg) => (pkg.memflow.devices[0].spice = { letter: 'Y', modelType: 'memristor', level: ['hp'] }), (text) => `throw new Error('must not run');\n${hp(text)}`);
    const r2 = await cli('run', join(CHANG, 'examples/sine.cir'), '--plugins', squatter);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/device model 'demo_dev.memristor' uses level=hp, which already selects 'memristor.hp'; a plugin cannot take over another model's SPICE spelling/);
    expect(r2.err).not.toMatch(/must not run/);
    // ...and from the code, when the manifest declares no spelling (loaded for a spelling nothing declares).
    const unspelled = await scaffold((pkg) => delete pkg.memflow.devices[0].spice, hp);
    const r3 = await cli('run', join(CHANG, 'examples/sine.cir'), '--plugins', unspelled);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/device model 'demo_dev.memristor' uses level=hp, which already selects 'memristor.hp'; a plugin cannot take over another model's SPICE spelling/);
    const empty = mkdtempSync(join(tmpdir(), 'memflow-plugin-'));
    const r = await cli('run', join(CHANG, 'examples/sine.cir'), '--plugins', empty);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no plugin package here/);
  });
});

// The built CLI (bundled, with its own copy of the SDK) loading the example, which imports
// '@memflow/plugin-sdk' as any package would: Node resolves it through the workspace to plugins/sdk/dist.
// Needs `npm run build` (which `npm test` runs first).
const BUNDLE = join(ROOT, 'core/dist/node/memflow.bundle.mjs');
describe('built CLI', () => {
  beforeAll(() => {
    // Fail, not skip: a missing build must not pass for a working one.
    if (!existsSync(BUNDLE) || !existsSync(join(ROOT, 'plugins/sdk/dist/index.js'))) throw new Error('the CLI is not built: run `npm run build` (npm test does)');
  });

  it('memflow plugin check plugins/examples/chang2011 exits 0 in a child process', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'core/bin/memflow.js'), 'plugin', 'check', 'plugins/examples/chang2011'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/PASS: memflow-plugin-chang2011/);
  });

  it('memflow run netlist.cir --plugins plugins/examples in a child process', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'core/bin/memflow.js'), 'run', 'plugins/examples/chang2011/examples/sine.cir', '--plugins', 'plugins/examples'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/x\(y1\.w\)\s+0\.00000\s+0\.00000\s+1\.00000/);
  });
});
