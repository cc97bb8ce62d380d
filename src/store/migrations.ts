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
  {
    version: 2,
    name: 'workflow-checkpoints',
    up: `
      -- One row per workflow run. The definition is stored as run, so a resumed run follows
      -- what it started with even if the file changed. format: the checkpoint format version.
      CREATE TABLE workflow_runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        file TEXT NOT NULL,
        format INTEGER NOT NULL,
        definition TEXT NOT NULL,       -- JSON
        inputs TEXT NOT NULL,           -- JSON
        options TEXT NOT NULL,          -- JSON: provider, model
        status TEXT NOT NULL,           -- running|succeeded|failed|cancelled|budget_exceeded
        spent_usd REAL NOT NULL DEFAULT 0,
        error TEXT,
        pid INTEGER,
        pid_started TEXT,               -- the pid's start stamp: a reused pid is not this run's
        created_at INTEGER NOT NULL,    -- epoch milliseconds
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX workflow_runs_created ON workflow_runs (created_at);

      -- One row per step and run: (run_id, step_id) is the step's idempotency key, so a step
      -- is completed (and billed) at most once however often a run is resumed.
      CREATE TABLE workflow_steps (
        run_id TEXT NOT NULL REFERENCES workflow_runs (id),
        step_id TEXT NOT NULL,
        status TEXT NOT NULL,           -- pending|running|succeeded|failed|skipped|blocked
        iterations INTEGER NOT NULL DEFAULT 0,
        agent TEXT,
        model TEXT,
        output TEXT,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        cached INTEGER NOT NULL DEFAULT 0,
        duration_ms REAL NOT NULL DEFAULT 0,
        error TEXT,
        started_at INTEGER,
        finished_at INTEGER,
        PRIMARY KEY (run_id, step_id)
      );
    `,
  },
  {
    version: 3,
    name: 'memory-index',
    up: `
      -- The memory files (.claude-hybrid/memories/*.md) are the source of truth; these tables
      -- are an index of them. memory_files records what each file was when it was indexed, so
      -- a file changed by hand is noticed (mtime, size, then hash) and re-indexed.
      CREATE TABLE memory_files (
        agent TEXT PRIMARY KEY,
        mtime_ms REAL NOT NULL,
        size INTEGER NOT NULL,
        hash TEXT NOT NULL,
        entries INTEGER NOT NULL        -- how many the file holds: the index must hold as many
      );
      CREATE TABLE memory_entries (
        id INTEGER PRIMARY KEY,
        agent TEXT NOT NULL,
        section TEXT NOT NULL,
        date TEXT NOT NULL,
        content TEXT NOT NULL
      );
      CREATE INDEX memory_entries_agent ON memory_entries (agent, section);
      -- Rows per agent, kept by the triggers below: compared with memory_files.entries, it tells
      -- in O(1) whether the index still holds all of a file.
      CREATE TABLE memory_counts (agent TEXT PRIMARY KEY, n INTEGER NOT NULL);
      CREATE VIRTUAL TABLE memory_fts USING fts5(
        content, content = 'memory_entries', content_rowid = 'id', tokenize = 'porter unicode61'
      );
      CREATE TRIGGER memory_entries_added AFTER INSERT ON memory_entries BEGIN
        INSERT INTO memory_fts (rowid, content) VALUES (new.id, new.content);
        INSERT INTO memory_counts (agent, n) VALUES (new.agent, 1)
          ON CONFLICT (agent) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER memory_entries_removed AFTER DELETE ON memory_entries BEGIN
        INSERT INTO memory_fts (memory_fts, rowid, content) VALUES ('delete', old.id, old.content);
        UPDATE memory_counts SET n = n - 1 WHERE agent = old.agent;
      END;
      CREATE TRIGGER memory_entries_changed AFTER UPDATE ON memory_entries BEGIN
        INSERT INTO memory_fts (memory_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO memory_fts (rowid, content) VALUES (new.id, new.content);
      END;

      -- Session history: every run, for recall of similar past work.
      CREATE TABLE memory_sessions (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,            -- epoch milliseconds
        agent TEXT NOT NULL,
        task TEXT NOT NULL,
        outcome TEXT NOT NULL,          -- succeeded|failed
        summary TEXT NOT NULL,
        run_id TEXT
      );
      CREATE INDEX memory_sessions_ts ON memory_sessions (ts);
      CREATE VIRTUAL TABLE memory_sessions_fts USING fts5(
        task, summary, content = 'memory_sessions', content_rowid = 'id', tokenize = 'porter unicode61'
      );
      CREATE TRIGGER memory_sessions_added AFTER INSERT ON memory_sessions BEGIN
        INSERT INTO memory_sessions_fts (rowid, task, summary) VALUES (new.id, new.task, new.summary);
      END;
      CREATE TRIGGER memory_sessions_removed AFTER DELETE ON memory_sessions BEGIN
        INSERT INTO memory_sessions_fts (memory_sessions_fts, rowid, task, summary)
          VALUES ('delete', old.id, old.task, old.summary);
      END;
    `,
  },
  {
    version: 4,
    name: 'event-keys',
    up: `
      -- An idempotency key per event, where the emitter has one (the daemon: the spool file's
      -- name, or the id the hook relay sent). Recording an event whose key is already there is
      -- a no-op, so a replay after a crash (a spooled event handled, then the daemon killed
      -- before it deleted the file) is not recorded twice. NULL keys never conflict.
      ALTER TABLE events ADD COLUMN key TEXT;
      CREATE UNIQUE INDEX events_key ON events (key);
    `,
  },
  {
    version: 5,
    name: 'step-escalation',
    up: `
      -- A step's latest iteration, when it escalated (escalate: true): the JSON of its
      -- escalation, the failed first call (model, stop reason, usage, cost) and the retry. The
      -- row's model and output are the retry's and its tokens and cost both calls'. NULL: the
      -- iteration did not escalate, or the row was written before this column existed.
      ALTER TABLE workflow_steps ADD COLUMN escalation TEXT;
    `,
  },
];

/** The schema version this code writes. A database newer than this is refused, not touched. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
