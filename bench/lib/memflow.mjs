// Runs memflow's CLI (`node core/bin/memflow.js run FILE --csv OUT`), timing the whole process.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestOf, timeOnce } from './proc.mjs';
import { describeNetlist } from './netlist.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'core', 'bin', 'memflow.js');

/** One summary line per analysis, e.g.
 * `.tran: 304 unknowns, 2004 points, 2003 steps (0 rejected), 2006 factorisations, 270.7 ms`;
 * the last figure is the in-process analysis time (compile + solve, `performance.now()` around `simulate`). */
const SUMMARY = /^\.(\w+): (\d+) unknowns, (\d+) points(?:, (\d+) steps \((\d+) rejected\))?, (\d+) factori[sz]ations, ([\d.]+) ms/gm;

/** Every analysis's summary line in a non-quiet run's stdout. */
export function parseSummaries(log) {
  return [...log.matchAll(SUMMARY)].map((m) => ({
    analysis: m[1],
    unknowns: Number(m[2]),
    points: Number(m[3]),
    steps: m[4] === undefined ? undefined : Number(m[4]),
    rejected: m[5] === undefined ? undefined : Number(m[5]),
    factorizations: Number(m[6]),
    solveMs: Number(m[7]),
  }));
}

function countRows(csvPath) {
  const text = readFileSync(csvPath, 'utf8');
  let n = 0;
  for (const line of text.split('\n')) if (line.trim() !== '') n++;
  return { rows: Math.max(0, n - 1), lastX: Number((text.trimEnd().split('\n').pop() ?? '').split(',')[0]) };
}

/**
 * Runs memflow on `netlist`, best of `repeat` runs, every run without `-q` (stdout to the log file; without
 * a TTY that only adds the summary lines, no progress bar). Two figures per run: the wall time of the
 * process and the analysis time from the summary line(s) (summed if the netlist has several analyses).
 * Each is the best of its own runs (`seconds` / `analysisSeconds`, all runs in `runs` / `analysisRuns`).
 * `stats` is the first analysis's summary line of the first run.
 * @returns {{csvPath, seconds, rows, failed, message, runs, analysisSeconds, analysisRuns, stats}}
 */
export function runMemflow(netlist, { workDir, repeat = 3, timeoutSec = 60 } = {}) {
  const info = describeNetlist(netlist);
  const name = basename(netlist).replace(/\.(cir|json)$/i, '');
  const csvPath = join(workDir, `${name}.memflow.csv`);
  const logFile = join(workDir, `${name}.memflow.log`);
  let stats;
  const analysisRuns = [];
  const best = bestOf(repeat, () => {
    rmSync(csvPath, { force: true });
    const args = [CLI, 'run', netlist, '--csv', csvPath];
    const p = timeOnce(process.execPath, args, { logFile, timeoutSec, cwd: ROOT });
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    const fail = (message) => ({ seconds: p.seconds, rows: 0, failed: true, message });
    if (p.error) return fail(`could not run node: ${p.error}`);
    if (p.timedOut) return fail(`no result after ${timeoutSec} s (killed)`);
    if (p.status !== 0) {
      const first = log.split('\n').find((l) => l.trim()) ?? '';
      return fail(`exit ${p.status ?? p.signal}${first ? ': ' + first.trim().slice(0, 200) : ''}`);
    }
    const summaries = parseSummaries(log);
    stats ??= summaries[0];
    analysisRuns.push(summaries.length ? Number((summaries.reduce((sum, s) => sum + s.solveMs, 0) / 1000).toFixed(6)) : NaN);
    if (!existsSync(csvPath)) return fail('no CSV written');
    const { rows, lastX } = countRows(csvPath);
    if (rows === 0) return fail('CSV has no rows');
    if (Number.isFinite(info.stop) && info.analysis !== 'op') {
      const span = Math.abs(info.stop - info.start) || 1;
      if (!(Math.abs(lastX - info.stop) <= 1e-6 * span)) return fail(`partial output: stops at ${lastX} of ${info.stop}`);
    }
    return { seconds: p.seconds, rows, failed: false, message: '' };
  });
  const found = analysisRuns.filter(Number.isFinite);
  const analysisSeconds = !best.failed && found.length === analysisRuns.length ? Math.min(...found) : NaN;
  return { csvPath, ...best, analysisSeconds, analysisRuns, stats };
}

/** Process start-up cost: `memflow devices` (loads the CLI and device registry, simulates nothing). */
export function memflowStartup({ workDir, repeat = 3 } = {}) {
  const logFile = join(workDir, 'startup.memflow.log');
  return bestOf(repeat, () => {
    const p = timeOnce(process.execPath, [CLI, 'devices'], { logFile, cwd: ROOT });
    return { seconds: p.seconds, failed: p.status !== 0, message: p.status !== 0 ? `exit ${p.status}` : '' };
  });
}
