/**
 * The real, built CLI in a child process: `node core/bin/memflow.js run NETLIST --csv OUT`. Built first
 * with the repository's build (`tsc -b`, then the one-file bundle that core/bin/memflow.js prefers when
 * it exists: building with `tsc -b` alone could leave a stale bundle in front of fresh sources).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const BIN = join(ROOT, 'core/bin/memflow.js');
const dir = mkdtempSync(join(tmpdir(), 'memflow-spawn-'));

function memflow(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (res.error) throw res.error;
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  execFileSync('npx', ['tsc', '-b'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}, 120_000);

describe('memflow CLI as a process', () => {
  it('runs rc_pulse.cir and writes the CSV of the contract', () => {
    const csv = join(dir, 'rc_pulse.csv');
    const { code, stderr } = memflow('run', 'fixtures/reference/rc_pulse.cir', '--csv', csv, '--quiet');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('time,v(out),i(v1)');
    expect(lines.length).toBeGreaterThan(100);
    const last = lines[lines.length - 1].split(',').map(Number);
    expect(last[0]).toBeCloseTo(10e-3, 12);
    // At 10 ms the pulse has been low for 5 ms after charging for 5 ms: (1 − e^−5)·e^−5.
    expect(last[1]).toBeCloseTo((1 - Math.exp(-5)) * Math.exp(-5), 4);
  });

  it('prints a summary on stdout without --quiet', () => {
    const { code, stdout } = memflow('run', 'fixtures/reference/rc_pulse.cir');
    expect(code).toBe(0);
    expect(stdout).toMatch(/v\(out\)/);
  });

  it('exits 2 with one located line and no stack trace on a bad netlist', () => {
    const bad = join(dir, 'bad.cir');
    writeFileSync(bad, '* bad value\nV1 a 0 1\nR1 a 0 abc\n.op\n.end\n');
    const { code, stdout, stderr } = memflow('run', bad, '--csv', join(dir, 'bad.csv'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:8: error: `));
    expect(stderr).not.toContain('    at ');
  });

  it('exits 2 without a stack trace on a missing file', () => {
    const { code, stderr } = memflow('run', join(dir, 'nope.cir'));
    expect(code).toBe(2);
    expect(stderr).not.toContain('    at ');
    expect(stderr).toMatch(/no such file/);
  });
});

describe('what `memflow run` loads', () => {
  // Start-up is most of a small simulation's time: a run on a netlist must not parse the JSON network
  // validator, the plugin host or other commands' libraries. A loader hook lists every module the
  // process loads; each bundle chunk's source map names the sources it was built from.
  it('loads no zod, jsonc-parser, semver, esbuild, plugin host, characterisation or experiment code', () => {
    const hooks = join(dir, 'hooks.mjs');
    const loaded = join(dir, 'loaded.txt');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(loaded)}, url + '\\n');\n  return next(url, context);\n}\n`);
    const register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const res = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, BIN, 'run', 'fixtures/reference/rd_dc.cir', '--csv', join(dir, 'rd.csv')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const files = readFileSync(loaded, 'utf8').trim().split('\n').filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    const chunks = files.filter((f) => /memflow[-.][^/]*\.mjs$/.test(f));
    expect(chunks.some((f) => f.endsWith('memflow.bundle.mjs'))).toBe(true);
    const sources = chunks.flatMap((f) => (JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] }).sources);
    // The run itself is there...
    for (const needed of ['src/node/cli.ts', 'src/common/netlist/parser.ts', 'src/common/solver/kernel.ts', 'nodes/src/memristors/xspice-threshold.ts']) {
      expect(sources.some((s) => s.endsWith(needed)), needed).toBe(true);
    }
    // ...and nothing it does not use.
    const unwanted = sources.filter((s) => /node_modules\/(zod|jsonc-parser|semver)\/|src\/node\/(plugins\/host|plugin-load|characterise|experiment|model-docs)|src\/common\/network\/(schema|validate)/.test(s));
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => /node_modules\/(esbuild|piscina|yaml|node-sqlite3-wasm)\//.test(f))).toEqual([]);
  });
});
