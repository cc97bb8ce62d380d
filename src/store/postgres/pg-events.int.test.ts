import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailableReason, startPostgres } from '../../../test/support/postgres-server.js';
import type { PostgresServer } from '../../../test/support/postgres-server.js';
import { StoreError } from '../../errors.js';
import type { NewEventRecord } from '../event-records.js';
import type { SharedStore } from './index.js';
import { openSharedStore } from './index.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined) console.warn(`skipping the Postgres event tests: ${unavailable}`);

function event(type: string, extra: Partial<NewEventRecord> = {}): NewEventRecord {
  return { ts: 5, type, source: 'test', payload: { type }, ...extra };
}

describe.skipIf(unavailable !== undefined)('the Postgres event log', () => {
  let server: PostgresServer;
  let store: SharedStore;

  beforeAll(async () => {
    server = await startPostgres();
    store = await openSharedStore(server.url);
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('appends a batch in order and reads it back by run, type, prefix and cursor', async () => {
    const ids = await store.events.appendBatch([
      event('workflow.started', { run: 'r1', session: 's1', version: 2 }),
      event('step.started', { run: 'r1' }),
      event('step.completed', { run: 'r1', payload: { text: 'é ✓', n: [1, 2] } }),
      event('step.started', { run: 'r2' }),
    ]);
    expect(ids).toHaveLength(4);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const [first] = ids;
    if (first === undefined) throw new Error('no id');

    const run = await store.events.query({ run: 'r1', order: 'asc' });
    expect(run.map((record) => record.type)).toEqual([
      'workflow.started',
      'step.started',
      'step.completed',
    ]);
    expect(run[0]).toEqual({
      id: first,
      ts: 5,
      type: 'workflow.started',
      version: 2,
      source: 'test',
      session: 's1',
      run: 'r1',
      payload: { type: 'workflow.started' },
    });
    expect(run[2]?.payload).toEqual({ text: 'é ✓', n: [1, 2] });
    expect((await store.events.query({ type: 'step.started' })).map((r) => r.run)).toEqual([
      'r2',
      'r1',
    ]);
    expect((await store.events.query({ typePrefix: 'step.', limit: 2 })).length).toBe(2);
    expect((await store.events.query({ afterId: first, run: 'r1', order: 'asc' })).length).toBe(2);
    expect(
      (await store.events.query({ beforeId: first + 1, since: 5 })).map((r) => r.id),
    ).toContain(first);
  });

  it('writes a keyed batch once, even from two writers at the same time', async () => {
    const batch = [event('hook.received', { key: 'spool-1' }), event('agent.routed')];
    const [a, b] = await Promise.all([
      store.events.appendBatch(batch),
      store.events.appendBatch(batch),
    ]);
    expect([a.length, b.length].sort()).toEqual([0, 2]);
    expect(await store.events.appendBatch(batch)).toEqual([]);
    expect(await store.events.query({ type: 'hook.received' })).toHaveLength(1);
    expect(await store.events.appendBatch([event('unkeyed'), event('unkeyed')])).toHaveLength(2);
  });

  it('validates the whole batch before writing any of it, as SQLite does', async () => {
    const before = await store.events.query({ limit: 10_000 });
    await expect(
      store.events.appendBatch([event('fine'), { ts: 1.5, type: 'bad', source: 's', payload: 1 }]),
    ).rejects.toMatchObject({ code: 'store.invalid_event' });
    await expect(
      store.events.appendBatch([event('big', { payload: 'x'.repeat(1024 * 1024 + 1) })]),
    ).rejects.toMatchObject({ code: 'store.payload_too_large' });
    await expect(store.events.query({ limit: 0 })).rejects.toBeInstanceOf(StoreError);
    expect(await store.events.query({ limit: 10_000 })).toHaveLength(before.length);
  });
});
