import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import { ManualClock, settle } from '../../test/support/manual-clock.js';
import { ResilientClient, setSharedLimit, sharedClient } from './resilient-client.js';
import { sharedPauseMs } from './shared-limit.js';
import type { SharedLimit } from './shared-limit.js';

/** An in-process stand-in for the Redis limit: each acquire waits `waitMs` on the clock. */
class FakeSharedLimit implements SharedLimit {
  /** Clock time of each acquire, in order. */
  readonly acquiredAt: number[] = [];
  readonly pauses: number[] = [];

  constructor(
    private readonly clock: ManualClock,
    private readonly waitMs = 0,
  ) {}

  async acquire(signal?: AbortSignal): Promise<number> {
    this.acquiredAt.push(this.clock.now());
    if (this.waitMs > 0) await this.clock.sleep(this.waitMs, signal);
    return this.waitMs;
  }

  pause(forMs: number): void {
    this.pauses.push(forMs);
  }
}

const rateLimited = (headers: Record<string, string>): ProviderError =>
  new ProviderError('provider.rate_limited', 'status 429', {
    status: 429,
    retryable: true,
    headers,
  });

describe('ResilientClient with a shared limit', () => {
  it('awaits the shared limit before each attempt and counts its wait', async () => {
    const clock = new ManualClock();
    const shared = new FakeSharedLimit(clock, 250);
    const client = new ResilientClient({ clock, random: () => 0, sharedLimit: shared });
    const sentAt: number[] = [];
    const call = client.call(() => {
      sentAt.push(clock.now());
      return sentAt.length === 1
        ? Promise.reject(new ProviderError('provider.server_error', 'status 500', { status: 500 }))
        : Promise.resolve({ value: 'ok' });
    });
    await clock.runAll();
    await expect(call).resolves.toEqual({
      value: 'ok',
      attempts: 2,
      coalesced: false,
      waitedMs: 500,
    });
    // One acquire per attempt, each attempt sent once its wait is over.
    expect(shared.acquiredAt).toEqual([0, 250]);
    expect(sentAt).toEqual([250, 500]);
    // A 500 without rate-limit headers concerns no one else.
    expect(shared.pauses).toEqual([]);
  });

  it("pauses every sharer for a 429's retry-after, and retries through the limit again", async () => {
    const clock = new ManualClock();
    const shared = new FakeSharedLimit(clock);
    const client = new ResilientClient({ clock, random: () => 0, sharedLimit: shared });
    let calls = 0;
    const call = client.call(() => {
      calls += 1;
      return calls === 1
        ? Promise.reject(rateLimited({ 'retry-after': '2' }))
        : Promise.resolve({ value: 'ok' });
    });
    await clock.runAll();
    await expect(call).resolves.toMatchObject({ attempts: 2 });
    expect(shared.pauses).toEqual([2_000]);
    expect(shared.acquiredAt).toEqual([0, 2_000]);
  });

  it('pauses every sharer until the reset when a success says the requests are spent', async () => {
    const clock = new ManualClock();
    const shared = new FakeSharedLimit(clock);
    const client = new ResilientClient({ clock, sharedLimit: shared });
    const reset = new Date(clock.epochMs() + 1_500).toISOString();
    const headers: Record<string, string> = {
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': reset,
    };
    const call = client.call(() =>
      Promise.resolve({ value: 'ok', headers: (name: string) => headers[name] }),
    );
    await clock.runAll();
    await expect(call).resolves.toMatchObject({ value: 'ok' });
    expect(shared.pauses).toEqual([1_500]);
  });

  it('rejects at once when aborted while the shared limit waits, sending nothing', async () => {
    const clock = new ManualClock();
    const shared = new FakeSharedLimit(clock, 10_000);
    const client = new ResilientClient({ clock, sharedLimit: shared });
    const controller = new AbortController();
    let attempts = 0;
    const call = client.call(
      () => {
        attempts += 1;
        return Promise.resolve({ value: 'never' });
      },
      { signal: controller.signal },
    );
    const rejected = expect(call).rejects.toThrow('stopped');
    await settle();
    expect(shared.acquiredAt).toEqual([0]);
    controller.abort(new Error('stopped'));
    await rejected;
    expect(clock.now()).toBe(0);
    expect(attempts).toBe(0);
    // The concurrency slot was given back.
    expect(client.inFlight).toBe(0);
  });

  it('installs one shared limit on every shared client, made before or after', async () => {
    const clock = new ManualClock();
    const shared = new FakeSharedLimit(clock);
    const before = sharedClient('shared-limit-test-before', { clock });
    setSharedLimit(shared);
    try {
      const after = sharedClient('shared-limit-test-after', { clock });
      await before.call(() => Promise.resolve({ value: 'a' }));
      await after.call(() => Promise.resolve({ value: 'b' }));
      expect(shared.acquiredAt).toHaveLength(2);
    } finally {
      setSharedLimit(undefined);
    }
    await before.call(() => Promise.resolve({ value: 'c' }));
    expect(shared.acquiredAt).toHaveLength(2);
  });
});

describe('sharedPauseMs', () => {
  const now = Date.UTC(2026, 11, 7);
  const limit = (remaining: number, resetInMs?: number) => ({
    limit: 50,
    remaining,
    resetEpochMs: resetInMs === undefined ? undefined : now + resetInMs,
  });

  it('prefers retry-after, then the latest reset of a spent limit, else no pause', () => {
    expect(
      sharedPauseMs({ requests: limit(0, 900), tokens: undefined, retryAfterMs: 3_000 }, now),
    ).toBe(3_000);
    expect(
      sharedPauseMs({ requests: limit(0, 900), tokens: limit(0, 4_000), retryAfterMs: 0 }, now),
    ).toBe(4_000);
    expect(
      sharedPauseMs({ requests: limit(3, 900), tokens: limit(0), retryAfterMs: undefined }, now),
    ).toBe(0);
    expect(
      sharedPauseMs({ requests: limit(0, -50), tokens: undefined, retryAfterMs: undefined }, now),
    ).toBe(0);
  });
});
