#!/usr/bin/env node
// What watching a session from the desktop costs (on demand, never in CI). The desktop's SessionService
// (desktop/src/main/sessions.ts, bundled here with esbuild) polls a session that `memflow session start`
// runs in a child process:
//  1. the session's wall time unwatched, watched at the Sessions view's rate (a poll every 0.75 s) and
//     watched back to back (a new poll as soon as one answers: the worst case), runs alternating so that
//     machine load hits all alike; ratios against the unwatched run;
//  2. the cost of one call on the finished session: an incremental poll (no new rows), opening it (all
//     rows, integrity check) and `memflow session status`'s read (readSessionStatus with quick_check).
//
//   npm run build && node bench/session-view.mjs [--samples 4000] [--rounds 2] [--calls 30]
//
// CPU time of the session process is the figure to read on a shared machine; wall time is printed too.
// Reports; does not assert.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { samples: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '2' }, calls: { type: 'string', default: '30' } } });
const samples = Number(values.samples);
const rounds = Number(values.rounds);
const calls = Number(values.calls);
const work = mkdtempSync(join(tmpdir(), 'memflow-session-view-'));

// The service and core's session API from their TypeScript sources, the packages they use from node_modules.
const bundle = join(ROOT, 'desktop/dist/bench/session-service.mjs');
await build({
  stdin: {
    contents: `export { SessionService } from './desktop/src/main/sessions.ts'; export { RecentFiles } from './desktop/src/main/recent-files.ts'; export { readSessionStatus } from './core/src/node/session/index.ts';`,
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: bundle,
  packages: 'external',
  alias: { '@memflow/core/node/session': join(ROOT, 'core/src/node/session/index.ts') },
  logLevel: 'warning',
});
const { SessionService, RecentFiles, readSessionStatus } = await import(pathToFileURL(bundle).href);

const CLI = join(ROOT, 'core/bin/memflow.js');
const spec = {
  format: 'memflow.session/v1',
  name: 'session-view-bench',
  seed: 5,
  workload: { kind: 'reservoir-online', nanowire: { wires: 40, length: { mean: 10, std: 2 }, size: { w: 30, h: 30 } }, dt: 0.02, readoutWires: 5, task: { kind: 'narma2' } },
  stimulus: { kind: 'signal', waveform: 'uniform', lo: 0, hi: 0.5, samples },
  recorders: { metricsEvery: 1, waveformsEvery: 10, chunkRows: 500 },
  schedule: { everySamples: 200 },
  retention: { keepCheckpoints: 4 },
};
const specFile = join(work, 'spec.json');
writeFileSync(specFile, JSON.stringify(spec));
const service = () => new SessionService({ cli: { command: process.execPath, args: [CLI] }, logDir: join(work, 'logs'), recent: new RecentFiles({ read: () => undefined, write: () => undefined }) });

/** Runs the session in a child; `watch` polls it meanwhile with `gapMs` between an answer and the next poll. */
async function run(tag, gapMs) {
  const dir = join(work, tag);
  const t0 = performance.now();
  // /usr/bin/time reports the session process's CPU time, which load from other processes does not inflate.
  const cpuFile = join(work, `${tag}.cpu`);
  const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, process.execPath, CLI, 'session', 'start', specFile, '--dir', dir, '--log', 'json'], { stdio: 'ignore' });
  // The wall time ends at the child's exit, not at the watcher's next wake-up.
  let t1 = 0;
  const exited = new Promise((r) => child.on('exit', (code) => ((t1 = performance.now()), r(code))));
  let done = false;
  void exited.then(() => (done = true));
  let polls = 0;
  if (gapMs !== null) {
    const svc = service();
    let next = 0;
    while (!done) {
      const r = await svc.poll(dir, next);
      if (r.ok) {
        polls++;
        const s = r.value.metrics.sample;
        if (s.length) next = s[s.length - 1] + 1;
      }
      await new Promise((res) => setTimeout(res, gapMs));
    }
  }
  const code = await exited;
  if (code !== 0) throw new Error(`${tag}: memflow session start exited with ${code}`);
  const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall: (t1 - t0) / 1000, cpu: user + sys, polls, dir };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const variants = [
  ['unwatched', null],
  ['view rate (0.75 s)', 750],
  ['back to back', 0],
];
const walls = Object.fromEntries(variants.map(([name]) => [name, []]));
const cpus = Object.fromEntries(variants.map(([name]) => [name, []]));
const pollCounts = Object.fromEntries(variants.map(([name]) => [name, []]));
let finished;
for (let r = 0; r < rounds; r++) {
  for (const [name, gap] of variants) {
    const out = await run(`r${r}-${name.replace(/\W+/g, '-')}`, gap);
    walls[name].push(out.wall);
    cpus[name].push(out.cpu);
    pollCounts[name].push(out.polls);
    finished = out.dir;
  }
}
console.log(`session: ${samples} samples (reservoir-online, 40 wires), ${rounds} rounds, variants alternating`);
for (const [name] of variants) {
  const m = median(walls[name]);
  const c = median(cpus[name]);
  console.log(`  ${name.padEnd(20)} CPU ${cpus[name].map((w) => w.toFixed(2)).join(' / ')} s, median ${c.toFixed(2)} s, ×${(c / median(cpus.unwatched)).toFixed(3)} | wall median ${m.toFixed(2)} s, ×${(m / median(walls.unwatched)).toFixed(3)} | polls ${pollCounts[name].join(' / ')}`);
}

// One call's cost on the finished session: the three calls in turn, after a warm-up of each (JIT), so
// that load and warm-up hit them alike.
const svc = service();
const kinds = {
  incremental: () => svc.poll(finished, samples),
  open: () => svc.open(finished, 0),
  status: () => readSessionStatus(finished),
};
const ms = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
for (let k = 0; k < calls + 5; k++) {
  for (const [name, fn] of Object.entries(kinds)) {
    const t = performance.now();
    const r = await fn();
    if (r && r.ok === false) throw new Error(r.message);
    if (k >= 5) ms[name].push(performance.now() - t);
  }
}
const incremental = median(ms.incremental);
const open = median(ms.open);
const status = median(ms.status);
console.log(`one call on the finished ${samples}-sample session (median of ${calls}):`);
console.log(`  poll (no new rows)          ${incremental.toFixed(2)} ms`);
console.log(`  open (all ${samples} rows, quick_check) ${open.toFixed(2)} ms`);
console.log(`  memflow session status read ${status.toFixed(2)} ms (readSessionStatus with quick_check); poll/status ×${(incremental / status).toFixed(3)}`);
