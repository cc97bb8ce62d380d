import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { EventsRepository } from './event-records.js';
import { createEventsRepository } from './events-repository.js';
import { enableWal } from './journal-mode.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { applyMigrations, readUserVersion } from './migrator.js';
import { sqliteDriver } from './sqlite-driver.js';
import { toStoreError } from './sqlite-errors.js';
import { createDatabaseWhole, prepareExistingFile } from './store-file.js';

export interface StoreOptions {
  /**
   * The database file, e.g. `<project>/.claude-hybrid/state.db`. Missing parent folders are
   * created 0700 and the database 0600; a `.claude-hybrid` folder and the database files of an
   * older install are tightened to those modes.
   */
  path: string;
  /**
   * How long a statement waits for another connection's lock before failing with `store.busy`,
   * in milliseconds.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * Open without write access: no folder is created, no pragma is changed, no migration runs,
   * and writes fail with `store.readonly`. The file must exist and be fully migrated.
   * @default false
   */
  readonly?: boolean;
}

export interface Store {
  readonly path: string;
  /** The raw connection, for repositories in other modules. Prefer a typed repository. */
  readonly db: Database.Database;
  /** `user_version` after opening: LATEST_SCHEMA_VERSION. */
  readonly schemaVersion: number;
  readonly events: EventsRepository;
  /** Closes the connection. Safe to call twice. */
  close(): void;
}

interface ResolvedStoreOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly readonly: boolean;
}

function resolveOptions(options: StoreOptions): ResolvedStoreOptions {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new StoreError(
      'store.invalid_options',
      `busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`,
      { hint: 'Pass a whole number of milliseconds, e.g. 5000.', exitCode: 2 },
    );
  }
  if (options.path === '') {
    throw new StoreError('store.invalid_options', 'the store path is empty', { exitCode: 2 });
  }
  return { path: options.path, busyTimeoutMs, readonly: options.readonly ?? false };
}

function futureVersionError(path: string, version: number): StoreError {
  return new StoreError(
    'store.future_version',
    `${path} has schema version ${version}, newer than ${LATEST_SCHEMA_VERSION}, the newest this claude-hybrid knows`,
    {
      hint: 'Upgrade claude-hybrid to the release that wrote this database; the file was not modified.',
    },
  );
}

/**
 * Checks the on-disk version before anything that could write. A database from a newer release
 * must stay byte-for-byte untouched (even `journal_mode = WAL` rewrites the header), so the user
 * can go back to that release without loss.
 */
function readVersionUntouched(db: Database.Database, path: string): number {
  let version: number;
  try {
    version = readUserVersion(db);
  } catch (error) {
    // The first read is where a non-SQLite file shows up, as SQLITE_NOTADB.
    throw toStoreError(error, 'reading the schema version', path);
  }
  if (version > LATEST_SCHEMA_VERSION) throw futureVersionError(path, version);
  return version;
}

/** Sets the connection up for many short concurrent writers, then brings the schema up to date. */
function prepareForWriting(
  db: Database.Database,
  config: Pick<ResolvedStoreOptions, 'path' | 'busyTimeoutMs'>,
): number {
  const { path } = config;
  try {
    // WAL: readers never block the writer and vice versa (the daemon reads while hooks write).
    // NORMAL is durable across application crashes in WAL mode; only an OS crash or power loss
    // can drop the last commits, an acceptable trade for an event log at hook frequency.
    enableWal(db, config.busyTimeoutMs);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const { version } = applyMigrations(db, MIGRATIONS);
    // Another process may have migrated past us between our check and our lock.
    if (version > LATEST_SCHEMA_VERSION) throw futureVersionError(path, version);
    return version;
  } catch (error) {
    throw toStoreError(error, 'opening the store', path);
  }
}

/**
 * Opens (creating if needed) the project database and migrates it to LATEST_SCHEMA_VERSION.
 *
 * Order matters: busy timeout first (so every later step waits for other processes' locks
 * instead of failing), then the version check before anything is changed, then pragmas and
 * migrations. On any failure the connection is closed before the error is thrown.
 */
export function openStore(options: StoreOptions): Store {
  const config = resolveOptions(options);
  const { path } = config;
  // Refuses a missing (read-only open), empty or unwritable file with a named error, and makes
  // the folder and files owner-only; a missing database is created whole, never left empty.
  if (!prepareExistingFile(path, config.readonly))
    createDatabaseWhole(path, (db) => prepareForWriting(db, config), config.busyTimeoutMs);

  let db: Database.Database;
  try {
    // `timeout` is applied as sqlite3_busy_timeout right after open, before any statement runs.
    db = new (sqliteDriver())(path, {
      readonly: config.readonly,
      fileMustExist: config.readonly,
      timeout: config.busyTimeoutMs,
    });
  } catch (error) {
    throw toStoreError(error, 'opening the store', path);
  }

  try {
    let schemaVersion = readVersionUntouched(db, path);
    if (config.readonly) {
      if (schemaVersion < LATEST_SCHEMA_VERSION) {
        throw new StoreError(
          'store.schema_outdated',
          `${path} has schema version ${schemaVersion} and needs migrating to ${LATEST_SCHEMA_VERSION}, which a read-only store cannot do`,
          { hint: 'Run any claude-hybrid command that writes (e.g. `claude-hybrid init`) once.' },
        );
      }
      db.pragma('foreign_keys = ON');
    } else {
      schemaVersion = prepareForWriting(db, config);
    }
    const events = createEventsRepository(db, path);
    return {
      path,
      db,
      schemaVersion,
      events,
      close(): void {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw toStoreError(error, 'opening the store', path);
  }
}
