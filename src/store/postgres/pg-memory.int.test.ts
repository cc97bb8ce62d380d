import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailableReason, startPostgres } from '../../../test/support/postgres-server.js';
import type { PostgresServer } from '../../../test/support/postgres-server.js';
import type { SharedStore } from './index.js';
import { openSharedStore } from './index.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined) console.warn(`skipping the Postgres memory tests: ${unavailable}`);

const entry = (content: string, section = 'Notes') => ({
  agent: 'engineer',
  section,
  date: '2026-12-01',
  content,
});

describe.skipIf(unavailable !== undefined)('the Postgres memory log', () => {
  let server: PostgresServer;
  let store: SharedStore;

  beforeAll(async () => {
    server = await startPostgres();
    store = await openSharedStore(server.url, { now: () => 42 });
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('keeps one row per learning, however often and from wherever it is pushed', async () => {
    await store.memory.append([entry('Use pnpm'), entry('Use pnpm')], 'host:a');
    await store.memory.append([entry('Use pnpm'), entry('Use pnpm', 'Critical')], 'host:b');
    const rows = await store.memory.rowsAfter(0, 10);
    expect(rows.map((row) => [row.section, row.content, row.origin])).toEqual([
      ['Notes', 'Use pnpm', 'host:a'],
      ['Critical', 'Use pnpm', 'host:b'],
    ]);
    expect(typeof rows[0]?.id).toBe('number');
    const identity = await store.memory.identity();
    expect(identity).toMatch(/^[0-9a-f]{32}$/);
    const other = await openSharedStore(await server.createDatabase('memory_other'));
    try {
      expect(await other.memory.identity()).not.toBe(identity);
    } finally {
      await other.close();
    }
  });

  it('hands concurrent appends out in id order, and pages after an id', async () => {
    const first = (await store.memory.rowsAfter(0, 100)).at(-1)?.id ?? 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.memory.append([entry(`Concurrent learning number ${index}`)], `host:${index}`),
      ),
    );
    const rows = await store.memory.rowsAfter(first, 100);
    expect(rows).toHaveLength(20);
    const ids = rows.map((row) => row.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const page = await store.memory.rowsAfter(ids[4] ?? 0, 3);
    expect(page.map((row) => row.id)).toEqual(ids.slice(5, 8));
  });
});
