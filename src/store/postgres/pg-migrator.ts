import type { Pool, PoolClient } from 'pg';
import { StoreError } from '../../errors.js';
import type { Migration } from '../migrations.js';
import type { MigrationResult } from '../migrator.js';
import { assertMigrationsOrdered } from '../migrator.js';
import { inTransaction } from './open-pool.js';
import { isUnreachable } from './pg-errors.js';

/**
 * The advisory lock every migrating process takes, held to the end of its transaction. Any
 * fixed number works as long as it never changes; this one spells "chybr" in ASCII (kept under
 * 2^53 so it is an exact JavaScript number).
 */
const MIGRATION_LOCK = 0x63_68_79_62_72;

type Queryable = Pick<PoolClient, 'query'> | Pick<Pool, 'query'>;

/**
 * The recorded schema version: 0 for a database without our meta table (a fresh one). Reads
 * the catalog and one row; never writes, so a database from a newer release stays untouched.
 */
export async function readPgVersion(db: Queryable): Promise<number> {
  // The catalog is read with this statement's snapshot, not through to_regclass(): that one
  // answers from the backend's catalog cache, which a migrator that waited on the advisory lock
  // has not refreshed, so it would miss the table the lock holder just committed.
  const table = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relname = 'claude_hybrid_meta' AND n.nspname = current_schema()) AS found`,
  );
  if (table.rows[0]?.found !== true) return 0;
  const row = await db.query<{ value: string }>(
    "SELECT value FROM claude_hybrid_meta WHERE key = 'schema_version'",
  );
  const value = row.rows[0]?.value;
  const version = value === undefined ? 0 : Number(value);
  if (!Number.isSafeInteger(version) || version < 0)
    throw new StoreError(
      'store.failed',
      `claude_hybrid_meta holds schema_version ${String(value)}`,
    );
  return version;
}

/**
 * Applies every migration newer than the database, each in its own transaction that also
 * records the new version, with the semantics of the SQLite migrator: several processes may
 * open a fresh database at once, so each transaction first takes a transaction-scoped advisory
 * lock (concurrent migrators queue on it) and reads the version again under it; that read is
 * authoritative, so exactly one process applies each migration and the others skip it. Schema
 * and version commit together: a failure leaves the previous version, and the next open retries.
 *
 * `refuseNewerThan`: checked under the lock too, so a newer release migrating between our
 * first check and our lock is noticed before we write anything.
 */
export async function applyPgMigrations(
  pool: Pool,
  migrations: readonly Migration[],
  refuseNewerThan: (version: number) => void,
): Promise<MigrationResult> {
  assertMigrationsOrdered(migrations);
  const applied: number[] = [];
  let version = await readPgVersion(pool);
  refuseNewerThan(version);
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    try {
      version = await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const current = await readPgVersion(client);
        refuseNewerThan(current);
        if (current >= migration.version) return current;
        await client.query(migration.up);
        await client.query(
          `INSERT INTO claude_hybrid_meta (key, value) VALUES ('schema_version', $1)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [String(migration.version)],
        );
        applied.push(migration.version);
        return migration.version;
      });
    } catch (error) {
      // A refused future version and a lost server keep their own codes.
      if (error instanceof StoreError || isUnreachable(error)) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new StoreError(
        'store.migration_failed',
        `Postgres migration ${migration.version} (${migration.name}) failed: ${detail}`,
        {
          hint: 'The database was left at its previous version; report this with --debug output.',
          cause: error,
        },
      );
    }
  }
  return { version, applied };
}
