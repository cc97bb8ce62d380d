import type Database from 'better-sqlite3';
import { isBusyError } from './sqlite-errors.js';

/** One shared cell for Atomics.wait, the only synchronous sleep Node offers. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(milliseconds: number): void {
  Atomics.wait(sleepCell, 0, 0, milliseconds);
}

/**
 * Puts the database in WAL mode, waiting out concurrent openers.
 *
 * Why a retry loop: switching a file into WAL needs an exclusive lock, and SQLite takes that
 * lock without calling the busy handler, so when several processes open a fresh database at
 * once all but one get SQLITE_BUSY immediately, whatever the busy timeout. We retry with a short
 * backoff for up to `busyTimeoutMs`, the same patience every other statement gets.
 * WAL is recorded in the file, so on every open after the first this is one read and no lock.
 */
export function enableWal(
  db: Database.Database,
  busyTimeoutMs: number,
  now: () => number = performance.now.bind(performance),
): void {
  const deadline = now() + busyTimeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusyError(error) || now() >= deadline) throw error;
      sleepSync(Math.min(2 ** attempt, 25));
    }
  }
}
