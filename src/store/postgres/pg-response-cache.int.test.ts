import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailableReason, startPostgres } from '../../../test/support/postgres-server.js';
import type { PostgresServer } from '../../../test/support/postgres-server.js';
import { SharedStoreConnection } from './index.js';

const unavailable = postgresUnavailableReason();
if (unavailable !== undefined)
  console.warn(`skipping the Postgres response cache tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('the Postgres response cache', () => {
  let server: PostgresServer;
  let connection: SharedStoreConnection;

  beforeAll(async () => {
    server = await startPostgres();
    connection = new SharedStoreConnection(server.url);
  }, 60_000);
  afterAll(async () => {
    await connection.close();
    await server.stop();
  });

  it('answers within the TTL of each reader, the last write winning', async () => {
    let clock = 1_000_000;
    const now = (): number => clock;
    const short = connection.responseCache({ ttlMs: 1_000, now });
    const long = connection.responseCache({ ttlMs: 60_000, now });
    await short.set('k', 'first');
    await long.set('k', 'second');
    expect(await short.get('k')).toBe('second');
    expect(await short.get('missing')).toBeUndefined();
    clock += 1_000;
    // Exactly the TTL old: expired for the short reader, still fresh for the long one.
    expect(await short.get('k')).toBeUndefined();
    expect(await long.get('k')).toBe('second');
    await short.set('k', 'third');
    expect(await short.get('k')).toBe('third');
    expect(await short.count()).toBe(1);
    expect(await short.clear()).toBe(1);
    expect(await long.get('k')).toBeUndefined();
  });

  it('deletes expired rows every 32 writes, never fresh ones', async () => {
    let clock = 5_000_000;
    const cache = connection.responseCache({ ttlMs: 1_000, now: () => clock });
    await cache.clear();
    for (let index = 0; index < 10; index += 1) await cache.set(`old-${index}`, 'x');
    clock += 5_000;
    for (let index = 0; index < 21; index += 1) await cache.set(`new-${index}`, 'y');
    expect(await cache.count()).toBe(31);
    await cache.set('new-21', 'y'); // the 32nd write of this cache: the sweep
    expect(await cache.count()).toBe(22);
    expect(await cache.get('new-0')).toBe('y');
  });
});
