// Times a whole child process: wall time of spawnSync measured with process.hrtime.bigint(),
// best of K runs. Both simulators go through this, so both pay their process start-up.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/**
 * Runs `command args` once with stdout+stderr sent to `logFile` (a file, not a pipe: ngspice can print
 * tens of MB of progress, and a pipe would make the parent's reading part of the timing).
 * @returns {{seconds: number, status: number|null, signal: string|null, timedOut: boolean, error?: string}}
 */
export function timeOnce(command, args, { logFile, timeoutSec = 60, cwd, env } = {}) {
  const fd = openSync(logFile, 'w');
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(command, args, {
      cwd,
      env,
      stdio: ['ignore', fd, fd],
      timeout: timeoutSec > 0 ? Math.round(timeoutSec * 1000) : undefined,
      killSignal: 'SIGKILL',
    });
    const t1 = process.hrtime.bigint();
    const timedOut = r.error?.code === 'ETIMEDOUT';
    return {
      seconds: Number(t1 - t0) / 1e9,
      status: r.status,
      signal: r.signal,
      timedOut,
      error: r.error && !timedOut ? String(r.error.message ?? r.error) : undefined,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Best-of-K timing. `attempt(k)` runs the process once and returns {seconds, failed, ...}; a failed
 * attempt stops the repetition (a failure is reported once, not timed K times).
 * @returns the best successful attempt (with `runs`, the list of all times), or the failed attempt.
 */
export function bestOf(repeat, attempt) {
  const times = [];
  let best;
  for (let k = 0; k < Math.max(1, repeat); k++) {
    const r = attempt(k);
    times.push(r.seconds);
    if (r.failed) return { ...r, runs: times };
    if (!best || r.seconds < best.seconds) best = r;
  }
  return { ...best, runs: times };
}
