import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import { ResilientClient, sharedClient } from '../resilience/index.js';
import { installSharedRateLimit } from './install-shared-rate-limit.js';
import { redisUnavailable, startRedis } from '../../test/support/redis-server.js';
import type { RedisServer } from '../../test/support/redis-server.js';
import { parseQueueUrl } from './queue-url.js';
import { connectRedis } from './redis-connection.js';
import { RATE_LIMIT_PREFIX, SharedRateLimit } from './shared-rate-limit.js';

const unavailable = redisUnavailable();
let server: RedisServer;
let redis: Redis;
let names = 0;

beforeAll(async () => {
  if (unavailable !== undefined) return;
  server = await startRedis();
  redis = await connectRedis(parseQueueUrl(server.url));
});

afterAll(async () => {
  if (unavailable !== undefined) return;
  await redis.quit();
  await server.stop();
});

function queueConfig(requestsPerSecond: number) {
  return { url: server.url, requestsPerSecond, concurrency: 1 };
}

/** A limit of its own for each test, so no test sees another's grants. */
function limit(requestsPerSecond: number): { limit: SharedRateLimit; name: string } {
  names += 1;
  const name = `test-${names}`;
  return { limit: new SharedRateLimit({ redis, requestsPerSecond, name }), name };
}

// Skipped only when no redis-server can start here, and then the title says why.
const suite = unavailable === undefined ? describe : describe.skip;

const title = `SharedRateLimit on a real Redis${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`;

suite(title, () => {
  it('grants R a second, spaced apart, and the next when the oldest slides out', async () => {
    const { limit: shared } = limit(5);
    const start = performance.now();
    const grantedAt: number[] = [];
    const waits = await Promise.all(
      Array.from({ length: 6 }, () =>
        shared.acquire().then((waited) => {
          grantedAt.push(performance.now() - start);
          return waited;
        }),
      ),
    );
    // 5 a second, at least 100 ms apart (half of 1000/5): 0, 100, 200, 300, 400; then 1000.
    expect(waits[0]).toBeLessThan(50);
    for (let index = 1; index < 5; index += 1) {
      const gap = (grantedAt[index] ?? 0) - (grantedAt[index - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(95);
      expect(gap).toBeLessThan(200);
    }
    expect(grantedAt[5]).toBeGreaterThanOrEqual(990);
    expect(grantedAt[5]).toBeLessThan(1_200);
    expect(waits[5]).toBeGreaterThanOrEqual(990);
  });

  it('holds acquire off while a pause is stored, and a shorter pause never shortens it', async () => {
    const { limit: shared, name } = limit(100);
    await shared.pauseFor(400);
    await shared.pauseFor(50);
    const pttl = await redis.pttl(`${RATE_LIMIT_PREFIX}{${name}}:pause`);
    expect(pttl).toBeGreaterThan(300);
    expect(pttl).toBeLessThanOrEqual(400);
    const waited = await shared.acquire();
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(600);
  });

  it('keeps its keys only as long as they matter', async () => {
    const { limit: shared, name } = limit(10);
    await shared.acquire();
    const log = await redis.pttl(`${RATE_LIMIT_PREFIX}{${name}}:log`);
    expect(log).toBeGreaterThan(0);
    expect(log).toBeLessThanOrEqual(1_000);
    await shared.pauseFor(150);
    expect(await redis.exists(`${RATE_LIMIT_PREFIX}{${name}}:pause`)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await redis.exists(`${RATE_LIMIT_PREFIX}{${name}}:pause`)).toBe(0);
  });

  it('rejects a waiting acquire as soon as it is aborted, and serves the next in line', async () => {
    const { limit: shared, name } = limit(1);
    await shared.acquire();
    const controller = new AbortController();
    const aborted = shared.acquire(controller.signal);
    const next = shared.acquire();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    expect(performance.now() - abortedAt).toBeLessThan(20);
    // The aborted caller took no grant: the next one gets the slot when the first slides out.
    expect(await redis.zcard(`${RATE_LIMIT_PREFIX}{${name}}:log`)).toBe(1);
    const waited = await next;
    expect(waited).toBeGreaterThanOrEqual(900);
    await expect(shared.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow(
      'already',
    );
  });

  it("pauses another worker's client when one client gets a 429 with retry-after", async () => {
    names += 1;
    const name = `test-${names}`;
    // Two workers: each its own client and its own view of the same limit.
    const [first, second] = [0, 1].map(
      () =>
        new ResilientClient({
          random: () => 0,
          sharedLimit: new SharedRateLimit({ redis, requestsPerSecond: 50, name }),
        }),
    );
    if (first === undefined || second === undefined) throw new Error('two clients');
    let attempts = 0;
    const refused = first.call(() => {
      attempts += 1;
      return attempts === 1
        ? Promise.reject(
            new ProviderError('provider.rate_limited', 'status 429', {
              status: 429,
              retryable: true,
              headers: { 'retry-after-ms': '400' },
            }),
          )
        : Promise.resolve({ value: 'later' });
    });
    // Let the 429 land and its pause be stored.
    await expect.poll(() => redis.exists(`${RATE_LIMIT_PREFIX}{${name}}:pause`)).toBe(1);
    const outcome = await second.call(() => Promise.resolve({ value: 'held' }));
    expect(outcome.value).toBe('held');
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(300);
    await expect(refused).resolves.toMatchObject({ value: 'later', attempts: 2 });
  });

  it("installs the config's limit on every shared client, and removes it for 0", async () => {
    const client = sharedClient('shared-rate-limit-int-test');
    const log = `${RATE_LIMIT_PREFIX}{requests}:log`;
    const installed = installSharedRateLimit({ redis, config: { queue: queueConfig(50) } });
    try {
      expect(installed).toBeInstanceOf(SharedRateLimit);
      await client.call(() => Promise.resolve({ value: 'counted' }));
      expect(await redis.zcard(log)).toBe(1);
    } finally {
      expect(installSharedRateLimit({ redis, config: { queue: queueConfig(0) } })).toBeUndefined();
    }
    await client.call(() => Promise.resolve({ value: 'not counted' }));
    expect(await redis.zcard(log)).toBe(1);
  });

  it('fails waiting callers with queue.unreachable, and reports a pause it cannot store', async () => {
    const lost = await connectRedis(parseQueueUrl(server.url));
    const errors: string[] = [];
    const shared = new SharedRateLimit({
      redis: lost,
      requestsPerSecond: 5,
      name: 'lost',
      onError: (error) => errors.push(error.code),
    });
    lost.disconnect();
    await expect(shared.acquire()).rejects.toMatchObject({ code: 'queue.unreachable' });
    await shared.pauseFor(100);
    expect(errors).toEqual(['queue.unreachable']);
  });
});
