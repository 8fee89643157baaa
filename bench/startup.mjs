#!/usr/bin/env node
// Wall time of whole `memflow` processes (start-up + reading the netlist + analysis + output) for two
// builds side by side: `node bench/startup.mjs [--repeat N] [--base ROOT] [--new ROOT]`, where ROOT is a
// checkout whose core/bin/memflow.js is built (default --new: this repository). The variants run
// alternately, case by case, so machine load hits both alike; best and median wall of N runs each, and
// `node -e 0` as the floor no CLI can go below. `wall - analysis` is the time outside the analyses (start-up,
// reading the netlist, writing the output), each run's wall minus the analysis time it reports. Without --base, only this build is timed.
// `run rc_pulse + N unused plugins` (--plugins N, default 4; 0 leaves it out) runs rc_pulse with N copies of
// the example plugin on --plugins that the netlist does not use: what discovered-but-unused plugins cost.
// The copies' manifests give no SPICE spelling, so builds from before memflow.devices[].spice read them too.
// `run sine.json on 1 of N plugins` runs the example's sine network on the first copy's device (by id).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({ options: { repeat: { type: 'string', default: '11' }, base: { type: 'string' }, new: { type: 'string', default: here }, only: { type: 'string' }, plugins: { type: 'string', default: '4' } } });
const repeat = Number(values.repeat);
const out = mkdtempSync(join(tmpdir(), 'memflow-startup-'));
const fixtures = join(here, 'fixtures');
// An empty per-user plugin directory, so that only the plugins given here are discovered.
const userPlugins = join(out, 'user-plugins');
mkdirSync(userPlugins);
const env = { ...process.env, MEMFLOW_PLUGINS_DIR: userPlugins };

/** N copies of plugins/examples/chang2011 under out/plugins, each with its own package name and device id. */
function unusedPlugins(n) {
  const dir = join(out, 'plugins');
  for (let k = 0; k < n; k++) {
    const to = join(dir, `p${k}`);
    cpSync(join(here, 'plugins/examples/chang2011'), to, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(to, 'package.json'), 'utf8'));
    pkg.name = `memflow-plugin-p${k}`;
    pkg.memflow.devices[0].id = `p${k}.wox`;
    delete pkg.memflow.devices[0].spice;
    writeFileSync(join(to, 'package.json'), JSON.stringify(pkg));
    const code = readFileSync(join(to, 'src/index.js'), 'utf8');
    writeFileSync(join(to, 'src/index.js'), code.replace("id: 'chang2011.wox'", `id: 'p${k}.wox'`).replace("level: ['chang2011']", `level: ['p${k}']`));
  }
  return dir;
}
const pluginCount = Number(values.plugins);
const pluginsDir = pluginCount > 0 ? unusedPlugins(pluginCount) : undefined;
// The example's sine network (JSON: a device id, no SPICE spelling needed) on the first copy's device.
const oneUsed = join(out, 'p0-sine.json');
if (pluginCount > 0) writeFileSync(oneUsed, readFileSync(join(here, 'plugins/examples/chang2011/examples/sine.json'), 'utf8').replace('"chang2011.wox"', '"p0.wox"'));

const cases = [
  { name: 'node -e 0', args: () => ['-e', '0'], floor: true },
  { name: 'devices', args: (root) => [join(root, 'core/bin/memflow.js'), 'devices'] },
  ...['reference/rc_pulse', 'reference/rd_dc', 'bench/crossbar_16', 'bench/crossbar_64'].map((c) => ({
    name: `run ${c.split('/')[1]}`,
    args: (root, tag) => [join(root, 'core/bin/memflow.js'), 'run', join(fixtures, `${c}.cir`), '--csv', join(out, `${tag}-${c.split('/')[1]}.csv`)],
  })),
  ...(pluginCount > 0
    ? [
        { name: `run rc_pulse + ${pluginCount} unused plugins`, args: (root, tag) => [join(root, 'core/bin/memflow.js'), 'run', join(fixtures, 'reference/rc_pulse.cir'), '--csv', join(out, `${tag}-plugins.csv`), '--plugins', pluginsDir] },
        { name: `run sine.json on 1 of ${pluginCount} plugins`, args: (root, tag) => [join(root, 'core/bin/memflow.js'), 'run', oneUsed, '--csv', join(out, `${tag}-one-plugin.csv`), '--plugins', pluginsDir] },
      ]
    : []),
].filter((c) => !values.only || c.floor || values.only.split(',').some((o) => c.name.includes(o)));

const variants = [...(values.base ? [['base', resolve(values.base)]] : []), ['new', resolve(values.new)]];

function wall(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  // The summary line of each analysis ends with its own time (`..., 12.3 ms`); a run may have several.
  const ms = [...String(r.stdout).matchAll(/, ([\d.]+) ms\n/g)].map((m) => Number(m[1]) / 1000);
  return { s, analysis: ms.length ? ms.reduce((a, b) => a + b, 0) : undefined };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x) => (x === undefined ? '–' : x.toFixed(3));

const rows = [];
for (const c of cases) {
  const runs = Object.fromEntries(variants.map(([tag]) => [tag, []]));
  for (let k = 0; k < repeat; k++) for (const [tag, root] of c.floor ? variants.slice(-1) : variants) runs[tag].push(wall(c.args(root, tag)));
  for (const [tag] of c.floor ? variants.slice(-1) : variants) {
    const r = runs[tag];
    const analysed = r[0].analysis !== undefined;
    rows.push([
      c.name,
      c.floor ? '' : tag,
      f(Math.min(...r.map((x) => x.s))),
      f(median(r.map((x) => x.s))),
      f(analysed ? median(r.map((x) => x.analysis)) : undefined),
      f(analysed ? median(r.map((x) => x.s - x.analysis)) : median(r.map((x) => x.s))),
    ]);
  }
}
rows.unshift(['case', 'build', 'best wall s', 'median wall s', 'median analysis s', 'median wall - analysis s']);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(`${repeat} runs each, alternating; node ${process.version}`);
for (const r of rows) console.log(r.map((x, c) => x.padEnd(widths[c])).join('  '));
rmSync(out, { recursive: true, force: true });
