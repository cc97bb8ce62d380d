import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openStore } from './index.js';
import { applyMigrations } from './migrator.js';
import { catchError } from '../../test/support/catch-error.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claude-hybrid-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function schemaObjects(db: Database.Database): string[] {
  return db
    .prepare<[], string>(
      "SELECT type || ':' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1",
    )
    .pluck()
    .all();
}

const event = { ts: 1_000, type: 'project.initialized', source: 'test', payload: { root: '/p' } };

describe('openStore on a fresh path', () => {
  it('creates the folder, migrates to the latest version and sets the pragmas', () => {
    const path = join(dir, 'project', '.claude-hybrid', 'state.db');
    const store = openStore({ path });
    try {
      expect(store.path).toBe(path);
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(schemaObjects(store.db)).toEqual([
        'index:events_key',
        'index:events_run',
        'index:events_session',
        'index:events_type_ts',
        'index:memory_entries_agent',
        'index:memory_sessions_ts',
        'index:workflow_runs_created',
        'table:events',
        'table:memory_counts',
        'table:memory_entries',
        'table:memory_files',
        'table:memory_fts',
        'table:memory_fts_config',
        'table:memory_fts_data',
        'table:memory_fts_docsize',
        'table:memory_fts_idx',
        'table:memory_sessions',
        'table:memory_sessions_fts',
        'table:memory_sessions_fts_config',
        'table:memory_sessions_fts_data',
        'table:memory_sessions_fts_docsize',
        'table:memory_sessions_fts_idx',
        'table:meta',
        'table:workflow_runs',
        'table:workflow_steps',
        'trigger:events_no_delete',
        'trigger:events_no_update',
        'trigger:memory_entries_added',
        'trigger:memory_entries_changed',
        'trigger:memory_entries_removed',
        'trigger:memory_sessions_added',
        'trigger:memory_sessions_removed',
      ]);
      expect(existsSync(`${path}-wal`)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('upgrades a version-1 database (events only) and keeps its events', () => {
    const path = join(dir, 'state.db');
    const old = new Database(path);
    applyMigrations(old, MIGRATIONS.slice(0, 1));
    old
      .prepare(
        "INSERT INTO events (ts, type, version, source, payload) VALUES (5, 'project.initialized', 1, 'v1', '{\"root\":\"/p\"}')",
      )
      .run();
    old.close();
    const store = openStore({ path });
    try {
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(store.events.list({}).map((record) => [record.source, record.payload])).toEqual([
        ['v1', { root: '/p' }],
      ]);
      expect(schemaObjects(store.db)).toContain('table:workflow_steps');
    } finally {
      store.close();
    }
  });

  it('uses the busy timeout it is given', () => {
    const store = openStore({ path: join(dir, 'state.db'), busyTimeoutMs: 1234 });
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    store.close();
  });

  it('re-opens an up-to-date database without changing its schema or data', () => {
    const path = join(dir, 'state.db');
    const first = openStore({ path });
    const [id] = first.events.appendBatch([event]);
    const schemaBefore = schemaObjects(first.db);
    first.close();
    first.close(); // idempotent

    const second = openStore({ path });
    expect(second.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(schemaObjects(second.db)).toEqual(schemaBefore);
    expect(second.events.list({}).map((record) => record.id)).toEqual([id]);
    second.close();
  });

  it('rejects a negative busy timeout before touching the disk', () => {
    const path = join(dir, 'nested', 'state.db');
    const error = catchError(StoreError, () => openStore({ path, busyTimeoutMs: -1 }));
    expect(error.code).toBe('store.invalid_options');
    expect(error.exitCode).toBe(2);
    expect(existsSync(join(dir, 'nested'))).toBe(false);
  });
});

describe('openStore refuses files it must not change', () => {
  it('refuses a database from a newer release and leaves its bytes untouched', () => {
    const path = join(dir, 'state.db');
    const future = new Database(path);
    future.exec('CREATE TABLE future_table (x INTEGER)');
    future.pragma('user_version = 99');
    future.close();
    const before = sha256(path);

    for (const readonly of [false, true]) {
      const error = catchError(StoreError, () => openStore({ path, readonly }));
      expect(error.code).toBe('store.future_version');
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain('99');
      expect(error.hint).toMatch(/upgrade claude-hybrid/i);
    }
    expect(sha256(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-journal`)).toBe(false);
  });

  it('refuses a file that is not SQLite and names it', () => {
    const path = join(dir, 'state.db');
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(40));
    const before = sha256(path);

    const error = catchError(StoreError, () => openStore({ path }));
    expect(error.code).toBe('store.not_a_database');
    expect(error.message).toContain(path);
    expect(error.cause).toBeInstanceOf(Database.SqliteError);
    expect(sha256(path)).toBe(before);
  });
});

describe('openStore read-only', () => {
  it('reads a migrated database and refuses writes', () => {
    const path = join(dir, 'state.db');
    const writer = openStore({ path });
    writer.events.appendBatch([event]);
    writer.close();

    const reader = openStore({ path, readonly: true });
    expect(reader.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(reader.events.count()).toBe(1);
    const error = catchError(StoreError, () => reader.events.appendBatch([event]));
    expect(error.code).toBe('store.readonly');
    reader.close();
  });

  it('refuses a missing file without creating it', () => {
    const path = join(dir, 'missing', 'state.db');
    expect(catchError(StoreError, () => openStore({ path, readonly: true })).code).toBe(
      'store.not_found',
    );
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('refuses a database that still needs migrations, without migrating it', () => {
    const path = join(dir, 'state.db');
    new Database(path).exec('CREATE TABLE unrelated (x)').close();
    const before = sha256(path);
    expect(catchError(StoreError, () => openStore({ path, readonly: true })).code).toBe(
      'store.schema_outdated',
    );
    expect(sha256(path)).toBe(before);
  });
});

describe('lock contention', () => {
  it('reports a lock held past the busy timeout as store.busy', () => {
    const path = join(dir, 'state.db');
    const store = openStore({ path, busyTimeoutMs: 0 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = catchError(StoreError, () => store.events.appendBatch([event]));
      expect(error.code).toBe('store.busy');
      expect(error.hint).toMatch(/another process/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The lock is gone, so the same append now succeeds.
    expect(store.events.appendBatch([event])).toHaveLength(1);
    store.close();
  });
});
