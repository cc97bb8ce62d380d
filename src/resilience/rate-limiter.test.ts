import { describe, expect, it } from 'vitest';
import { ManualClock, settle } from '../../test/support/manual-clock.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';
import type { RateLimitSnapshot } from './rate-limit-headers.js';
import { RateLimiter } from './rate-limiter.js';

const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe('readRateLimitHeaders', () => {
  const epoch = Date.UTC(2026, 10, 22, 8, 0, 0);

  it('reads limits, remaining counts, reset times and retry-after in its three forms', () => {
    const snapshot = readRateLimitHeaders(
      headers({
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '12',
        'anthropic-ratelimit-requests-reset': '2026-11-22T08:00:30Z',
        'anthropic-ratelimit-tokens-remaining': '9000',
        'retry-after': '3',
      }),
      epoch,
    );
    expect(snapshot).toEqual({
      requests: { limit: 50, remaining: 12, resetEpochMs: epoch + 30_000 },
      tokens: { limit: undefined, remaining: 9000, resetEpochMs: undefined },
      retryAfterMs: 3000,
    });
    expect(readRateLimitHeaders(headers({ 'retry-after-ms': '250' }), epoch).retryAfterMs).toBe(
      250,
    );
    expect(
      readRateLimitHeaders(headers({ 'retry-after': 'Sun, 22 Nov 2026 08:00:05 GMT' }), epoch)
        .retryAfterMs,
    ).toBe(5000);
  });

  it('ignores values it cannot read', () => {
    expect(
      readRateLimitHeaders(
        headers({ 'anthropic-ratelimit-requests-remaining': 'many', 'retry-after': 'soon' }),
        epoch,
      ),
    ).toEqual({ requests: undefined, tokens: undefined, retryAfterMs: undefined });
  });
});

describe('RateLimiter', () => {
  it('spends the configured bucket at once, then paces at its refill rate', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60 }, clock);
    for (let index = 0; index < 60; index += 1) await limiter.acquire(1);
    let granted = false;
    void limiter.acquire(1).then(() => {
      granted = true;
    });
    await clock.advance(999);
    expect(granted).toBe(false);
    await clock.advance(1);
    expect(granted).toBe(true);
  });

  it('waits for a full token bucket for a request larger than the bucket, not forever', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ tokensPerMinute: 1_000 }, clock);
    await limiter.acquire(600);
    const big = limiter.acquire(5_000);
    await clock.runAll();
    await expect(big).resolves.toMatchObject({ tokens: 5_000 });
    expect(clock.now()).toBe(36_000); // 600 tokens back at 1,000 a minute
  });

  it('sends nothing while the server reports the limit exhausted, until its reset', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({}, clock);
    const ticket = await limiter.acquire(1);
    limiter.observe(
      ticket,
      readRateLimitHeaders(
        headers({
          'anthropic-ratelimit-requests-limit': '10',
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': new Date(clock.epochMs() + 4_000).toISOString(),
        }),
        clock.epochMs(),
      ),
    );
    let sentAt: number | undefined;
    void limiter.acquire(1).then(() => {
      sentAt = clock.now();
    });
    await clock.runAll();
    expect(sentAt).toBeGreaterThanOrEqual(4_000);
  });

  it('counts the other requests in flight against the server remaining count', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({}, clock);
    const first = await limiter.acquire(1);
    await limiter.acquire(1);
    await limiter.acquire(1);
    // The server saw only the first when it answered: 3 left, but 2 more are still in flight.
    limiter.observe(first, {
      requests: {
        limit: 3,
        remaining: 3,
        resetEpochMs: clock.epochMs() + 60_000,
      },
      tokens: undefined,
      retryAfterMs: undefined,
    });
    await limiter.acquire(1);
    let fifth = false;
    void limiter.acquire(1).then(() => {
      fifth = true;
    });
    await settle();
    expect(fifth).toBe(false);
  });

  it('pauses every caller for retry-after, and refuses a wait past the deadline', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({}, clock);
    limiter.pause(2_000);
    await expect(limiter.acquire(1, undefined, 1_000)).rejects.toMatchObject({
      code: 'provider.deadline',
    });
    const later = limiter.acquire(1);
    await clock.runAll();
    await expect(later).resolves.toBeDefined();
    expect(clock.now()).toBe(2_000);
  });

  /** A report as a response would carry it: `remaining` of `limit`, full again `resetInMs` on. */
  const report = (
    clock: ManualClock,
    limit: number,
    remaining: number,
    resetInMs: number | undefined,
    retryAfterMs?: number,
  ): RateLimitSnapshot => ({
    requests: {
      limit,
      remaining,
      resetEpochMs: resetInMs === undefined ? undefined : clock.epochMs() + resetInMs,
    },
    tokens: undefined,
    retryAfterMs,
  });

  /** Queues `count` acquires; the returned array fills with the clock time of each grant. */
  function queue(limiter: RateLimiter, clock: ManualClock, count: number): number[] {
    const grantedAt: number[] = [];
    for (let index = 0; index < count; index += 1)
      void limiter.acquire(1).then(() => {
        grantedAt.push(clock.now());
      });
    return grantedAt;
  }

  it('wakes the next waiter as soon as an earlier report frees capacity, not at the last reset', async () => {
    // A server with a sliding one-second window of 3 requests: each comes back a second after
    // it was admitted, which the reset on its own response says.
    const clock = new ManualClock();
    const limiter = new RateLimiter({}, clock);
    for (const remaining of [2, 1, 0]) {
      limiter.observe(await limiter.acquire(1), report(clock, 3, remaining, 1_000));
      await clock.advance(10);
    }
    const grantedAt = queue(limiter, clock, 3);
    await clock.advance(1_000 - clock.now());
    expect(grantedAt).toEqual([]);
    await clock.runAll();
    // Each a millisecond after the reset (the margin for clock drift).
    expect(grantedAt).toEqual([1_001, 1_011, 1_021]);
    // One timer at a time, each set for the moment the head of the queue can go.
    expect(clock.sleeps).toEqual([971, 10, 10]);
  });

  it('counts what was sent after a report against the capacity its reset frees', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({}, clock);
    limiter.observe(await limiter.acquire(1), report(clock, 2, 1, 1_000));
    await clock.advance(500);
    await limiter.acquire(1); // still unanswered at the reset: the server may count it then
    const grantedAt = queue(limiter, clock, 2);
    await clock.advance(501);
    expect(grantedAt).toEqual([1_001]);
  });

  it('ignores a report overtaken by a later one', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({}, clock);
    const first = await limiter.acquire(1);
    const second = await limiter.acquire(1);
    limiter.observe(second, report(clock, 2, 0, 2_000));
    // Written before the one above (an earlier reset) but read after it: stale.
    limiter.observe(first, report(clock, 2, 1, 1_000));
    const grantedAt = queue(limiter, clock, 1);
    await clock.runAll();
    expect(grantedAt).toEqual([2_001]);
  });

  it('serves queued callers in order from one timer, and skips one that gave up', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60 }, clock);
    for (let index = 0; index < 60; index += 1) await limiter.acquire(1);
    const order: string[] = [];
    const quitter = new AbortController();
    const waits = ['a', 'b', 'c'].map((name) =>
      limiter.acquire(1, name === 'a' ? quitter.signal : undefined).then(
        () => order.push(name),
        () => order.push(`${name} gave up`),
      ),
    );
    expect(clock.pending).toBe(1);
    quitter.abort(new Error('not needed'));
    await clock.advance(1_000);
    expect(order).toEqual(['a gave up', 'b']);
    await clock.advance(1_000);
    await Promise.all(waits);
    expect(order).toEqual(['a gave up', 'b', 'c']);
  });

  it('waits a spent limit out to its reset, not a longer retry-after; pauses for retry-after when it has no reset', async () => {
    const clock = new ManualClock();
    const withReset = new RateLimiter({}, clock);
    withReset.observe(await withReset.acquire(1), report(clock, 10, 0, 500, 2_000));
    const resetGrants = queue(withReset, clock, 1);
    await clock.runAll();
    expect(resetGrants).toEqual([501]);

    const start = clock.now();
    const withoutReset = new RateLimiter({}, clock);
    withoutReset.observe(await withoutReset.acquire(1), report(clock, 10, 0, undefined, 2_000));
    const pausedGrants = queue(withoutReset, clock, 1);
    await clock.runAll();
    expect(pausedGrants).toEqual([start + 2_000]);
  });

  it('rejects a queued caller once its wait is known to end past its deadline', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60 }, clock);
    for (let index = 0; index < 60; index += 1) await limiter.acquire(1);
    const first = limiter.acquire(1);
    // Alone it could go at 1,000 ms, inside its deadline; behind `first` it must wait to 2,000.
    const second = limiter.acquire(1, undefined, 1_500);
    const outcome = expect(second).rejects.toMatchObject({ code: 'provider.deadline' });
    await clock.advance(1_000);
    await expect(first).resolves.toBeDefined();
    await outcome;
  });
});
