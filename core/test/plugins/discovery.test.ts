/**
 * Where plugins are found: --plugins, the per-user directory (MEMFLOW_PLUGINS_DIR, XDG_DATA_HOME,
 * ~/.memflow/plugins) and installed npm dependencies; manifests read without running plugin code;
 * semver-checked apiVersion; unusable discovered plugins skipped with a message.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { apiVersionProblem } from '../../src/node/plugin-load.js';
import { PluginCatalog } from '../../src/node/plugin-catalog.js';
import { defaultRegistry } from '../../src/node/load.js';
import { discoverPlugins, userPluginDir } from '../../src/node/plugins/discover.js';
import { listPlugins } from '../../src/node/plugin-list.js';

const ROOT = join(__dirname, '../../..');
const CHANG = join(ROOT, 'plugins/examples/chang2011');
const SINE = join(CHANG, 'examples/sine.cir');


const temp = () => mkdtempSync(join(tmpdir(), 'memflow-discover-'));

/** A copy of the example package at dir/name, its manifest edited by `edit`, its code replaced by `code`. */
function copyChang(dir: string, name: string, edit?: (pkg: { name: string; memflow: { apiVersion: string; devices: { id: string; spice?: unknown }[] } }) => void, code?: string): string {
  const to = join(dir, name);
  cpSync(CHANG, to, { recursive: true });
  const file = join(to, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  edit?.(pkg);
  writeFileSync(file, JSON.stringify(pkg));
  if (code !== undefined) writeFileSync(join(to, 'src/index.js'), code);
  return to;
}

const saved = process.env.MEMFLOW_PLUGINS_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.MEMFLOW_PLUGINS_DIR;
  else process.env.MEMFLOW_PLUGINS_DIR = saved;
});

describe('the per-user plugin directory', () => {
  it('is MEMFLOW_PLUGINS_DIR, else $XDG_DATA_HOME/memflow/plugins, else ~/.memflow/plugins', () => {
    expect(userPluginDir({ MEMFLOW_PLUGINS_DIR: '/a/b', XDG_DATA_HOME: '/x' })).toBe('/a/b');
    expect(userPluginDir({ XDG_DATA_HOME: '/x' })).toBe('/x/memflow/plugins');
    expect(userPluginDir({})).toBe(join(homedir(), '.memflow', 'plugins'));
  });

  it('a plugin installed there is used by `memflow run` without --plugins', async () => {
    const dir = temp();
    process.env.MEMFLOW_PLUGINS_DIR = dir;
    expect((await cli('run', SINE, '--quiet')).err).toMatch(/unknown level 'chang2011'/);
    copyChang(dir, 'chang2011');
    const r = await cli('run', SINE, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('an unusable plugin there is skipped with a warning naming it and why; runs that do not need it go on', async () => {
    const dir = temp();
    process.env.MEMFLOW_PLUGINS_DIR = dir;
    copyChang(dir, 'future', (pkg) => (pkg.memflow.apiVersion = '^2.0.0'));
    copyChang(dir, 'broken', (pkg) => (pkg.name = 'memflow-plugin-broken'), 'throw new Error("must not stop other runs");\n');
    const r = await cli('run', join(ROOT, 'fixtures/examples/hysteresis.cir'), '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: skipped the plugin in .*future \(user directory\): .*needs memflow plugin API \^2\.0\.0, but this memflow implements API 1\.0\.0; upgrade memflow/);
    // The broken one's manifest is fine and the circuit does not use it: its code is never run
    // (lazy.test.ts: a run that uses it gets its error).
    expect(r.err).not.toMatch(/broken/);
  });
});

describe('installed npm packages', () => {
  it('dependencies of ./package.json with a memflow manifest are found, others ignored, scoped ones included', async () => {
    const project = temp();
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '@lab'), { recursive: true });
    copyChang(modules, 'memflow-plugin-chang2011');
    copyChang(join(modules, '@lab'), 'wox', (pkg) => {
      pkg.name = '@lab/wox';
      pkg.memflow.devices[0].id = 'lab.wox';
      pkg.memflow.devices[0].spice = { letter: 'Y', modelType: 'memristor', level: ['labwox'] };
    }, "export { activate } from './activate.js';\n");
    writeFileSync(
      join(modules, '@lab/wox/src/activate.js'),
      readFileSync(join(CHANG, 'src/index.js'), 'utf8').replace("id: 'chang2011.wox'", "id: 'lab.wox'").replace("level: ['chang2011']", "level: ['labwox']").replace('export const devices = [chang2011];', 'export const activate = () => [chang2011];'),
    );
    mkdirSync(join(modules, 'left-pad'));
    writeFileSync(join(modules, 'left-pad/package.json'), '{"name":"left-pad","version":"1.0.0"}');
    copyChang(modules, 'not-a-dependency');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ dependencies: { 'memflow-plugin-chang2011': '1.0.0', 'left-pad': '1.0.0' }, devDependencies: { '@lab/wox': '1.0.0' } }));
    const env = { MEMFLOW_PLUGINS_DIR: temp() };
    const found = discoverPlugins({ cwd: project, env });
    expect(found.map((f) => [f.dir.slice(modules.length + 1), f.source])).toEqual([
      ['@lab/wox', 'npm package'],
      ['memflow-plugin-chang2011', 'npm package'],
    ]);
    const catalog = PluginCatalog.read({ cwd: project, env });
    try {
      const ids = catalog.declared.map((d) => d.id);
      expect(ids.sort()).toEqual(['chang2011.wox', 'lab.wox']);
      // Both load (the scoped one through activate()), and their code declares what the manifests do.
      await catalog.use(defaultRegistry(catalog.declared), ids);
      expect(catalog.loaded.flatMap((l) => l.devices.map((d) => d.id)).sort()).toEqual(['chang2011.wox', 'lab.wox']);
    } finally {
      await catalog.close();
    }
  });

  it('a package found twice (command line and user directory) is loaded once, the command line first', () => {
    const dir = temp();
    copyChang(dir, 'chang2011');
    const found = discoverPlugins({ dirs: [CHANG], env: { MEMFLOW_PLUGINS_DIR: dir }, cwd: temp() });
    expect(found).toEqual([{ dir: CHANG, source: 'command line' }]);
  });
});

describe('manifests without running code', () => {
  it('`memflow plugin list` shows contributions and unusable plugins, running no plugin code', async () => {
    const dir = temp();
    copyChang(dir, 'a', undefined, 'throw new Error("plugin code ran");\n');
    copyChang(dir, 'b', (pkg) => {
      pkg.name = 'memflow-plugin-old';
      pkg.memflow.apiVersion = '0.9';
    });
    const text = listPlugins([dir], { MEMFLOW_PLUGINS_DIR: temp() }, temp());
    expect(text).toMatch(/memflow-plugin-chang2011 1\.0\.0 \(plugin API 1; command line: .*\/a\)/);
    expect(text).toMatch(/chang2011\.wox {2}memristor {2}Chang et al\. 2011 WOx memristor; parameters: alpha, beta, gamma, delta, lambda, eta, tau, w0; states: w; SPICE: Y \.model memristor level=chang2011$/m);
    expect(text).toMatch(/UNUSABLE \(command line: .*\/b\): .*needs memflow plugin API 0\.9, but this memflow implements API 1\.0\.0; update the plugin/);
    expect(text).not.toMatch(/plugin code ran/);
    const r = await cli('plugin', 'list', '--plugins', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/chang2011\.wox/);
  });
});

describe('apiVersion is a semver range checked against the host API 1.0.0', () => {
  it('accepts compatible ranges and names the remedy for the others', () => {
    for (const ok of ['1', '1.0', '1.0.0', '^1.0.0', '~1.0', '1.x', '>=1 <3', '*']) expect(apiVersionProblem(ok), ok).toBeUndefined();
    expect(apiVersionProblem('1.2.0')).toMatch(/needs memflow plugin API 1\.2\.0, but this memflow implements API 1\.0\.0; upgrade memflow/);
    expect(apiVersionProblem('2')).toMatch(/upgrade memflow/);
    expect(apiVersionProblem('0.x')).toMatch(/update the plugin/);
    expect(apiVersionProblem('latest')).toMatch(/is not a version or a semver range/);
  });
});
