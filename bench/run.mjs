#!/usr/bin/env node
// memflow vs ngspice: wall time of the whole process and each simulator's own analysis time (each the best
// of K), and the accuracy of memflow's result against ngspice's on the same netlist and against the stored
// references, for the reference cases and the benchmark crossbars.
//
//   npm run bench                       (builds first)
//   node bench/run.mjs [--quick] [--only NAME[,NAME]] [--repeat K] [--timeout SEC (default 60; bridge_tran 20)]
//                      [--ngspice-options "reltol=1e-4"] [FILE.cir ...]
//
// Benchmarks report; they do not assert: the exit status is 0 whatever the numbers are (2 on bad usage).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, join, relative, resolve } from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { compareFiles } from './lib/compare.mjs';
import { ROOT, memflowStartup, runMemflow } from './lib/memflow.mjs';
import { NGSPICE, ngspiceVersion, runNgspice } from './lib/ngspice.mjs';
import { describeNetlist } from './lib/netlist.mjs';
import { bestOf, timeOnce } from './lib/proc.mjs';

const BENCH = join(ROOT, 'bench');
const RESULTS = join(BENCH, 'results');
const WORK = join(RESULTS, 'work');
const REFERENCE_DIR = join(ROOT, 'fixtures', 'reference');
const CROSSBAR_DIR = join(ROOT, 'fixtures', 'bench');
const CROSSBARS = [16, 32, 64];
/** Per-process time limit in seconds, unless --timeout is given. */
const DEFAULT_TIMEOUT = 60;
/**
 * Lower limits for built-in cases known to stall ngspice: on bridge_tran ngspice 39 stalls at t ≈ 7.53 ms and is
 * at the same point when killed after 20 s as after 60 s, so a full run need not wait a minute for it. memflow
 * gets the same limit (it needs well under a second there).
 */
const CASE_TIMEOUT = { bridge_tran: 20 };
/** ngspice's analysis clock has 1 ms steps: below this many seconds its figure (and the ratio) is coarse. */
const NG_CLOCK_COARSE = 0.01;
/** The reference README's targets, used only to flag rows (never to fail the run). */
const TARGET = { tran: 5e-3, dc: 1e-4, op: 1e-4 };

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      repeat: { type: 'string', default: '3' },
      quick: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'ngspice-options': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const { values, positionals } = args;
if (values.help) {
  process.stdout.write(
    'usage: node bench/run.mjs [--quick] [--only NAME[,NAME]] [--repeat K] [--timeout SEC] [--ngspice-options STR] [FILE.cir ...]\n',
  );
  process.exit(0);
}
const repeat = Number(values.repeat);
const timeoutSec = values.timeout === undefined ? undefined : Number(values.timeout);
if (!Number.isInteger(repeat) || repeat < 1) usage(`--repeat must be a positive integer, got '${values.repeat}'`);
if (timeoutSec !== undefined && !(timeoutSec > 0)) usage(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
function usage(msg) {
  process.stderr.write(msg + '\n');
  process.exit(2);
}

// ---- cases -------------------------------------------------------------------------------------

/**
 * The stored reference for a case: an independent exact solution (`independent/NAME.exact.csv`) where one
 * exists, because the shared ngspice files for those cases are known to be wrong (see
 * fixtures/reference/independent/README.md); else the shared `NAME.ngspice.csv` or `NAME.analytic.csv`.
 */
function referenceFile(name) {
  const exact = join(REFERENCE_DIR, 'independent', `${name}.exact.csv`);
  if (existsSync(exact)) return { file: exact, kind: 'independent' };
  for (const kind of ['ngspice', 'analytic']) {
    const f = join(REFERENCE_DIR, `${name}.${kind}.csv`);
    if (existsSync(f)) return { file: f, kind };
  }
  return undefined;
}

let cases = [];
if (positionals.length) {
  cases = positionals.map((f) => ({ name: basename(f).replace(/\.cir$/i, ''), file: resolve(f), kind: 'file' }));
} else {
  const refs = readdirSync(REFERENCE_DIR)
    .filter((f) => f.endsWith('.cir'))
    .sort();
  for (const f of refs) {
    const name = f.replace(/\.cir$/, '');
    const ref = referenceFile(name);
    cases.push({ name, file: join(REFERENCE_DIR, f), kind: 'reference', reference: ref?.file, referenceKind: ref?.kind });
  }
  for (const n of values.quick ? [16] : CROSSBARS) {
    cases.push({ name: `crossbar_${n}`, file: join(CROSSBAR_DIR, `crossbar_${n}.cir`), kind: 'crossbar' });
  }
}
if (values.only) {
  const wanted = values.only.split(',').map((s) => s.trim()).filter(Boolean);
  const picked = cases.filter((c) => wanted.includes(c.name));
  const unknown = wanted.filter((w) => !cases.some((c) => c.name === w));
  if (unknown.length) usage(`--only: no case named ${unknown.join(', ')}; cases: ${cases.map((c) => c.name).join(', ')}`);
  cases = picked;
}
for (const c of cases) {
  if (!existsSync(c.file)) usage(`missing netlist ${c.file}`);
  c.timeoutSec = timeoutSec ?? (c.kind === 'reference' ? CASE_TIMEOUT[c.name] : undefined) ?? DEFAULT_TIMEOUT;
}

// ---- machine -----------------------------------------------------------------------------------

function gitDescribe() {
  // Read-only git queries.
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return undefined;
  const dirty = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', 'core', 'nodes', 'plugins'], { cwd: ROOT });
  return head.stdout.trim() + (dirty.status === 1 ? ' (+ uncommitted changes in core/nodes/plugins)' : '');
}

const cpus = os.cpus();
const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus[0]?.model?.trim() ?? 'unknown',
  cpus: cpus.length,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  ngspice: ngspiceVersion() ?? null,
  memflowCommit: gitDescribe() ?? null,
  repeat,
  timeoutSec: timeoutSec ?? { default: DEFAULT_TIMEOUT, ...CASE_TIMEOUT },
  ngspiceOptions: values['ngspice-options'] ?? null,
};

mkdirSync(WORK, { recursive: true });

// ---- helpers -----------------------------------------------------------------------------------

const fmtS = (s) => (Number.isFinite(s) ? (s < 1 ? s.toFixed(3) : s < 100 ? s.toFixed(2) : s.toFixed(0)) : '–');
/** Analysis seconds: like fmtS, with a fourth decimal below 0.01 s (memflow's figure has 0.1 ms steps). */
const fmtA = (s) => (Number.isFinite(s) && s < 0.01 ? s.toFixed(4) : fmtS(s));
/** ngspice's analysis seconds: whole milliseconds, `<0.001` when its clock read 0. */
const fmtNgA = (s) => (s === 0 ? '<0.001' : Number.isFinite(s) ? (s < 1 ? s.toFixed(3) : fmtS(s)) : '–');
const fmtE = (e) => (e === undefined ? '–' : Number.isFinite(e) ? e.toExponential(1) : String(e));
const fmtErr = (cmp, target) => {
  if (!cmp?.max) return '–';
  const flag = !(cmp.max.error <= target) ? ' ✗' : '';
  return `${fmtE(cmp.max.error)} ${cmp.max.name}${flag}${cmp.partial ? ' (partial ref)' : ''}`;
};

function tryCompare(ours, ref) {
  try {
    return compareFiles(ours, ref);
  } catch (err) {
    return { columns: [], max: undefined, missing: [], error: String(err.message ?? err) };
  }
}

// ---- run ---------------------------------------------------------------------------------------

const log = (s) => process.stderr.write(s);
if (!machine.ngspice) {
  log(`note: ngspice not found ('${NGSPICE}'; set NGSPICE=/path/to/ngspice, or apt-get install ngspice): timing memflow only, no ratio and no accuracy vs ngspice.\n`);
}
log(`memflow bench: ${cases.length} case(s), best of ${repeat}, ${machine.cpu} ×${machine.cpus}, node ${machine.node}${machine.ngspice ? ', ' + machine.ngspice : ''}\n`);

const startup = memflowStartup({ workDir: WORK, repeat: Math.max(repeat, 5) });
let ngStartup;
if (machine.ngspice) {
  // ngspice start-up for comparison: a one-resistor .op deck.
  const deck = join(WORK, 'startup.ngspice.cir');
  writeFileSync(deck, '* startup\nR1 1 0 1\nI1 0 1 1\n.op\n.control\nrun\nquit\n.endc\n.end\n');
  ngStartup = bestOf(Math.max(repeat, 5), () => {
    const p = timeOnce(NGSPICE, ['-b', deck], { logFile: join(WORK, 'startup.ngspice.log') });
    return { seconds: p.seconds, failed: p.status !== 0, message: '' };
  });
}

const results = [];
for (const c of cases) {
  const info = describeNetlist(c.file);
  log(`  ${c.name}: memflow`);
  const mf = runMemflow(c.file, { workDir: WORK, repeat, timeoutSec: c.timeoutSec });
  log(` ${mf.failed ? 'FAILED' : `${fmtS(mf.seconds)} s (analysis ${fmtA(mf.analysisSeconds)} s)`}`);
  let ng;
  if (machine.ngspice) {
    log(', ngspice');
    ng = runNgspice(c.file, { workDir: WORK, repeat, timeoutSec: c.timeoutSec, options: values['ngspice-options'] });
    log(` ${ng.failed ? 'FAILED' : `${fmtS(ng.seconds)} s (analysis ${fmtNgA(ng.analysisSeconds)} s)`}`);
  }
  log('\n');
  const both = !mf.failed && ng && !ng.failed;
  const vsNgspice = both ? tryCompare(mf.csvPath, ng.csvPath) : undefined;
  const vsReference = !mf.failed && c.reference ? tryCompare(mf.csvPath, c.reference) : undefined;
  const ngVsReference = ng && !ng.failed && c.reference ? tryCompare(ng.csvPath, c.reference) : undefined;
  results.push({
    case: c.name,
    kind: c.kind,
    file: relative(ROOT, c.file),
    analysis: info.analysis,
    target: TARGET[info.analysis] ?? 5e-3,
    timeoutSec: c.timeoutSec,
    memflow: { ...mf, csvPath: relative(ROOT, mf.csvPath) },
    ngspice: ng ? { ...ng, csvPath: relative(ROOT, ng.csvPath) } : null,
    /** ngspice / memflow wall time of the whole process (> 1: memflow faster). */
    ratio: both ? ng.seconds / mf.seconds : null,
    /** ngspice / memflow analysis time (null when either figure is missing or ngspice's clock read 0). */
    analysisRatio: both && ng.analysisSeconds > 0 && mf.analysisSeconds > 0 ? ng.analysisSeconds / mf.analysisSeconds : null,
    errorVsNgspice: vsNgspice ?? null,
    reference: c.reference ? relative(ROOT, c.reference) : null,
    referenceKind: c.referenceKind ?? null,
    errorVsReference: vsReference ?? null,
    ngspiceErrorVsReference: ngVsReference ?? null,
  });
}

// ---- table -------------------------------------------------------------------------------------

const HEAD = [
  'case', 'unknowns', 'points mf/ng',
  'memflow wall s', 'ngspice wall s', 'wall ng/mf ×',
  'memflow analysis s', 'ngspice analysis s', 'analysis ng/mf ×',
  'max err vs ngspice', 'err vs reference',
];
/** Columns 1..NUMERIC are right-aligned. */
const NUMERIC = 8;
const rows = results.map((r) => {
  const mf = r.memflow;
  const ng = r.ngspice;
  const ngOk = ng && !ng.failed;
  const coarse = ngOk && ng.analysisSeconds < NG_CLOCK_COARSE ? '~' : '';
  return [
    r.case,
    mf.stats ? String(mf.stats.unknowns) : '–',
    `${mf.failed ? '–' : mf.rows}/${ngOk ? ng.rows : '–'}`,
    mf.failed ? 'FAILED' : fmtS(mf.seconds),
    !ng ? 'n/a' : ng.failed ? 'FAILED' : fmtS(ng.seconds),
    r.ratio === null ? '–' : r.ratio.toFixed(2),
    mf.failed ? 'FAILED' : fmtA(mf.analysisSeconds),
    !ng ? 'n/a' : ng.failed ? 'FAILED' : fmtNgA(ng.analysisSeconds),
    r.analysisRatio === null ? '–' : coarse + r.analysisRatio.toFixed(2),
    fmtErr(r.errorVsNgspice, r.target),
    r.reference ? fmtErr(r.errorVsReference, r.target) + (r.referenceKind === 'independent' ? ' (exact)' : '') : '',
  ];
});

const notes = [];
if (!machine.ngspice) notes.push(`ngspice not installed ('${NGSPICE}'): memflow timed alone; no ratio, no error vs ngspice`);
for (const r of results) {
  if (r.memflow.failed) notes.push(`${r.case}: memflow failed — ${r.memflow.message}`);
  if (r.timeoutSec !== DEFAULT_TIMEOUT && timeoutSec === undefined) {
    notes.push(`${r.case}: time limit ${r.timeoutSec} s instead of ${DEFAULT_TIMEOUT} s (ngspice is known to stall on it; --timeout overrides)`);
  }
  if (r.ngspice?.failed) notes.push(`${r.case}: ngspice failed — ${r.ngspice.message}`);
  if (!r.memflow.failed && !Number.isFinite(r.memflow.analysisSeconds)) {
    notes.push(`${r.case}: no analysis time from memflow (no summary line in ${relative(ROOT, join(WORK, r.case + '.memflow.log'))})`);
  }
  if (r.ngspice && !r.ngspice.failed) {
    const a = r.ngspice.analysisSeconds;
    if (!Number.isFinite(a)) notes.push(`${r.case}: no "Total analysis time" in ngspice's log`);
    else if (a === 0) notes.push(`${r.case}: ngspice's analysis clock read 0 (under its 1 ms resolution): no analysis ratio`);
  }
  if (r.referenceKind === 'independent') {
    const ngRef = r.ngspiceErrorVsReference?.max;
    notes.push(
      `${r.case}: err vs reference is against the independent exact solution ${r.reference} (the shared ${r.case}.ngspice.csv is known to be wrong: fixtures/reference/independent/README.md)` +
        (ngRef ? `; ngspice's own result against it: ${fmtE(ngRef.error)} ${ngRef.name}` : ''),
    );
  }
  for (const [label, cmp] of [['vs ngspice', r.errorVsNgspice], ['vs reference', r.errorVsReference]]) {
    if (!cmp) continue;
    if (cmp.error) notes.push(`${r.case}: comparison ${label} failed — ${cmp.error}`);
    if (cmp.partial) {
      const x = r.analysis === 'dc' ? 'sweep' : 't';
      notes.push(`${r.case}: the ${label.replace('vs ', '')} result covers only ${x} = ${cmp.span.ref[0]}…${cmp.span.ref[1]} of memflow's ${cmp.span.ours[0]}…${cmp.span.ours[1]}; its error is measured there only`);
    }
    if (cmp.missing.length) notes.push(`${r.case}: columns missing from memflow's CSV (${label}): ${cmp.missing.join(', ')}`);
    const over = cmp.columns.filter((col) => !(col.error <= r.target));
    if (over.length) notes.push(`${r.case}: ${label} above ${r.target} in ${over.map((col) => `${col.name} ${fmtE(col.error)}`).join(', ')}`);
  }
}
const startupLine =
  `process start-up (best of ${Math.max(repeat, 5)}): memflow ${startup.failed ? 'FAILED' : fmtS(startup.seconds) + ' s'} (\`memflow devices\`)` +
  (ngStartup ? `, ngspice ${ngStartup.failed ? 'FAILED' : fmtS(ngStartup.seconds) + ' s'} (one-resistor .op)` : '');

function textTable(head, body) {
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((r) => r[k].length)));
  const line = (r) => r.map((cell, k) => (k >= 1 && k <= NUMERIC ? cell.padStart(widths[k]) : cell.padEnd(widths[k]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
function mdTable(head, body) {
  const esc = (s) => s.replace(/\|/g, '\\|');
  const align = head.map((_, k) => (k >= 1 && k <= NUMERIC ? '---:' : '---'));
  return [head, align, ...body].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}

const legend =
  'Wall: the whole process from a shell (start-up, parsing, analysis, writing the CSV), best of K. ' +
  'Analysis: each simulator\'s own figure for the analysis alone (memflow: its summary line, compile + solve, wall clock; ' +
  'ngspice: rusage "Total analysis time", setup + solve, CPU time in 1 ms steps), best of K; no start-up, no parsing. ' +
  `ng/mf × > 1: memflow faster; ~ = ngspice's analysis under ${NG_CLOCK_COARSE} s, where its 1 ms clock makes the ratio rough. ` +
  'Errors: max over columns of max|memflow − other| / range(other), memflow interpolated onto the other\'s time/sweep points; ' +
  `✗ = above the reference README's target (${TARGET.tran} transient, ${TARGET.dc} DC). ngspice runs at its default options` +
  (values['ngspice-options'] ? ` plus .options ${values['ngspice-options']}` : '') + '.';

process.stdout.write('\n' + textTable(HEAD, rows) + '\n\n' + startupLine + '\n');
if (notes.length) process.stdout.write(notes.map((n) => '  - ' + n).join('\n') + '\n');
process.stdout.write(`\n${legend}\nwritten: ${relative(process.cwd(), join(RESULTS, 'latest.md'))}, ${relative(process.cwd(), join(RESULTS, 'latest.json'))}\n`);

const md = [
  '# memflow bench — latest run',
  '',
  `- date: ${machine.date}`,
  `- machine: ${machine.cpu} ×${machine.cpus}, ${machine.memoryGB} GB, ${machine.platform}`,
  `- node ${machine.node}; ${machine.ngspice ?? 'ngspice not installed'}; memflow ${machine.memflowCommit ?? '(no git)'}`,
  `- best of ${repeat} runs${values.quick ? '; --quick' : ''}${values.only ? `; --only ${values.only}` : ''}`,
  '',
  mdTable(HEAD, rows),
  '',
  startupLine,
  '',
  ...(notes.length ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
  legend,
  '',
].join('\n');
writeFileSync(join(RESULTS, 'latest.md'), md);
writeFileSync(
  join(RESULTS, 'latest.json'),
  JSON.stringify({ machine, startup: { memflow: startup, ngspice: ngStartup ?? null }, cases: results }, null, 2) + '\n',
);
process.exitCode = 0;
