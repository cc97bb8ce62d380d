import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import { ManualClock, settle } from '../../test/support/manual-clock.js';
import { ResilientClient, sharedClient } from './resilient-client.js';
import type { AttemptResult } from './resilient-client.js';

const failure = (status: number, headers?: Record<string, string>): ProviderError =>
  new ProviderError('provider.server_error', `status ${status}`, {
    status,
    ...(headers === undefined ? {} : { headers }),
  });

/** An attempt function that fails with the given errors in turn, then returns `value`. */
function scripted(
  errors: readonly (Error | undefined)[],
  value = 'ok',
): {
  attempt: () => Promise<AttemptResult<string>>;
  calls: number[];
} {
  const calls: number[] = [];
  let index = 0;
  return {
    calls,
    attempt: () => {
      calls.push(index);
      const error = errors[index];
      index += 1;
      return error === undefined ? Promise.resolve({ value }) : Promise.reject(error);
    },
  };
}

describe('ResilientClient', () => {
  it('retries retryable statuses with full-jitter backoff and reports the attempts', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, random: () => 0.5, backoff: { baseMs: 100 } });
    const { attempt, calls } = scripted([failure(529), failure(500), failure(503)]);
    const retries: number[] = [];
    const call = client.call(attempt, { onRetry: (retry) => retries.push(retry.delayMs) });
    await clock.runAll();
    // The three backoff sleeps are the whole wait: 50 + 100 + 200 ms.
    await expect(call).resolves.toEqual({
      value: 'ok',
      attempts: 4,
      coalesced: false,
      waitedMs: 350,
    });
    expect(calls).toHaveLength(4);
    // Half of min(30 s, 100 ms · 2^(n-1)) for retries 1, 2, 3.
    expect(retries).toEqual([50, 100, 200]);
  });

  it('reports no wait when the slot and the rate limit take their fast paths', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, rateLimit: { requestsPerMinute: 60 } });
    const call = client.call(async () => {
      await clock.sleep(250); // the attempt's own time is not a wait
      return { value: 'fast' };
    });
    await clock.runAll();
    await expect(call).resolves.toEqual({
      value: 'fast',
      attempts: 1,
      coalesced: false,
      waitedMs: 0,
    });
  });

  it('counts the wait for the rate limiter, to the millisecond', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, rateLimit: { tokensPerMinute: 1_000 } });
    const first = client.call(() => Promise.resolve({ value: 'first' }), { estimatedTokens: 600 });
    await settle();
    await expect(first).resolves.toMatchObject({ waitedMs: 0 });
    // 400 tokens are left: the other 200 refill at 1,000 a minute, in 12 s.
    const sentAt: number[] = [];
    const second = client.call(
      () => {
        sentAt.push(clock.now());
        return Promise.resolve({ value: 'second' });
      },
      { estimatedTokens: 600 },
    );
    await clock.runAll();
    await expect(second).resolves.toMatchObject({ attempts: 1, waitedMs: 12_000 });
    expect(sentAt).toEqual([12_000]);
  });

  it('counts the wait for a concurrency slot', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, maxConcurrency: 1 });
    const slow = async (): Promise<AttemptResult<string>> => {
      await clock.sleep(40);
      return { value: 'done' };
    };
    const first = client.call(slow);
    const second = client.call(slow);
    await clock.runAll();
    await expect(first).resolves.toMatchObject({ waitedMs: 0 });
    await expect(second).resolves.toMatchObject({ waitedMs: 40 });
  });

  it('does not retry other 4xx and keeps the API message', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock });
    const bad = new ProviderError('provider.bad_request', 'max_tokens: must be positive', {
      status: 400,
    });
    const { attempt, calls } = scripted([bad]);
    await expect(client.call(attempt)).rejects.toBe(bad);
    expect(calls).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last error as the cause', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, maxAttempts: 3, random: () => 0 });
    const { attempt, calls } = scripted([failure(529), failure(529), failure(529), failure(529)]);
    const call = client.call(attempt);
    const outcome = expect(call).rejects.toMatchObject({
      code: 'provider.retries_exhausted',
      status: 529,
      message: 'gave up after 3 attempts: status 529',
    });
    await clock.runAll();
    await outcome;
    expect(calls).toHaveLength(3);
  });

  it('times out a hung attempt on its own clock and retries it', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, attemptTimeoutMs: 1_000, random: () => 0 });
    let calls = 0;
    const call = client.call(() => {
      calls += 1;
      // The first attempt hangs and ignores its signal; the timeout still ends it.
      return calls === 1 ? new Promise<never>(() => undefined) : Promise.resolve({ value: 'late' });
    });
    await clock.advance(999);
    expect(calls).toBe(1);
    await clock.runAll();
    await expect(call).resolves.toMatchObject({ value: 'late', attempts: 2 });
  });

  it('stops at the overall deadline instead of sleeping past it', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({
      clock,
      deadlineMs: 1_000,
      random: () => 0.99,
      backoff: { baseMs: 800 },
    });
    const { attempt, calls } = scripted([failure(503), failure(503), failure(503)]);
    const call = client.call(attempt);
    const outcome = expect(call).rejects.toMatchObject({ code: 'provider.retries_exhausted' });
    await clock.runAll();
    await outcome;
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(clock.now()).toBeLessThan(1_000);
  });

  it('waits out retry-after before the next attempt, for every caller', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, random: () => 0 });
    const sentAt: number[] = [];
    let calls = 0;
    const call = client.call(() => {
      sentAt.push(clock.now());
      calls += 1;
      return calls === 1
        ? Promise.reject(failure(429, { 'retry-after': '7' }))
        : Promise.resolve({ value: 'ok' });
    });
    await clock.runAll();
    // Backoff says 0 ms (random 0); the retry-after's 7 s is the wait.
    await expect(call).resolves.toMatchObject({ attempts: 2, waitedMs: 7_000 });
    expect(sentAt).toEqual([0, 7_000]);
    // Another call made now is not held back any more.
    const later = client.call(() => Promise.resolve({ value: 'now' }));
    await settle();
    await expect(later).resolves.toMatchObject({ value: 'now' });
  });

  it('keeps other callers going when a 429 says budget is left, holding only the failed call', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, random: () => 0 });
    const sentAt: number[] = [];
    let calls = 0;
    const limited = client.call(() => {
      sentAt.push(clock.now());
      calls += 1;
      return calls === 1
        ? Promise.reject(
            failure(429, {
              'retry-after': '3',
              'anthropic-ratelimit-requests-limit': '100',
              'anthropic-ratelimit-requests-remaining': '40',
            }),
          )
        : Promise.resolve({ value: 'ok' });
    });
    await settle();
    const other = client.call(() => Promise.resolve({ value: 'not held' }));
    await settle();
    await expect(other).resolves.toMatchObject({ value: 'not held' });
    await clock.runAll();
    await expect(limited).resolves.toMatchObject({ attempts: 2 });
    expect(sentAt).toEqual([0, 3_000]); // the failed call itself still waited its retry-after
  });

  it('cancels cleanly: an abort during backoff ends the call with the abort reason', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, random: () => 0.5 });
    const controller = new AbortController();
    const { attempt, calls } = scripted([failure(529), failure(529)]);
    const call = client.call(attempt, { signal: controller.signal });
    await settle();
    expect(clock.pending).toBeGreaterThan(0); // sleeping before the retry
    const reason = new Error('interrupted');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(calls).toHaveLength(1);
    expect(client.inFlight).toBe(0);
  });

  it('never runs more than maxConcurrency attempts at once', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock, maxConcurrency: 3 });
    let running = 0;
    let peak = 0;
    const calls = Array.from({ length: 10 }, (_, index) =>
      client.call(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await clock.sleep(10);
        running -= 1;
        return { value: index };
      }),
    );
    await clock.runAll();
    const values = (await Promise.all(calls)).map((outcome) => outcome.value);
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('shares one call between identical concurrent requests', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({ clock });
    let calls = 0;
    const attempt = async (): Promise<AttemptResult<string>> => {
      calls += 1;
      await clock.sleep(5);
      return { value: 'shared' };
    };
    const first = client.call(attempt, { coalesceKey: 'k' });
    const second = client.call(attempt, { coalesceKey: 'k' });
    const other = client.call(attempt, { coalesceKey: 'other' });
    await clock.runAll();
    await expect(first).resolves.toEqual({
      value: 'shared',
      attempts: 1,
      coalesced: false,
      waitedMs: 0,
    });
    await expect(second).resolves.toEqual({
      value: 'shared',
      attempts: 1,
      coalesced: true,
      waitedMs: 0,
    });
    await expect(other).resolves.toMatchObject({ coalesced: false });
    expect(calls).toBe(2);
  });

  it('opens the circuit after sustained overload and fails fast until the cooldown', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({
      clock,
      maxAttempts: 1,
      circuitBreaker: { failureThreshold: 2, cooldownMs: 5_000 },
    });
    let calls = 0;
    const overloaded = (): Promise<AttemptResult<string>> => {
      calls += 1;
      return Promise.reject(failure(529));
    };
    await expect(client.call(overloaded)).rejects.toMatchObject({ status: 529 });
    await expect(client.call(overloaded)).rejects.toMatchObject({ status: 529 });
    await expect(client.call(overloaded)).rejects.toMatchObject({ code: 'provider.circuit_open' });
    expect(calls).toBe(2);
    await clock.advance(5_000);
    await expect(client.call(() => Promise.resolve({ value: 'probe' }))).resolves.toMatchObject({
      value: 'probe',
    });
    expect(client.breaker.state).toBe('closed');
  });

  it('shares one client per provider and credential key in a process', () => {
    const first = sharedClient('anthropic\nkey-a', { maxConcurrency: 2 });
    expect(sharedClient('anthropic\nkey-a')).toBe(first);
    expect(sharedClient('anthropic\nkey-b')).not.toBe(first);
    expect(sharedClient('openai\nkey-a')).not.toBe(first);
  });

  it('gives a token estimate back when an error response shows the request spent nothing', async () => {
    const clock = new ManualClock();
    const client = new ResilientClient({
      clock,
      maxAttempts: 1,
      rateLimit: { tokensPerMinute: 1_000 },
    });
    await expect(
      client.call(() => Promise.reject(failure(529, {})), { estimatedTokens: 600 }),
    ).rejects.toMatchObject({ status: 529 });
    // Without the refund the bucket holds 400 and this waits 12 s for the rest.
    const sentAt: number[] = [];
    const next = client.call(
      () => {
        sentAt.push(clock.now());
        return Promise.resolve({ value: 'ok' });
      },
      { estimatedTokens: 600 },
    );
    await clock.runAll();
    await expect(next).resolves.toMatchObject({ value: 'ok' });
    expect(sentAt).toEqual([0]);
  });

  it('times an attempt out on the system clock as well', async () => {
    const client = new ResilientClient({ attemptTimeoutMs: 20, maxAttempts: 1 });
    let seen: AbortSignal | undefined;
    const call = client.call(({ signal }) => {
      seen = signal;
      return new Promise<never>(() => undefined); // hangs, ignoring its signal
    });
    await expect(call).rejects.toMatchObject({ code: 'provider.retries_exhausted' });
    await expect(call).rejects.toHaveProperty('cause.code', 'provider.timeout');
    expect(seen?.aborted).toBe(true);
  });

  it('rejects with the reason when the caller aborts mid-attempt, leaving nothing unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', record);
    try {
      const client = new ResilientClient();
      const controller = new AbortController();
      const call = client.call(
        ({ signal }) =>
          new Promise<never>((_, reject) => {
            // Honours its signal with an error of its own, as the SDK does.
            signal.addEventListener('abort', () => {
              reject(new Error('request aborted'));
            });
          }),
        { signal: controller.signal, coalesceKey: 'k' },
      );
      const reason = new Error('stopped with Ctrl-C');
      controller.abort(reason);
      await expect(call).rejects.toBe(reason);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
