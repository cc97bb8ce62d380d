/** A migration not yet applied, by number and name. */
export interface PendingMigration {
  readonly version: number;
  readonly name: string;
}

/**
 * Where a store's schema stands. `current`: up to date. `pending`: migrations to apply (the
 * next open that writes, or `store migrate`, applies them). `future`: written by a newer
 * release, which this one refuses to open and never modifies.
 */
export type SchemaState = 'current' | 'pending' | 'future';

export interface SchemaReport {
  /** The Postgres URL without credentials, or the SQLite file's path. */
  readonly store: string;
  readonly kind: 'postgres' | 'sqlite';
  readonly version: number;
  readonly latestVersion: number;
  readonly state: SchemaState;
  readonly pending: readonly PendingMigration[];
}

/** The outcome of `store migrate`: the version before and after, and what this call applied. */
export interface MigrateReport {
  readonly store: string;
  readonly kind: 'postgres' | 'sqlite';
  readonly from: number;
  readonly version: number;
  readonly applied: readonly PendingMigration[];
}

function named(migrations: readonly PendingMigration[]): PendingMigration[] {
  return migrations.map(({ version, name }) => ({ version, name }));
}

/** Compares a recorded version with the migration list this code has. */
export function schemaReport(
  store: string,
  kind: SchemaReport['kind'],
  version: number,
  migrations: readonly PendingMigration[],
): SchemaReport {
  const latestVersion = migrations[migrations.length - 1]?.version ?? 0;
  const pending = named(migrations.filter((migration) => migration.version > version));
  const state = version > latestVersion ? 'future' : pending.length > 0 ? 'pending' : 'current';
  return { store, kind, version, latestVersion, state, pending };
}

/** The migrations a call applied, by version, with their names. */
export function appliedMigrations(
  migrations: readonly PendingMigration[],
  applied: readonly number[],
): PendingMigration[] {
  return named(migrations.filter((migration) => applied.includes(migration.version)));
}
