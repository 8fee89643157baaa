/**
 * `memflow plugin new NAME [--dir DIR]`: scaffolds a plugin package (manifest, src/index.js with a
 * defineScalarDevice skeleton, README, a test) that `memflow plugin check` accepts as written.
 *
 * The skeleton exports `activate(sdk)`: the host hands it its SDK, so the package runs wherever it
 * is, without `@memflow/plugin-sdk` installed beside it.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HOST_API_VERSION } from './plugin-load.js';
import { InputError } from './errors.js';

const NAME_RE = /^[a-z][a-z0-9-]*$/;

export function scaffoldPlugin(name: string, parent = '.'): { dir: string; files: string[] } {
  if (!NAME_RE.test(name)) throw new InputError(`plugin name '${name}': use lowercase letters, digits and '-', starting with a letter`);
  const dir = resolve(parent, name);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new InputError(`${dir} exists and is not empty`);
  const vendor = name.replace(/-/g, '_');
  const id = `${vendor}.memristor`;
  const params = {
    ron: { default: 100, unit: 'Ω', min: 1, max: 1e9, doc: 'Resistance at x = 1' },
    roff: { default: 10000, unit: 'Ω', min: 1, max: 1e9, doc: 'Resistance at x = 0' },
    k: { default: 10, unit: '1/(V·s)', min: 0, max: 1e6, doc: 'Rate constant' },
    x0: { default: 0.5, min: 0, max: 1, doc: 'Initial state' },
  };
  const states = { x: { init: 'x0', min: 0, max: 1, doc: 'Normalised state' } };
  // The netlist spelling in the manifest lets memflow find the device without loading the code.
  const spice = { letter: 'Y', modelType: 'memristor', level: [vendor] };
  const title = `${name} memristor`;
  const manifest = {
    name: `memflow-plugin-${name}`,
    version: '0.1.0',
    private: true,
    description: `memflow plugin: ${title}`,
    type: 'module',
    main: './src/index.js',
    scripts: { test: 'memflow plugin check .' },
    memflow: { apiVersion: String(HOST_API_VERSION), main: './src/index.js', devices: [{ id, title, kind: 'memristor', params, states, spice }] },
  };
  const index = `// memflow plugin '${name}': one memristor written with the SDK's scalar helper.
// The host calls activate(sdk) with its SDK (defineScalarDevice and friends); do arithmetic on v and
// x through \`m\` (m.add, m.mul, m.exp...) so the SDK can differentiate it. Keep params and states in
// step with the "memflow" manifest in package.json: \`memflow plugin check .\` compares them.

/** @param {typeof import('@memflow/plugin-sdk')} sdk */
export function activate(sdk) {
  const device = sdk.defineScalarDevice({
    id: '${id}',
    version: '0.1.0',
    title: '${title}',
    description: 'i = v / R(x), R(x) = ron·x + roff·(1 − x); dx/dt = k·v. Replace with your model.',
    citation: 'Cite the paper your equations come from.',
    params: ${JSON.stringify(params, null, 2).replace(/\n/g, '\n    ')},
    states: ${JSON.stringify(states, null, 2).replace(/\n/g, '\n    ')},
    spice: { level: ['${vendor}'] },
    current(v, [x], p, m) {
      const r = m.add(m.mul(p.ron, x), m.mul(p.roff, m.sub(1, x)));
      return m.div(v, r);
    },
    rate(v, _x, p, m) {
      return [m.mul(p.k, v)];
    },
  });
  return [device];
}
`;
  const readme = `# ${manifest.name}

A memflow device plugin: \`${id}\` (${title}).

- \`package.json\` → \`memflow\`: the manifest (apiVersion ${HOST_API_VERSION}, main module, devices with their
  parameters and states). memflow reads it without running code.
- \`src/index.js\`: \`activate(sdk)\` returns the device models, written with \`sdk.defineScalarDevice\`
  (scalar current and state-rate functions; the SDK supplies the derivatives).

Check it (manifest, code against manifest, conformance suite):

    memflow plugin check .      # or: npm test

Use it from a netlist (\`.model M1 memristor level=${vendor}\` and \`YMEMRISTOR Y1 a 0 M1\`) or a JSON
network (\`"device": "${id}"\`):

    memflow run circuit.cir --plugins .
`;
  const test = `// The package's test: the host's own checks (manifest, code against manifest, conformance suite).
// Run with \`npm test\` (memflow on PATH) or \`node test/check.mjs\`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('..', import.meta.url));
execFileSync('memflow', ['plugin', 'check', dir], { stdio: 'inherit' });
`;
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  const files: [string, string][] = [
    ['package.json', JSON.stringify(manifest, null, 2) + '\n'],
    ['src/index.js', index],
    ['README.md', readme],
    ['test/check.mjs', test],
  ];
  for (const [f, text] of files) writeFileSync(join(dir, f), text);
  return { dir, files: files.map(([f]) => join(dir, f)) };
}
