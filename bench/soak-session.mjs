#!/usr/bin/env node
// Soak test of a long-running session (on demand, never in CI): runs `memflow session start` on a spec
// (default fixtures/sessions/somn-online.json with its sample count raised so that it cannot finish)
// for a set time, samples the child's resident memory (VmRSS from /proc) and the session directory's
// size, then pauses it with SIGINT (checkpoint + clean stop) and prints RSS over time.
//
//   npm run build && node bench/soak-session.mjs [--minutes 20] [--every 10] [--spec FILE] [--dir DIR] [--json OUT]
//
// Reports; does not assert (exit 0 whatever the numbers are, 2 on bad usage).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    every: { type: 'string', default: '10' },
    spec: { type: 'string', default: join(ROOT, 'fixtures/sessions/somn-online.json') },
    dir: { type: 'string' },
    json: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const every = Number(values.every);
if (!(minutes > 0) || !(every > 0)) {
  process.stderr.write('usage: node bench/soak-session.mjs [--minutes M] [--every SECONDS] [--spec FILE] [--dir DIR] [--json OUT]\n');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'memflow-soak-'));
const spec = JSON.parse(readFileSync(values.spec, 'utf8'));
// Enough samples to outlast the soak.
if (spec.stimulus.kind === 'signal') spec.stimulus.samples = 1e9;
else if (spec.stimulus.kind === 'dataset') spec.stimulus.epochs = 1e6;
const specFile = join(work, 'spec.json');
writeFileSync(specFile, JSON.stringify(spec));
const dir = values.dir ?? join(work, 'session');

function rssMB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function dirMB(d) {
  let total = 0;
  const walk = (p) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const q = join(p, e.name);
      if (e.isDirectory()) walk(q);
      else if (e.isFile()) total += statSync(q).size;
    }
  };
  try {
    walk(d);
  } catch {
    return NaN;
  }
  return total / 1e6;
}

/** The runner's heartbeat: samples done and its own memory figures. */
function heartbeat() {
  try {
    return JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8'));
  } catch {
    return {};
  }
}

const child = spawn(process.execPath, [join(ROOT, 'core/bin/memflow.js'), 'session', 'start', specFile, '--dir', dir, '--log', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
const t0 = Date.now();
const samples = [];
process.stdout.write(`soak: ${values.spec} for ${minutes} min, session in ${dir}, pid ${child.pid}\n`);
process.stdout.write('  minutes   RSS MB   JS heap MB   samples done   directory MB\n');
const timer = setInterval(() => {
  const hb = heartbeat();
  const s = { minutes: (Date.now() - t0) / 60000, rssMB: rssMB(child.pid), heapMB: (hb.heapUsedBytes ?? NaN) / 1048576, samples: hb.samplesDone ?? NaN, diskMB: dirMB(dir) };
  samples.push(s);
  process.stdout.write(`  ${s.minutes.toFixed(2).padStart(7)}  ${s.rssMB.toFixed(1).padStart(7)}  ${s.heapMB.toFixed(1).padStart(11)}  ${String(s.samples).padStart(13)}  ${s.diskMB.toFixed(2).padStart(13)}\n`);
  if (s.minutes >= minutes) {
    clearInterval(timer);
    child.kill('SIGINT');
  }
}, every * 1000);
child.on('exit', (code) => {
  clearInterval(timer);
  const at = (m) => samples.reduce((best, s) => (Math.abs(s.minutes - m) < Math.abs(best.minutes - m) ? s : best), samples[0] ?? { minutes: NaN, rssMB: NaN });
  const marks = [1, 10, 30].filter((m) => m <= minutes + 0.01).map((m) => ({ minute: m, rssMB: at(m).rssMB, samples: at(m).samples }));
  const max = Math.max(...samples.map((s) => s.rssMB));
  process.stdout.write(`session exited with code ${code} after ${((Date.now() - t0) / 60000).toFixed(1)} min\n`);
  for (const m of marks) process.stdout.write(`  RSS at ${m.minute} min: ${m.rssMB.toFixed(1)} MB (${m.samples} samples)\n`);
  process.stdout.write(`  RSS max: ${max.toFixed(1)} MB; directory at the end: ${dirMB(dir).toFixed(2)} MB\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ spec: values.spec, minutes, marks, max, samples }, null, 2));
});
