import type { MigrateReport, SchemaReport } from '../schema-report.js';
import { appliedMigrations, schemaReport } from '../schema-report.js';
import type { PoolOptions } from './open-pool.js';
import { openPool } from './open-pool.js';
import { toPgStoreError } from './pg-errors.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { readPgVersion } from './pg-migrator.js';
import { parsePostgresUrl } from './postgres-url.js';
import { migratePool } from './shared-store.js';

/** Reads the shared store's schema version and what is pending, changing nothing. */
export async function checkSharedStore(
  url: string,
  options: PoolOptions = {},
): Promise<SchemaReport> {
  const parsed = parsePostgresUrl(url);
  const pool = await openPool(parsed, options);
  try {
    const version = await readPgVersion(pool);
    return schemaReport(parsed.display, 'postgres', version, PG_MIGRATIONS);
  } catch (error) {
    throw toPgStoreError(error, 'reading the schema version', parsed.display);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** Applies the shared store's pending migrations (what opening it does) and reports them. */
export async function migrateSharedStore(
  url: string,
  options: PoolOptions = {},
): Promise<MigrateReport> {
  const parsed = parsePostgresUrl(url);
  const pool = await openPool(parsed, options);
  try {
    const from = await readPgVersion(pool).catch((error: unknown) => {
      throw toPgStoreError(error, 'reading the schema version', parsed.display);
    });
    const result = await migratePool(pool, parsed.display);
    return {
      store: parsed.display,
      kind: 'postgres',
      from,
      version: result.version,
      applied: appliedMigrations(PG_MIGRATIONS, result.applied),
    };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
