/**
 * SQLite through node-sqlite3-wasm: SQLite compiled to WebAssembly with a file-backed VFS (real
 * fsync on xSync), so it installs without a native build and runs unchanged under Electron.
 *
 * Two things the native library would do for us are done here:
 *  - its VFS locks a database by creating the directory `<db>.lock`; a killed process leaves it
 *    behind, so the session clears it once its own lock file says the owner is dead
 *    (`clearStaleDbLock`);
 *  - a connection that finds the database locked gets SQLITE_BUSY at once (there is no busy
 *    handler), so every access goes through `retryBusy`.
 */
import type sqliteWasmModule from 'node-sqlite3-wasm';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

type SqliteWasm = typeof sqliteWasmModule;
export type Database = InstanceType<SqliteWasm['Database']>;
export type Statement = ReturnType<Database['prepare']>;
export type Row = Record<string, number | bigint | string | Uint8Array | null>;

let loaded: SqliteWasm | undefined;
/** Compiles the 1.3 MB WebAssembly module on first use only. */
function sqlite(): SqliteWasm {
  loaded ??= createRequire(import.meta.url)('node-sqlite3-wasm') as SqliteWasm;
  return loaded;
}

/** How long an access waits for another connection's lock before giving up (ms). */
const BUSY_TIMEOUT_MS = 20_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function isBusy(err: unknown): boolean {
  return err instanceof sqlite().SQLite3Error && /locked|busy/i.test(err.message);
}

/** Runs `fn`, retrying while the database is locked by another connection. */
export function retryBusy<T>(fn: () => T, what: string): T {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) {
        if (isBusy(err)) throw new Error(`${what}: the session database stayed locked for ${BUSY_TIMEOUT_MS / 1000} s (another memflow process is using it)`, { cause: err });
        throw err;
      }
      Atomics.wait(sleeper, 0, 0, wait);
    }
  }
}

export function openDatabase(file: string, opts: { readOnly?: boolean; mustExist?: boolean } = {}): Database {
  const db = retryBusy(() => new (sqlite().Database)(file, { fileMustExist: opts.mustExist ?? false, readOnly: opts.readOnly ?? false }), `opening ${file}`);
  if (!opts.readOnly) {
    // Rollback journal (the WASM VFS has no shared memory for WAL), synced on every commit: a
    // transaction is either all on disk or rolled back from the hot journal at the next open.
    retryBusy(() => db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;'), 'configuring the session database');
  }
  return db;
}

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE … COMMIT); rolls back if it throws. */
export function transaction<T>(db: Database, fn: () => T): T {
  retryBusy(() => db.exec('BEGIN IMMEDIATE'), 'starting a transaction');
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/** Removes the WASM VFS's lock directory of a database whose owner is known to be dead. */
export function clearStaleDbLock(file: string): boolean {
  const lock = `${file}.lock`;
  if (!existsSync(lock)) return false;
  rmSync(lock, { recursive: true, force: true });
  return true;
}

/** `PRAGMA integrity_check` (or the faster quick_check): 'ok' or the problems SQLite found. */
export function integrityCheck(db: Database, quick = false): string {
  const rows = retryBusy(() => db.all(quick ? 'PRAGMA quick_check' : 'PRAGMA integrity_check'), 'checking the database') as Row[];
  return rows.map((r) => String(Object.values(r)[0])).join('; ');
}
