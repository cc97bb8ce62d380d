import type { Pool } from 'pg';
import { StoreError } from '../../errors.js';
import type { CheckpointRepository } from '../../workflow/checkpoint-repository.js';
import type { MigrationResult } from '../migrator.js';
import type { PoolOptions } from './open-pool.js';
import { openPool } from './open-pool.js';
import { PgCheckpoints } from './pg-checkpoints.js';
import type { PgEvents } from './pg-events.js';
import { createPgEvents } from './pg-events.js';
import { createPgMemory } from './pg-memory.js';
import type { SharedMemoryLog } from '../../memory/shared-memory-log.js';
import { toPgStoreError } from './pg-errors.js';
import type { PgResponseCache, PgResponseCacheOptions } from './pg-response-cache.js';
import { createPgResponseCache } from './pg-response-cache.js';
import { LATEST_PG_SCHEMA_VERSION, PG_MIGRATIONS } from './pg-migrations.js';
import { applyPgMigrations, readPgVersion } from './pg-migrator.js';
import { parsePostgresUrl } from './postgres-url.js';

export interface SharedStoreOptions extends PoolOptions {
  /** The clock checkpoints are stamped with, in epoch ms. @default Date.now */
  now?: () => number;
}

/** The shared Postgres store (`store.url`), opened and migrated. */
export interface SharedStore {
  /** The URL without credentials: what messages name it by. */
  readonly url: string;
  /** What opening did to the schema: the version, and the migrations this open applied. */
  readonly migration: MigrationResult;
  readonly checkpoints: CheckpointRepository;
  readonly events: PgEvents;
  /** The shared response cache, read with the given TTL. */
  responseCache(options?: PgResponseCacheOptions): PgResponseCache;
  /** The shared log of memory entries every project's memory replicates. */
  readonly memory: SharedMemoryLog;
  /** The schema version the database records now. */
  version(): Promise<number>;
  /** Ends the pool, waiting for queries in flight. Safe to call twice. */
  close(): Promise<void>;
}

export function futurePgVersionError(display: string, version: number): StoreError {
  return new StoreError(
    'store.future_version',
    `the Postgres store at ${display} has schema version ${version}, newer than ${LATEST_PG_SCHEMA_VERSION}, the newest this claude-hybrid knows`,
    {
      hint: 'Upgrade claude-hybrid to the release that migrated this database; it was not modified.',
    },
  );
}

/** Migrates an open pool, refusing (before any write) a database from a newer release. */
export async function migratePool(pool: Pool, display: string): Promise<MigrationResult> {
  try {
    return await applyPgMigrations(pool, PG_MIGRATIONS, (version) => {
      if (version > LATEST_PG_SCHEMA_VERSION) throw futurePgVersionError(display, version);
    });
  } catch (error) {
    throw toPgStoreError(error, 'migrating', display);
  }
}

/**
 * Opens the shared store named by `url` and brings its schema up to date, with the semantics
 * of the SQLite store's open: the URL is validated first (`store.invalid_url`, exit 2), the
 * server must answer within `connectTimeoutMs` (`store.unreachable`), a database from a newer
 * release is refused untouched (`store.future_version`), and pending migrations are applied,
 * each in one transaction. On any failure the pool is ended before the error is thrown.
 */
export async function openSharedStore(
  url: string,
  options: SharedStoreOptions = {},
): Promise<SharedStore> {
  const parsed = parsePostgresUrl(url);
  const { display } = parsed;
  const pool = await openPool(parsed, options);
  let migration: MigrationResult;
  try {
    migration = await migratePool(pool, display);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url: display,
    migration,
    checkpoints: new PgCheckpoints(pool, display, options.now),
    events: createPgEvents(pool, display),
    responseCache: (cacheOptions) => createPgResponseCache(pool, display, cacheOptions),
    memory: createPgMemory(pool, display, options.now),
    async version() {
      try {
        return await readPgVersion(pool);
      } catch (error) {
        throw toPgStoreError(error, 'reading the schema version', display);
      }
    },
    close() {
      closing ??= pool.end().catch(() => undefined);
      return closing;
    },
  };
}
