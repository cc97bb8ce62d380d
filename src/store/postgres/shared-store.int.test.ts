import { createRequire } from 'node:module';
import type { Client, ClientConfig } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../errors.js';
import { freePort } from '../../../test/support/free-port.js';
import { postgresUnavailableReason, startPostgres } from '../../../test/support/postgres-server.js';
import type { PostgresServer } from '../../../test/support/postgres-server.js';
import {
  SharedStoreConnection,
  checkSharedStore,
  migrateSharedStore,
  openSharedStore,
} from './index.js';
import { LATEST_PG_SCHEMA_VERSION } from './pg-migrations.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined) console.warn(`skipping the Postgres store tests: ${unavailable}`);

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError, but the promise resolved');
}

/** A plain client, to look at the database behind the store's back. */
async function inspect<T>(url: string, look: (client: Client) => Promise<T>): Promise<T> {
  // A cast: require returns unknown; this is the shape @types/pg declares.
  const pg = createRequire(import.meta.url)('pg') as { Client: new (c: ClientConfig) => Client };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await look(client);
  } finally {
    await client.end();
  }
}

describe('the URL', () => {
  it('refuses anything but postgres:// with exit 2, naming it without the password', async () => {
    for (const url of ['mysql://u:hunter2@host/db', 'not a url', 'postgres://', 'hunter2']) {
      const error = await rejection(openSharedStore(url));
      expect(error).toMatchObject({ code: 'store.invalid_url', exitCode: 2 });
      expect(error.hint).toContain('postgres://');
      expect(error.message).not.toContain('hunter2');
    }
  });
});

describe('an unreachable server', () => {
  it('fails within 10 s with store.unreachable (exit 1), without the password', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await rejection(
      openSharedStore(`postgres://user:hunter2@127.0.0.1:${port}/db?password=hunter2`),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toMatchObject({ code: 'store.unreachable', exitCode: 1 });
    expect(error.message).toContain(`127.0.0.1:${port}/db`);
    expect(error.message).not.toContain('hunter2');
    expect(error.hint).toContain('store.url');
  });

  it('times out on a black-holed address within the connect timeout', async () => {
    // 10.255.255.1 is private and normally unrouted: SYNs go nowhere, nothing answers.
    const started = Date.now();
    const error = await rejection(
      openSharedStore('postgres://user:hunter2@10.255.255.1:5432/db', { connectTimeoutMs: 1500 }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toMatchObject({ code: 'store.unreachable', exitCode: 1 });
    expect(error.message).not.toContain('hunter2');
  }, 15_000);
});

describe.skipIf(unavailable !== undefined)('migrations on a real Postgres', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });

  it('apply once, from two openers at the same time', async () => {
    const url = await server.createDatabase('concurrent_open');
    const [first, second] = await Promise.all([openSharedStore(url), openSharedStore(url)]);
    try {
      const applied = [...first.migration.applied, ...second.migration.applied].sort();
      expect(applied).toEqual([1, 2, 3, 4, 5]);
      expect(await first.version()).toBe(LATEST_PG_SCHEMA_VERSION);
      expect(second.migration.version).toBe(LATEST_PG_SCHEMA_VERSION);
      expect(first.url).not.toContain(server.password);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
    const again = await openSharedStore(url);
    expect(again.migration.applied).toEqual([]);
    await again.close();
    await again.close();
  });

  it('check reports pending migrations on a fresh database and changes nothing', async () => {
    const url = await server.createDatabase('check_fresh');
    const report = await checkSharedStore(url);
    expect(report).toMatchObject({ kind: 'postgres', version: 0, state: 'pending' });
    expect(report.pending.map((migration) => migration.version)).toEqual([1, 2, 3, 4, 5]);
    expect(report.store).not.toContain(server.password);
    const tables = await inspect(url, (client) =>
      client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'"),
    );
    expect(tables.rows[0]).toEqual({ n: 0 });
    const migrated = await migrateSharedStore(url);
    expect(migrated).toMatchObject({ from: 0, version: LATEST_PG_SCHEMA_VERSION });
    expect(migrated.applied.map((migration) => migration.name)).toEqual([
      'meta-and-events',
      'workflow-checkpoints',
      'response-cache',
      'memory-log',
      'step-escalation',
    ]);
    expect(await checkSharedStore(url)).toMatchObject({ state: 'current', pending: [] });
  });

  it('refuses a database from a newer release and leaves it untouched', async () => {
    const url = await server.createDatabase('future');
    await inspect(url, async (client) => {
      await client.query(
        'CREATE TABLE claude_hybrid_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
      );
      await client.query("INSERT INTO claude_hybrid_meta VALUES ('schema_version', '99')");
    });
    const error = await rejection(openSharedStore(url));
    expect(error).toMatchObject({ code: 'store.future_version' });
    expect(error.message).not.toContain(server.password);
    expect(await checkSharedStore(url)).toMatchObject({ version: 99, state: 'future' });
    const tables = await inspect(url, (client) =>
      client.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      ),
    );
    expect(tables.rows.map((row) => row.tablename)).toEqual(['claude_hybrid_meta']);
  });

  it('a failing migration keeps the previous version', async () => {
    const url = await server.createDatabase('failing');
    // A table in the way of migration 2 makes its CREATE TABLE fail.
    await inspect(url, (client) => client.query('CREATE TABLE workflow_runs (id TEXT)'));
    const error = await rejection(openSharedStore(url));
    expect(error).toMatchObject({ code: 'store.migration_failed' });
    expect(error.message).toContain('workflow-checkpoints');
    expect(await checkSharedStore(url)).toMatchObject({ version: 1, state: 'pending' });
  });

  it('keeps the event log append-only', async () => {
    const url = await server.createDatabase('append_only');
    const store = await openSharedStore(url);
    try {
      await store.events.appendBatch([{ ts: 1, type: 'x.added', source: 'test', payload: {} }]);
      await inspect(url, async (client) => {
        await expect(client.query('UPDATE events SET ts = 2')).rejects.toThrow(/append-only/);
        await expect(client.query('DELETE FROM events')).rejects.toThrow(/append-only/);
        await expect(client.query('TRUNCATE events')).rejects.toThrow(/append-only/);
      });
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(unavailable !== undefined)('a lazy connection', () => {
  it('does not keep a failed open: once the server is up, the next call connects', async () => {
    const port = await freePort();
    const connection = new SharedStoreConnection(`postgres://postgres:pw@127.0.0.1:${port}/late`, {
      connectTimeoutMs: 2000,
    });
    await expect(connection.checkpoints.runs()).rejects.toMatchObject({
      code: 'store.unreachable',
    });
    const server = await startPostgres('late', port);
    try {
      expect(await connection.checkpoints.runs()).toEqual([]);
      expect(await (await connection.open()).version()).toBe(LATEST_PG_SCHEMA_VERSION);
    } finally {
      await connection.close();
      await server.stop();
    }
  }, 60_000);
});
