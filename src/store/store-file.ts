import {
  accessSync,
  closeSync,
  constants,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE, tightenPrivateFile } from '../files/index.js';
import { sqliteDriver } from './sqlite-driver.js';
import { toStoreError } from './sqlite-errors.js';

/**
 * The database file around SQLite: what must hold before a connection is opened.
 *
 * - An empty file is refused (`store.empty`): SQLite would silently start a new database in it,
 *   and the events, runs and workflow history the file held would be gone without a word.
 * - A file or folder we cannot write is refused up front (`store.readonly`): SQLite would open
 *   it read-only and fail at the first write, deep inside whatever command ran.
 * - A new database is built whole under a temp name and linked into place, so a crash never
 *   leaves an empty `state.db` behind, and of two processes creating it at once one wins and
 *   the other opens the winner's file (link, unlike rename, never replaces).
 * - Everything is owner-only: the folder 0700, the database 0600 (SQLite gives its `-wal` and
 *   `-shm` the database's mode).
 */

function readonlyError(path: string, what: string, cause: unknown): StoreError {
  const message =
    what === path
      ? `${path} is read-only: the state database cannot be written`
      : `${what}, the folder of ${path}, is read-only: the state database cannot be written`;
  return new StoreError('store.readonly', message, {
    hint: `make it writable (chmod u+w ${what}; for an immutable file, chattr -i), or run as its owner`,
    cause,
    exitCode: 2,
  });
}

/**
 * Checks an existing database before it is opened and tightens its modes; false when there is
 * no file yet (a read-only open then fails with `store.not_found`).
 */
export function prepareExistingFile(path: string, readonly: boolean): boolean {
  if (!readonly) {
    const folder = dirname(path);
    ensurePrivateDir(folder, { tighten: basename(folder) === '.claude-hybrid' });
  }
  let size: number;
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) {
      if (!readonly) return false;
      throw new StoreError('store.not_found', `${path} does not exist`, {
        hint: 'Run `claude-hybrid init` in the project first.',
      });
    }
    size = stats.size;
  } catch (error) {
    throw toStoreError(error, 'reading the store file', path);
  }
  if (size === 0) {
    throw new StoreError(
      'store.empty',
      `${path} is empty (0 bytes): the events, runs and workflow history it held are gone`,
      {
        hint: `delete ${path} to start a new one (memories are rebuilt from their files), or restore it from a backup`,
        exitCode: 2,
      },
    );
  }
  if (readonly) return true;
  for (const target of [path, dirname(path)]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      throw readonlyError(path, target, error);
    }
  }
  for (const suffix of ['', '-wal', '-shm']) tightenPrivateFile(`${path}${suffix}`);
  return true;
}

let sequence = 0;

/**
 * Creates the database at `path` whole: an owner-only temp file in the same folder, set up by
 * `prepare` (pragmas, migrations), closed (which folds the WAL back in), then linked into place.
 */
export function createDatabaseWhole(
  path: string,
  prepare: (db: Database.Database) => unknown,
  busyTimeoutMs: number,
): void {
  sequence += 1;
  // `state.db-*`: the name init's .gitignore already ignores, should a kill -9 leave it behind.
  const temp = `${path}-new-${process.pid}-${sequence}`;
  try {
    try {
      closeSync(openSync(temp, 'wx', PRIVATE_FILE_MODE));
    } catch (error) {
      throw readonlyError(path, dirname(path), error);
    }
    let db: Database.Database;
    try {
      db = new (sqliteDriver())(temp, { timeout: busyTimeoutMs });
    } catch (error) {
      throw toStoreError(error, 'creating the store', path);
    }
    try {
      prepare(db);
    } finally {
      db.close();
    }
    placeNew(temp, path);
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      rmSync(`${temp}${suffix}`, { force: true });
  }
}

function placeNew(temp: string, path: string): void {
  try {
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code; // fs errors carry an errno code
    if (code === 'EEXIST') return; // another process created it first: use theirs
    // A file system without hard links: rename, after checking nobody created it meanwhile.
    if (statSync(path, { throwIfNoEntry: false }) !== undefined) return;
    try {
      renameSync(temp, path);
    } catch (renameError) {
      throw toStoreError(renameError, 'creating the store', path);
    }
  }
}
