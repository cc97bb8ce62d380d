import { sqliteDriver } from './sqlite-driver.js';
import { StoreError } from '../errors.js';

/**
 * Error codes thrown by the store (registered, with exit codes, in src/error-codes.ts):
 * - `store.busy`            another connection held the lock past the busy timeout
 * - `store.not_a_database`  the file exists but is not SQLite
 * - `store.future_version`  written by a newer claude-hybrid; left untouched
 * - `store.not_found`       read-only open of a file that does not exist
 * - `store.schema_outdated` read-only open of a database that still needs migrations
 * - `store.readonly`        a write through a read-only store, or a file or folder that cannot be
 *                           written (exit 2: the user's to fix)
 * - `store.empty`           an empty (0-byte) database file, refused rather than re-created
 * - `store.invalid_options` / `store.invalid_query` / `store.invalid_event` bad arguments
 * - `store.payload_too_large` an event payload over the size cap
 * - `store.migration_failed` a migration's SQL failed; the database keeps its previous version
 * - `store.invalid_migrations` the migration list itself is misnumbered (a bug in this code)
 * - `store.failed`          any other SQLite failure (the SqliteError is the cause)
 */
const BUSY_HINT =
  'Another process (a claude-hybrid command or the daemon) is holding the database lock; retry, or stop it.';

/** SQLite result codes arrive as strings such as `SQLITE_BUSY_SNAPSHOT`; match on the family. */
function sqliteCode(error: unknown): string | undefined {
  return error instanceof sqliteDriver().SqliteError ? error.code : undefined;
}

export function isBusyError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function notADatabaseError(path: string, cause: unknown): StoreError {
  return new StoreError('store.not_a_database', `${path} is not a SQLite database`, {
    hint: 'Move the file aside; claude-hybrid recreates its state database on the next run.',
    cause,
  });
}

/**
 * Turns whatever a store operation threw into a StoreError. StoreErrors pass through unchanged,
 * so wrapping at every public boundary never double-wraps.
 */
export function toStoreError(error: unknown, action: string, path: string): StoreError {
  if (error instanceof StoreError) return error;
  if (isBusyError(error)) {
    return new StoreError('store.busy', `${action} timed out waiting for the lock on ${path}`, {
      hint: BUSY_HINT,
      cause: error,
    });
  }
  const code = sqliteCode(error);
  if (code === 'SQLITE_NOTADB') return notADatabaseError(path, error);
  if (code !== undefined && code.startsWith('SQLITE_READONLY')) {
    return new StoreError(
      'store.readonly',
      `${action} failed: ${path} is read-only (opened read-only, or the file or its folder cannot be written)`,
      {
        hint: 'Open the store without `readonly`, or make the file and its folder writable (chmod u+w; chattr -i for an immutable file).',
        cause: error,
      },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError('store.failed', `${action} failed on ${path}: ${detail}`, {
    hint: 'Run again with --debug for the SQLite error; check disk space and file permissions.',
    cause: error,
  });
}

/**
 * A SQLite error that reached the top without a name (a read-only database noticed mid-command,
 * a full disk) as the store error it is (`store.readonly`, `store.busy`, ...), so it is reported
 * as such and not as a crash; anything else is returned as it is.
 */
export function namedStoreError(error: unknown): unknown {
  // The code is looked at first: the driver (a native module) is not loaded for other errors.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_') || sqliteCode(error) === undefined)
    return error;
  return toStoreError(error, 'a database operation', 'the project store');
}
