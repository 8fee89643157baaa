/**
 * `memflow session start SPEC --dir DIR | status DIR | resume DIR | pause DIR | export DIR`.
 * On a TTY a progress bar; otherwise one JSON object per line (events, and progress every 10 s).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GenerateError } from '../../common/generate/nanowire.js';
import { parseSessionSpec, SessionSpecError } from '../../common/session/spec.js';
import { SnapshotMismatchError } from '../../common/session/workload.js';
import { InputError } from '../errors.js';
import { progressBar } from '../progress.js';
import { CheckpointError } from './checkpoint-file.js';
import { exportSession } from './export.js';
import { SessionRunner, type RunnerOptions, type SessionLogEvent, type SessionProgress } from './runner.js';
import { formatStatus, readSessionStatus } from './status.js';
import { liveOwner, SessionStore, SessionStoreError } from './store.js';

export interface SessionIo {
  out(text: string): void;
  err(text: string): void;
}

/** Errors of this command that are the user's to fix (exit 2 with the message). */
export const SESSION_INPUT_ERRORS = [SessionSpecError, SessionStoreError, CheckpointError, SnapshotMismatchError, GenerateError];

const USAGE = `usage:
  memflow session start SPEC --dir DIR [--log json]   create DIR and run the session SPEC (JSON or YAML)
  memflow session resume DIR [--checkpoint N] [--log json]
                                                     continue from the last checkpoint (or the one at sample N)
  memflow session status DIR [--json]                progress, metrics, checkpoints, disk use and health
  memflow session pause DIR                          ask the running session to checkpoint and stop
  memflow session export DIR --format csv|parquet [--out DIR2]
                                                     metrics and waveforms as tables (default DIR2: DIR/export)`;

export async function loadSpecFile(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read session spec ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(file) ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
  return parseSessionSpec(value, file);
}

function reporter(io: SessionIo, label: string, json: boolean): Pick<RunnerOptions, 'onProgress' | 'onEvent'> & { done(): void } {
  const bar = json ? null : progressBar(label);
  let lastLine = 0;
  const line = (obj: Record<string, unknown>) => io.out(JSON.stringify({ at: new Date().toISOString(), ...obj }) + '\n');
  return {
    onProgress(p: SessionProgress) {
      if (bar) bar.update(p.totalSamples ? p.samplesDone / p.totalSamples : 0);
      else if (Date.now() - lastLine > 10_000) {
        lastLine = Date.now();
        line({ event: 'progress', status: p.status, sample: p.samplesDone, total: p.totalSamples, simTime: p.simTime, ...p.summary, rssMB: Math.round(process.memoryUsage().rss / 1e5) / 10 });
      }
    },
    onEvent(e: SessionLogEvent) {
      if (bar) return;
      line({ ...e });
    },
    done() {
      bar?.done();
    },
  };
}

/**
 * SIGINT and SIGTERM pause the session (a second one leaves at once). The handlers go in before the
 * runner exists: between taking the session's lock (when `memflow session pause` can already find this
 * process) and running, a signal would otherwise kill the process with Node's default action. One that
 * arrives that early pauses the runner as soon as it runs.
 */
function pauseOnSignals(): { attach(runner: SessionRunner): void; detach(): void } {
  let runner: SessionRunner | null = null;
  let pending: string | null = null;
  let signals = 0;
  const onSignal = (sig: string) => {
    signals++;
    if (signals > 1) process.exit(130); // a second Ctrl-C: leave now; the last checkpoint stands
    if (runner) runner.pause(`signal ${sig}`);
    else pending = sig;
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    attach(r) {
      runner = r;
      if (pending) r.pause(`signal ${pending}`);
    },
    detach() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

async function drive(runner: SessionRunner, io: SessionIo, rep: { done(): void }, dir: string, signals: ReturnType<typeof pauseOnSignals>): Promise<number> {
  try {
    // run() starts the session (a PAUSE before START would be dropped), then signals reach it.
    const running = runner.run();
    signals.attach(runner);
    const status = await running;
    rep.done();
    const w = runner.workload;
    const summary = Object.entries(w.summary())
      .filter(([, v]) => Number.isFinite(v))
      .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
      .join(', ');
    if (status === 'paused') io.err(`paused at sample ${w.index} of ${w.totalSamples}; continue with: memflow session resume ${dir}\n`);
    else io.err(`session finished: ${w.index} samples${summary ? `; ${summary}` : ''}\n`);
    return 0;
  } finally {
    rep.done();
    signals.detach();
    runner.close();
  }
}

/** Creates the runner with the signal handlers already in place (see pauseOnSignals). */
function withSignals(create: () => SessionRunner): { runner: SessionRunner; signals: ReturnType<typeof pauseOnSignals> } {
  const signals = pauseOnSignals();
  try {
    return { runner: create(), signals };
  } catch (err) {
    signals.detach();
    throw err;
  }
}

/**
 * Asks the process running the session in `dir` to checkpoint and pause: SIGINT to the lock's owner,
 * which the runner turns into PAUSE (see drive()). Returns that pid. The CLI and the desktop both use it.
 */
export function pauseSession(dir: string): number {
  SessionStore.open(dir, 'read').close();
  const pid = liveOwner(dir);
  if (pid === null) throw new InputError(`session ${dir} is not running`);
  process.kill(pid, 'SIGINT');
  return pid;
}

export async function cmdSession(args: string[], io: SessionIo, fixtures: string): Promise<number> {
  try {
    return await sessionCommand(args, io, fixtures);
  } catch (err) {
    if (SESSION_INPUT_ERRORS.some((cls) => err instanceof cls)) throw new InputError((err as Error).message);
    throw err;
  }
}

async function sessionCommand(args: string[], io: SessionIo, fixtures: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      json: { type: 'boolean' },
      log: { type: 'string' },
      checkpoint: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [sub, target] = positionals;
  if (!sub || positionals.length !== 2) throw new InputError(USAGE);
  if (values.log !== undefined && values.log !== 'json') throw new InputError(`--log takes 'json' (JSON lines even on a terminal), got '${values.log}'`);
  const json = values.log === 'json' || !process.stderr.isTTY;
  switch (sub) {
    case 'start': {
      if (!values.dir) throw new InputError(`session start needs --dir DIR (where the session is stored)\n${USAGE}`);
      const spec = await loadSpecFile(target);
      const rep = reporter(io, spec.name, json);
      const dir = values.dir;
      const { runner, signals } = withSignals(() => SessionRunner.start(spec, target, dir, { fixtures, ...rep }));
      return drive(runner, io, rep, dir, signals);
    }
    case 'resume': {
      let from: number | undefined;
      if (values.checkpoint !== undefined) {
        from = Number(values.checkpoint);
        if (!Number.isInteger(from) || from < 0) throw new InputError(`--checkpoint takes a sample count from \`memflow session status\`, got '${values.checkpoint}'`);
      }
      const rep = reporter(io, target, json);
      const { runner, signals } = withSignals(() => SessionRunner.resume(target, { fixtures, ...rep }, from));
      return drive(runner, io, rep, target, signals);
    }
    case 'status': {
      const s = readSessionStatus(target);
      io.out(values.json ? JSON.stringify(s, null, 2) + '\n' : formatStatus(s));
      return 0;
    }
    case 'pause': {
      const pid = pauseSession(target);
      io.out(`asked pid ${pid} to checkpoint and pause\n`);
      return 0;
    }
    case 'export': {
      const format = values.format;
      if (format !== 'csv' && format !== 'parquet') throw new InputError(`session export needs --format csv or --format parquet`);
      const store = SessionStore.open(target, 'read');
      try {
        const files = exportSession(store, format, values.out ?? join(target, 'export'));
        io.out(files.map((f) => `wrote ${f}\n`).join(''));
      } finally {
        store.close();
      }
      return 0;
    }
    default:
      throw new InputError(`unknown session command '${sub}'\n${USAGE}`);
  }
}
