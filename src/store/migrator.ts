import type Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { Migration } from './migrations.js';
import { isBusyError } from './sqlite-errors.js';

export interface MigrationResult {
  /** `user_version` after migrating. */
  readonly version: number;
  /** Versions this call applied itself, in order; empty when another process got there first. */
  readonly applied: readonly number[];
}

/** Reads `PRAGMA user_version`. Touches no page except the header; never writes. */
export function readUserVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') {
    throw new StoreError('store.failed', `PRAGMA user_version returned ${String(version)}`);
  }
  return version;
}

/** Versions must run 1, 2, 3, ... with no gaps, or `user_version` would lie about the schema. */
export function assertMigrationsOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError(
        'store.invalid_migrations',
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
        { hint: 'Migrations are numbered 1, 2, 3, ... in order; append, never renumber.' },
      );
    }
  });
}

/**
 * Applies every migration newer than the database, each in its own `BEGIN IMMEDIATE`
 * transaction that also bumps `user_version`.
 *
 * Why IMMEDIATE and a re-check: several processes (CLI commands, hooks, the daemon) may open a
 * fresh database at the same moment. The version read before the transaction is only a hint;
 * IMMEDIATE takes the write lock up front (waiting on the busy timeout), and the version read
 * again under that lock is authoritative, so exactly one process applies each migration and
 * the others skip it. Because schema and version commit together, a crash mid-migration leaves
 * the previous version intact and the next open retries.
 */
export function applyMigrations(
  db: Database.Database,
  migrations: readonly Migration[],
): MigrationResult {
  assertMigrationsOrdered(migrations);
  const applied: number[] = [];
  let version = readUserVersion(db);

  const applyOne = db.transaction((migration: Migration): number => {
    const current = readUserVersion(db);
    if (current >= migration.version) return current;
    db.exec(migration.up);
    // PRAGMA takes no bound parameters; the version is an integer we control.
    db.pragma(`user_version = ${migration.version}`);
    applied.push(migration.version);
    return migration.version;
  });

  for (const migration of migrations) {
    if (migration.version <= version) continue;
    try {
      version = applyOne.immediate(migration);
    } catch (error) {
      // Lock timeouts stay raw so the caller reports them as `store.busy`, not as a bad schema.
      if (isBusyError(error)) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new StoreError(
        'store.migration_failed',
        `migration ${migration.version} (${migration.name}) failed: ${detail}`,
        {
          hint: 'The database was left at its previous version; report this with --debug output.',
          cause: error,
        },
      );
    }
  }
  return { version, applied };
}
