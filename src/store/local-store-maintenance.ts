import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { readUserVersion } from './migrator.js';
import { openStore } from './open-store.js';
import type { MigrateReport, SchemaReport } from './schema-report.js';
import { appliedMigrations, schemaReport } from './schema-report.js';
import { sqliteDriver } from './sqlite-driver.js';
import { toStoreError } from './sqlite-errors.js';

/** A schema report for the project SQLite file, with SQLite's own integrity check. */
export interface LocalSchemaReport extends SchemaReport {
  /** Whether the file exists; a missing one is created, fully migrated, by the first write. */
  readonly exists: boolean;
  /** `ok`, or what `PRAGMA quick_check` found (its first lines). Undefined for a missing file. */
  readonly integrity: string | undefined;
}

/** Opens the file read-only (never created, never changed) and runs `read` on it. */
function withReadOnly<T>(path: string, read: (db: Database.Database) => T): T {
  let db: Database.Database | undefined;
  try {
    db = new (sqliteDriver())(path, { readonly: true, fileMustExist: true });
    return read(db);
  } catch (error) {
    throw toStoreError(error, 'checking the store', path);
  } finally {
    db?.close();
  }
}

/**
 * Reads the project database's schema version, what is pending and `PRAGMA quick_check`,
 * opened read-only: nothing is created, migrated or rewritten, so a database from a newer
 * release is reported (state `future`) without being touched.
 */
export function checkLocalStore(path: string): LocalSchemaReport {
  if (!existsSync(path))
    return { ...schemaReport(path, 'sqlite', 0, MIGRATIONS), exists: false, integrity: undefined };
  return withReadOnly(path, (db) => {
    const version = readUserVersion(db);
    const rows = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[]; // better-sqlite3 returns rows of the pragma's one column
    const integrity = rows.map((row) => row.quick_check).join('; ');
    return { ...schemaReport(path, 'sqlite', version, MIGRATIONS), exists: true, integrity };
  });
}

/**
 * Applies the project database's pending migrations (what any writing command does on open)
 * and reports what this call applied. A database from a newer release is refused untouched
 * (`store.future_version`), as every open does.
 */
export function migrateLocalStore(path: string, busyTimeoutMs?: number): MigrateReport {
  const from = existsSync(path) ? withReadOnly(path, readUserVersion) : 0;
  const store = openStore({ path, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  try {
    const version = store.schemaVersion;
    const applied = MIGRATIONS.filter((m) => m.version > from && m.version <= version);
    return {
      store: path,
      kind: 'sqlite',
      from,
      version,
      applied: appliedMigrations(
        applied,
        applied.map((migration) => migration.version),
      ),
    };
  } finally {
    store.close();
  }
}
