/**
 * Plugins are loaded when used: a command reads every discovered manifest, but starts a plugin's worker
 * only for a device a network (or `models --json`, `characterise`) actually needs. Proved two ways: the
 * catalog's own list of loaded plugins, and plugins whose code throws at load — they would stop any
 * command that ran them, so a command that succeeds did not.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { loadSpiceNetwork } from '../../src/node/load.js';
import { PluginCatalog } from '../../src/node/plugin-catalog.js';
import { readWithPlugins } from '../../src/node/plugins/used.js';
import { simulate } from '../../src/common/solver/simulate.js';

const ROOT = join(__dirname, '../../..');
const CHANG = join(ROOT, 'plugins/examples/chang2011');
const HYSTERESIS = join(ROOT, 'fixtures/examples/hysteresis.cir');

interface Manifest {
  name: string;
  memflow: { devices: { id: string; spice?: { letter: string; modelType: string; level: string[] } }[] };
}

/**
 * A copy of the example as `dir/name`: package `memflow-plugin-NAME`, device `NAME.wox`, spelled
 * `level=NAME`; its code throws at load when `throws`; `edit` changes the manifest last.
 */
function copy(dir: string, name: string, options: { throws?: boolean; edit?: (pkg: Manifest) => void } = {}): string {
  const to = join(dir, name);
  cpSync(CHANG, to, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(to, 'package.json'), 'utf8')) as Manifest;
  pkg.name = `memflow-plugin-${name}`;
  pkg.memflow.devices[0].id = `${name}.wox`;
  pkg.memflow.devices[0].spice!.level = [name];
  options.edit?.(pkg);
  writeFileSync(join(to, 'package.json'), JSON.stringify(pkg));
  const code = readFileSync(join(to, 'src/index.js'), 'utf8').replace("id: 'chang2011.wox'", `id: '${name}.wox'`).replace("level: ['chang2011']", `level: ['${name}']`);
  writeFileSync(join(to, 'src/index.js'), options.throws ? `throw new Error('the code of ${name} ran');\n${code}` : code);
  return to;
}

/** The example's sine netlist with its model card spelled `level=LEVEL`. */
function sine(level: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'memflow-lazy-')), `${level}.cir`);
  writeFileSync(file, readFileSync(join(CHANG, 'examples/sine.cir'), 'utf8').replace('level=chang2011', `level=${level}`).replace('.tran 1m 2 0 1m uic', '.tran 1m 0.5 0 1m uic'));
  return file;
}

const saved = process.env.MEMFLOW_PLUGINS_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.MEMFLOW_PLUGINS_DIR;
  else process.env.MEMFLOW_PLUGINS_DIR = saved;
});

describe('the catalog loads only what a network uses', () => {
  it('four plugins discovered: a netlist using none starts no worker; one using one starts exactly that one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-lazy-'));
    for (const name of ['wa', 'wb', 'wc', 'wd']) copy(dir, name);
    const catalog = PluginCatalog.read({ dirs: [dir], discover: false });
    try {
      expect(catalog.declared.map((m) => m.id)).toEqual(['wa.wox', 'wb.wox', 'wc.wox', 'wd.wox']);
      const none = await readWithPlugins(catalog, (r) => loadSpiceNetwork(HYSTERESIS, r));
      expect(none.network.elements.length).toBeGreaterThan(0);
      expect(catalog.loaded).toEqual([]);
      const one = await readWithPlugins(catalog, (r) => loadSpiceNetwork(sine('wc'), r));
      expect(catalog.loaded.map((l) => l.plugin.name)).toEqual(['memflow-plugin-wc']);
      // The registry now holds wc's code: the run gives the same bits as the example itself, loaded eagerly.
      const result = simulate(one.network, one.registry.lookup, one.network.analyses![0]);
      const reference = PluginCatalog.read({ dirs: [CHANG], discover: false });
      try {
        const ref = await readWithPlugins(reference, (r) => loadSpiceNetwork(sine('chang2011'), r));
        const expected = simulate(ref.network, ref.registry.lookup, ref.network.analyses![0]);
        expect(result.data.map((c) => Array.from(c))).toEqual(expected.data.map((c) => Array.from(c)));
      } finally {
        await reference.close();
      }
      // Used again: loaded once.
      await readWithPlugins(catalog, (r) => loadSpiceNetwork(sine('wc'), r));
      expect(catalog.loaded).toHaveLength(1);
    } finally {
      await catalog.close();
    }
  });

  it('a manifest without a spelling (API 1 as first published) is still found from a netlist, by loading the unspelled plugins only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-lazy-'));
    copy(dir, 'spelled');
    copy(dir, 'unspelled', { edit: (pkg) => delete pkg.memflow.devices[0].spice });
    const catalog = PluginCatalog.read({ dirs: [dir], discover: false });
    try {
      await readWithPlugins(catalog, (r) => loadSpiceNetwork(HYSTERESIS, r));
      expect(catalog.loaded).toEqual([]);
      const { network } = await readWithPlugins(catalog, (r) => loadSpiceNetwork(sine('unspelled'), r));
      expect(network.models!.wox.device).toBe('unspelled.wox');
      expect(catalog.loaded.map((l) => l.plugin.name)).toEqual(['memflow-plugin-unspelled']);
    } finally {
      await catalog.close();
    }
    // characterise by that level finds it too.
    const out = mkdtempSync(join(tmpdir(), 'memflow-lazy-char-'));
    const r = await cli('characterise', 'unspelled', '--plugins', dir, '--freq', '1', '--cycles', '1', '--json', '--out', out);
    expect(r.err).toBe('');
    expect((JSON.parse(r.out) as { model: string }).model).toBe('unspelled.wox');
  });
});

describe('through the CLI, with plugins whose code throws at load', () => {
  const throwers = () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-lazy-'));
    for (const name of ['ta', 'tb', 'tc', 'td']) copy(dir, name, { throws: true });
    copy(dir, 'good');
    return dir;
  };

  it('memflow run of a netlist that uses none of them succeeds: none was loaded', async () => {
    const r = await cli('run', HYSTERESIS, '--quiet', '--plugins', throwers());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('a netlist using the good one runs, loading only it; one using a thrower gets its clear error and no other', async () => {
    const dir = throwers();
    const good = await cli('run', sine('good'), '--quiet', '--plugins', dir);
    expect(good.err).toBe('');
    expect(good.code).toBe(0);
    const bad = await cli('run', sine('tb'), '--quiet', '--plugins', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: memflow-plugin-tb: loading .*tb\/src\/index\.js failed: the code of tb ran\n$/);
  });

  it('a JSON network naming a thrower device gets its error; the user directory behaves alike, without warnings for unused plugins', async () => {
    process.env.MEMFLOW_PLUGINS_DIR = throwers();
    expect(await cli('run', HYSTERESIS, '--quiet')).toEqual({ code: 0, out: '', err: '' });
    const json = join(mkdtempSync(join(tmpdir(), 'memflow-lazy-')), 'tc.json');
    writeFileSync(json, readFileSync(join(CHANG, 'examples/sine.json'), 'utf8').replace('"chang2011.wox"', '"tc.wox"'));
    const r = await cli('run', json, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/memflow-plugin-tc: loading .* failed: the code of tc ran/);
    expect(r.err).not.toMatch(/the code of t[abd] ran/);
  });

  it('memflow models lists the plugin devices from their manifests; --json loads them (and so meets the throw)', async () => {
    const dir = throwers();
    const table = await cli('models', '--plugins', dir);
    expect(table.code).toBe(0);
    expect(table.err).toBe('');
    for (const name of ['ta', 'tb', 'good']) expect(table.out).toMatch(new RegExp(`^${name}\\.wox +memristor +Y \\.model memristor level=${name} +Chang et al\\. 2011 WOx memristor$`, 'm'));
    expect(table.out).toMatch(/^ {4}tau +?= 10 +s +>= 1e-9/m);
    const json = await cli('models', '--json', '--plugins', dir);
    expect(json.code).toBe(2);
    expect(json.err).toMatch(/the code of ta ran/);
    // From the user directory, plugins that cannot load are skipped with a warning, as before lazy loading.
    process.env.MEMFLOW_PLUGINS_DIR = dir;
    const user = await cli('models', '--json');
    expect(user.code).toBe(0);
    expect(user.err.match(/warning: skipped the plugin in .*\/t[a-d] \(user directory\): memflow-plugin-t[a-d]: loading .* failed: the code of t[a-d] ran/g)).toHaveLength(4);
    expect((JSON.parse(user.out) as { models: { id: string }[] }).models.map((m) => m.id)).toContain('good.wox');
    delete process.env.MEMFLOW_PLUGINS_DIR;
    // Named, only that plugin is loaded: the throwers beside it are not.
    const one = await cli('models', 'good.wox', '--json', '--plugins', dir);
    expect(one.err).toBe('');
    expect((JSON.parse(one.out) as { models: { id: string; terminals: string[] }[] }).models).toMatchObject([{ id: 'good.wox', terminals: ['p', 'n'] }]);
    const goodOnly = mkdtempSync(join(tmpdir(), 'memflow-lazy-'));
    copy(goodOnly, 'good');
    const full = JSON.parse((await cli('models', '--json', '--plugins', goodOnly)).out) as { models: { id: string; terminals: string[] }[] };
    expect(full.models.find((m) => m.id === 'good.wox')!.terminals).toEqual(['p', 'n']);
  });

  it('memflow characterise of a plugin device loads that plugin only', async () => {
    const out = mkdtempSync(join(tmpdir(), 'memflow-lazy-char-'));
    const r = await cli('characterise', 'good.wox', '--plugins', throwers(), '--freq', '1', '--cycles', '1', '--json', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { model: string }).model).toBe('good.wox');
  });
});

describe('manifest and code must agree on the spelling', () => {
  it('a spelling that differs from the code is the existing clear mismatch error, when the plugin is used and in plugin check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-lazy-'));
    const pkg = copy(dir, 'liar', { edit: (p) => (p.memflow.devices[0].spice!.level = ['fib']) });
    const r = await cli('run', sine('fib'), '--quiet', '--plugins', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/memflow-plugin-liar: the code does not match the manifest:\n {2}device 'liar.wox': spice.level: manifest \["fib"\], code \["liar"\]/);
    const check = await cli('plugin', 'check', pkg);
    expect(check.code).toBe(4);
    expect(check.err).toMatch(/spice.level: manifest \["fib"\], code \["liar"\]/);
  });

  it('a malformed spelling is refused with the manifest errors, before any code runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-lazy-'));
    copy(dir, 'bad', { throws: true, edit: (p) => (p.memflow.devices[0].spice = { letter: 'ymemristor', modelType: 'memristor', level: [] }) });
    const r = await cli('run', HYSTERESIS, '--quiet', '--plugins', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/memflow\.devices\.0\.spice\.letter: must be one uppercase letter/);
    expect(r.err).toMatch(/memflow\.devices\.0\.spice\.level: a plugin model needs a level of its own/);
    expect(r.err).not.toMatch(/the code of bad ran/);
  });
});
