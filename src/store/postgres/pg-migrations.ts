import type { Migration } from '../migrations.js';

/**
 * The schema history of the shared Postgres store, oldest first, with the invariants of the
 * SQLite list (../migrations.ts): versions 1, 2, 3, ... never edited once released; plain
 * `CREATE TABLE` so a migration that ran twice fails loudly; no BEGIN/COMMIT of its own (the
 * migrator wraps each in a transaction). The version is recorded in `claude_hybrid_meta`,
 * created by migration 1; a database without that table is at version 0.
 *
 * The tables mirror SQLite's, with Postgres types: BIGINT for epoch milliseconds, DOUBLE
 * PRECISION for dollars. Only what is shared between machines lives here (workflow runs and
 * steps, events, cached responses, the log of memory entries); memory files and their
 * full-text index stay in each project, a replica of that log (src/memory/memory-replica.ts).
 */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'meta-and-events',
    up: `
      CREATE TABLE claude_hybrid_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- Append-only event log. A sequence never hands out an id twice, so consumers paging
      -- with "afterId" never see an id twice. key: the emitter's idempotency key; NULLs never
      -- conflict.
      CREATE TABLE events (
        id BIGSERIAL PRIMARY KEY,
        ts BIGINT NOT NULL,
        type TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        source TEXT NOT NULL,
        session TEXT,
        run TEXT,
        payload TEXT NOT NULL,
        key TEXT UNIQUE
      );
      CREATE INDEX events_type_ts ON events (type, ts);
      CREATE INDEX events_session ON events (session);
      CREATE INDEX events_run ON events (run);

      -- The log is evidence: nothing rewrites or removes history through SQL.
      CREATE FUNCTION claude_hybrid_events_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'events are append-only';
        END;
        $$;
      CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION claude_hybrid_events_append_only();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION claude_hybrid_events_append_only();
    `,
  },
  {
    version: 2,
    name: 'workflow-checkpoints',
    up: `
      -- One row per workflow run; see the SQLite migration 2 for what each column holds.
      CREATE TABLE workflow_runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        file TEXT NOT NULL,
        format INTEGER NOT NULL,
        definition TEXT NOT NULL,
        inputs TEXT NOT NULL,
        options TEXT NOT NULL,
        status TEXT NOT NULL,
        spent_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
        error TEXT,
        pid INTEGER,
        pid_started TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX workflow_runs_created ON workflow_runs (created_at);

      -- (run_id, step_id) is the step's idempotency key. position: the step's place in the
      -- definition, the order SQLite gets from its rowid.
      CREATE TABLE workflow_steps (
        run_id TEXT NOT NULL REFERENCES workflow_runs (id),
        step_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL,
        iterations INTEGER NOT NULL DEFAULT 0,
        agent TEXT,
        model TEXT,
        output TEXT,
        input_tokens BIGINT NOT NULL DEFAULT 0,
        output_tokens BIGINT NOT NULL DEFAULT 0,
        cache_write_tokens BIGINT NOT NULL DEFAULT 0,
        cache_read_tokens BIGINT NOT NULL DEFAULT 0,
        cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        cached INTEGER NOT NULL DEFAULT 0,
        duration_ms DOUBLE PRECISION NOT NULL DEFAULT 0,
        error TEXT,
        started_at BIGINT,
        finished_at BIGINT,
        PRIMARY KEY (run_id, step_id)
      );
    `,
  },
  {
    version: 3,
    name: 'response-cache',
    up: `
      -- Model responses shared between workers: key is the request's hash, value the entry.
      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX response_cache_created ON response_cache (created_at);
    `,
  },
  {
    version: 4,
    name: 'memory-log',
    up: `
      -- What agents learned, on every machine: each project's memory files are a replica that
      -- applies the rows after the last id it applied. Writers append under an advisory lock
      -- (pg-memory.ts), so ids become visible in order and a reader never skips one. The same
      -- learning (agent, section, content) is one row, whoever pushed it first. origin: the
      -- host and project that pushed it, so that replica skips its own rows.
      CREATE TABLE memory_entries (
        id BIGSERIAL PRIMARY KEY,
        agent TEXT NOT NULL,
        section TEXT NOT NULL,
        date TEXT NOT NULL,
        content TEXT NOT NULL,
        origin TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX memory_entries_once ON memory_entries (agent, section, md5(content));

      -- The log's identity: a replica's position is kept per log, so a database recreated at
      -- the same URL is read from its start, not from a position in the old one.
      INSERT INTO claude_hybrid_meta (key, value)
        VALUES ('memory_log', md5(random()::text || clock_timestamp()::text));
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
export const LATEST_PG_SCHEMA_VERSION: number =
  PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;
