import { describe, expect, it } from 'vitest';
import { ManualClock, settle } from '../../test/support/manual-clock.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';
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
});
