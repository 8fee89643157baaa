// Runs ngspice in batch mode on a netlist and writes its result as CSV in memflow's contract
// (header; first column `time` or `sweep`; then the .print variables, lowercase as written).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bestOf, timeOnce } from './proc.mjs';
import { describeNetlist } from './netlist.mjs';

export const NGSPICE = process.env.NGSPICE ?? 'ngspice';

/** ngspice's version line, or undefined when it is not installed. */
export function ngspiceVersion(bin = NGSPICE) {
  const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /ngspice-?\s*([\w.+-]+)/i.exec(r.stdout);
  return m ? `ngspice ${m[1]}` : r.stdout.trim().split('\n')[0];
}

/**
 * The batch deck: the netlist without `.end`, with `.print`/`.plot` commented out (in batch mode they
 * make ngspice run the analysis a second time just to print a table), an optional `.options` line and a
 * `.control` block that writes the .print variables with wrdata and quits (without `quit`, `ngspice -b`
 * on a deck with no .print exits with status 1 after "no simulations run", although the block ran).
 * `rusage time` after `run` prints ngspice's own "Total analysis time (seconds) = …" (see ANALYSIS_TIME).
 */
export function batchDeck(netlistText, { dataFile, vars, options }) {
  const out = [];
  let inPrint = false;
  for (const line of netlistText.split(/\r?\n/)) {
    const t = line.trim().toLowerCase();
    if (t === '.end') break;
    if (/^\.(print|plot)\b/.test(t) || (inPrint && t.startsWith('+'))) {
      inPrint = true;
      out.push('* (bench) ' + line);
      continue;
    }
    inPrint = false;
    out.push(line);
  }
  while (out.length && out[out.length - 1].trim() === '') out.pop();
  if (options) out.push(`.options ${options}`);
  out.push('.control', 'set wr_singlescale', 'set wr_vecnames', 'option numdgt=12', 'run', 'rusage time', `wrdata ${dataFile} ${vars.join(' ')}`, 'quit', '.endc', '.end', '');
  return out.join('\n');
}

/** wrdata's whitespace table → CSV text; the first column is renamed to time/sweep, the rest to `vars`. */
export function wrdataToCsv(text, { analysis, vars }) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return { csv: '', rows: 0, lastX: NaN, problem: 'empty output' };
  const names = lines[0].trim().split(/\s+/);
  const ncol = vars.length + 1;
  let problem;
  if (names.length !== ncol) problem = `wrdata header has ${names.length} columns (${names.join(' ')}), expected ${ncol}`;
  const header = [analysis === 'dc' ? 'sweep' : 'time', ...vars.map((v) => v.toLowerCase())];
  const rows = [header.join(',')];
  let lastX = NaN;
  for (let k = 1; k < lines.length; k++) {
    const cells = lines[k].trim().split(/\s+/);
    if (cells.length !== ncol || cells.some((c) => !Number.isFinite(Number(c)))) {
      problem ??= `bad wrdata row ${k + 1}: '${lines[k].trim().slice(0, 80)}'`;
      continue;
    }
    lastX = Number(cells[0]);
    rows.push(cells.join(','));
  }
  return { csv: rows.join('\n') + '\n', rows: rows.length - 1, lastX, problem };
}

/**
 * `rusage time` prints STATtotAnalTime: ngspice's CKTdoJob measures it around CKTsetup + CKTtemp + the
 * analyses (so netlist parsing, start-up and wrdata are outside it) with IFseconds() = getrusage user CPU
 * time. It comes in whole milliseconds on the bench machine (0.002, 0.111, 2.097 …), so it reads 0 for an
 * analysis shorter than 1 ms and is coarse below ~10 ms.
 */
const ANALYSIS_TIME = /^Total analysis time \(seconds\) = ([-+\d.eE]+)/m;

export function parseAnalysisTime(log) {
  const m = ANALYSIS_TIME.exec(log);
  return m ? Number(m[1]) : NaN;
}

const FATAL = [
  /timestep too small/i,
  /simulation\(s\) aborted/i,
  /\baborted\b/i,
  /simulation interrupted due to error/i,
  /fatal error/i,
  /could not find a valid modelname/i,
  /unable to find definition of model/i,
  /model name is not found/i,
  /no such vector/i,
];

/** First lines of the log that explain a failure (errors first, then the matching fatal pattern). */
function diagnose(log) {
  const lines = log.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const hits = lines.filter((l) => FATAL.some((re) => re.test(l)) || /^error\b/i.test(l));
  return [...new Set(hits)].slice(0, 3).join(' | ');
}

/**
 * Runs ngspice on `netlist`, best of `repeat` runs: the wall time of the process (`seconds`) and, each
 * the best of its own runs, ngspice's total analysis time from `rusage time` (`analysisSeconds`).
 * @returns {{csvPath: string, seconds: number, rows: number, failed: boolean, message: string, runs: number[],
 *            analysisSeconds: number, analysisRuns: number[]}}
 */
export function runNgspice(netlist, { workDir, repeat = 3, options, timeoutSec = 60, bin = NGSPICE } = {}) {
  const info = describeNetlist(netlist);
  const name = basename(netlist).replace(/\.cir$/i, '');
  const deckPath = join(workDir, `${name}.ngspice.cir`);
  const dataFile = join(workDir, `${name}.ngspice.data`);
  const csvPath = join(workDir, `${name}.ngspice.csv`);
  const logFile = join(workDir, `${name}.ngspice.log`);
  if (info.printVars.length === 0) {
    return { csvPath, seconds: NaN, rows: 0, failed: true, message: 'netlist has no .print variables', runs: [], analysisSeconds: NaN, analysisRuns: [] };
  }
  if (/\s/.test(dataFile)) throw new Error(`work directory must not contain spaces (ngspice's wrdata): ${dataFile}`);
  writeFileSync(deckPath, batchDeck(readFileSync(netlist, 'utf8'), { dataFile, vars: info.printVars, options }));

  const analysisRuns = [];
  const best = bestOf(repeat, () => {
    rmSync(dataFile, { force: true });
    const p = timeOnce(bin, ['-b', deckPath], { logFile, timeoutSec });
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    const fail = (message) => ({ seconds: p.seconds, rows: 0, failed: true, message });
    if (p.error) return fail(`could not run ${bin}: ${p.error}`);
    if (p.timedOut) {
      // ngspice's progress lines ("Reference value : 7.53e-03") tell where it got stuck.
      const progress = [...log.slice(-4096).matchAll(/Reference value\s*:\s*([-+\d.e]+)/gi)].pop();
      const where = progress ? `stalled at ${info.analysis === 'dc' ? 'sweep' : 't'} ≈ ${Number(progress[1]).toPrecision(3)}` : 'stalled';
      return fail(`no result after ${timeoutSec} s (killed): ${where}${diagnose(log) ? '; ' + diagnose(log) : ''}`);
    }
    const why = diagnose(log);
    if (p.status !== 0) return fail(`exit ${p.status ?? p.signal}${why ? ': ' + why : ''}`);
    if (FATAL.some((re) => re.test(log))) return fail(why);
    if (!existsSync(dataFile)) return fail('no wrdata output' + (why ? ': ' + why : ''));
    const conv = wrdataToCsv(readFileSync(dataFile, 'utf8'), { analysis: info.analysis, vars: info.printVars });
    if (conv.problem) return fail(conv.problem);
    if (conv.rows === 0) return fail('no data rows');
    // Partial data: the run must reach the end of the analysis.
    if (Number.isFinite(info.stop) && info.analysis !== 'op') {
      const span = Math.abs(info.stop - info.start) || 1;
      if (Math.abs(conv.lastX - info.stop) > 1e-6 * span) {
        return fail(`partial output: stops at ${conv.lastX} of ${info.stop}${why ? '; ' + why : ''}`);
      }
    }
    writeFileSync(csvPath, conv.csv);
    analysisRuns.push(parseAnalysisTime(log));
    return { seconds: p.seconds, rows: conv.rows, failed: false, message: '' };
  });
  const found = analysisRuns.filter(Number.isFinite);
  const analysisSeconds = !best.failed && found.length === analysisRuns.length ? Math.min(...found) : NaN;
  return { csvPath, ...best, analysisSeconds, analysisRuns };
}
