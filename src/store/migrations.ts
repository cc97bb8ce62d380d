/**
 * The schema history of the project database, oldest first. The database records how far it has
 * come in `PRAGMA user_version`, so the file itself says which format it is in.
 *
 * Invariants (checked by migrator.test.ts):
 * - versions start at 1 and increase by exactly 1; a version is never reused or edited once
 *   released, because databases in the wild already carry it. Change the schema by appending.
 * - `up` uses plain `CREATE TABLE`, not `IF NOT EXISTS`: if a migration ever ran twice it must
 *   fail loudly rather than silently paper over a locking bug.
 * - `up` must not contain its own BEGIN/COMMIT; the migrator wraps it in a transaction.
 */
export interface Migration {
  /** The `user_version` the database has once this migration is applied. */
  readonly version: number;
  /** Short kebab-case label, for error messages. */
  readonly name: string;
  /** SQL run inside the migration's transaction. */
  readonly up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events-and-meta',
    up: `
      -- Append-only event log. AUTOINCREMENT (not plain rowid) so an id is never reused even
      -- if the newest rows were ever removed by a future maintenance migration: consumers
      -- page with "afterId" and must never see an id twice.
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts INTEGER NOT NULL,            -- epoch milliseconds
        type TEXT NOT NULL,             -- noun.verb
        version INTEGER NOT NULL DEFAULT 1,
        source TEXT NOT NULL,
        session TEXT,
        run TEXT,
        payload TEXT NOT NULL           -- JSON
      );
      CREATE INDEX events_type_ts ON events (type, ts);
      CREATE INDEX events_session ON events (session);
      CREATE INDEX events_run ON events (run);

      -- The log is evidence: nothing rewrites or removes history through SQL.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN
        SELECT raise(ABORT, 'events are append-only');
      END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN
        SELECT raise(ABORT, 'events are append-only');
      END;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];

/** The schema version this code writes. A database newer than this is refused, not touched. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
