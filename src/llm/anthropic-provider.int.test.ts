import { describe, expect, it } from 'vitest';
import { fakeStarter } from '../../test/support/fake-anthropic/client-helpers.js';
import { catchError } from '../../test/support/catch-error.js';
import { ProviderError } from '../errors.js';
import { ResilientClient } from '../resilience/index.js';
import { anthropicProvider } from './anthropic-provider.js';
import type { ModelRequest } from './types.js';

const start = fakeStarter();

/** What `promise` rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const request = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  model: 'claude-haiku-4-5',
  system: [{ text: 'You are terse.' }],
  messages: [{ role: 'user', content: text }],
  maxTokens: 64,
  ...extra,
});

describe('anthropicProvider against the loopback fake', () => {
  it('returns the text, content and usage, streaming deltas when asked', async () => {
    const fake = await start();
    fake.script({ text: 'hello there world' });
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const deltas: string[] = [];
    const result = await provider.complete(request('hi'), {
      onText: (delta) => deltas.push(delta),
    });
    expect(result.value.text).toBe('hello there world');
    expect(deltas.join('')).toBe('hello there world');
    expect(deltas.length).toBeGreaterThan(1);
    expect(result.value.usage.outputTokens).toBeGreaterThan(0);
    expect(result.headers?.('anthropic-ratelimit-requests-remaining')).toMatch(/^\d+$/);
    const plain = await provider.complete(request('again'));
    expect(plain.value.text).toBe('echo: again');
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 64 });
  });

  it('marks the cached prefix and reports cache writes, then reads', async () => {
    const fake = await start();
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const cached = request('one', {
      system: [{ text: 'A long stable agent prompt. '.repeat(50), cache: true }],
    });
    const first = await provider.complete(cached);
    const second = await provider.complete({
      ...cached,
      messages: [{ role: 'user', content: 'two' }],
    });
    expect(first.value.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(second.value.usage).toMatchObject({
      cacheWriteTokens: 0,
      cacheReadTokens: first.value.usage.cacheWriteTokens,
    });
    expect(fake.requests[0]?.body).toMatchObject({
      system: [{ cache_control: { type: 'ephemeral' } }],
    });
  });

  it('counts input tokens with the count endpoint, as the call itself reports them', async () => {
    const fake = await start();
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const counted = await provider.countTokens?.(request('how many tokens is this?'));
    const called = await provider.complete(request('how many tokens is this?'));
    expect(counted).toBe(called.value.usage.inputTokens);
    expect(fake.requests[0]?.path).toBe('/v1/messages/count_tokens');
  });

  it('names the variable to set when there is no key, and never shows a key', async () => {
    const fake = await start({ allowedApiKeys: ['right-key'] });
    const missing = catchError(ProviderError, () => anthropicProvider({ env: {} }));
    expect(missing).toMatchObject({ code: 'provider.no_key', exitCode: 2 });
    expect(missing.message).toContain('ANTHROPIC_API_KEY');
    const wrong = anthropicProvider({ apiKey: 'sk-ant-secret-123', baseUrl: fake.baseUrl });
    const error = await wrong.complete(request('hi')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'provider.auth', status: 401, exitCode: 2 });
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message }),
    ).not.toContain('sk-ant-secret-123');
  });

  it('shows the API message of a 400 and does not retry it', async () => {
    const fake = await start();
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const client = new ResilientClient({ backoff: { baseMs: 1 } });
    const error = await client
      .call(({ signal }) => provider.complete(request('hi', { maxTokens: 0 }), { signal }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'provider.bad_request', status: 400 });
    expect((error as Error).message).toMatch(/max_tokens/);
    expect(fake.stats.totalRequests).toBe(1);
  });

  it('retries a cut stream and records no partial output as success', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'truncated-stream', deltasBeforeFault: 2 });
    fake.script({ text: 'one two three four five' }, { text: 'one two three four five' });
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const client = new ResilientClient({ backoff: { baseMs: 1 } });
    const outcome = await client.call(({ signal }) =>
      provider.complete(request('count'), { signal, onText: () => undefined }),
    );
    expect(outcome).toMatchObject({ attempts: 2, value: { text: 'one two three four five' } });
  });

  it('calls a stream cut short a broken stream, not an unreachable API', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'truncated-stream', deltasBeforeFault: 2 });
    fake.script({ text: 'one two three four five' });
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const failure = await rejectionOf(
      provider.complete(request('count'), { onText: () => undefined }),
    );
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: 'provider.stream_failed', retryable: true });
    expect((failure as Error).message).toContain('terminated');
  });

  it('retries a malformed stream event instead of keeping a partial answer', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'malformed-event', deltasBeforeFault: 1 });
    fake.script({ text: 'alpha beta gamma' }, { text: 'alpha beta gamma' });
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const client = new ResilientClient({ backoff: { baseMs: 1 } });
    const outcome = await client.call(({ signal }) =>
      provider.complete(request('greek'), { signal, onText: () => undefined }),
    );
    expect(outcome).toMatchObject({ attempts: 2, value: { text: 'alpha beta gamma' } });
    expect(fake.stats.faults).toMatchObject({ 'malformed-event': 1 });
  });

  it('completes every call under a rate limit with injected 429s and 529s', async () => {
    const fake = await start({ limits: { requestsPerSecond: 100 }, seed: 7 });
    fake.injectFault({
      kind: 'rate-limit',
      probability: 0.05,
      retryAfterSeconds: 0.05,
      count: 1e9,
    });
    fake.injectFault({ kind: 'overloaded', probability: 0.05, count: 1e9 });
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const client = new ResilientClient({
      maxConcurrency: 10,
      maxAttempts: 8,
      backoff: { baseMs: 10, maxMs: 200 },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 150 }, (_, index) =>
        client.call(({ signal }) => provider.complete(request(`task ${index}`), { signal })),
      ),
    );
    expect(outcomes.map((outcome) => outcome.value.text)).toEqual(
      Array.from({ length: 150 }, (_, index) => `echo: task ${index}`),
    );
    expect(fake.stats.faults).toMatchObject({ 'rate-limit': expect.any(Number) as number });
    expect(outcomes.some((outcome) => outcome.attempts > 1)).toBe(true);
    expect(fake.stats.maxInFlight).toBeLessThanOrEqual(10);
    expect(fake.stats.rejectedWhileExhausted).toBe(0);
  });

  it('sends the next call when the oldest one leaves the limit window, not when the window empties', async () => {
    // A one-second sliding window of 20: one call every 40 ms spends it in 800 ms, and from
    // then on one slot comes back every 40 ms, starting a second after the first call.
    const fake = await start({ limits: { requestsPerSecond: 20 }, latencyMs: 40 });
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const client = new ResilientClient({ maxConcurrency: 1 });
    const started = performance.now();
    for (let index = 0; index < 30; index += 1)
      await client.call(({ signal }) => provider.complete(request(`paced ${index}`), { signal }));
    const elapsed = performance.now() - started;
    expect(fake.stats.rateLimited).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(1_000 + 9 * 40);
    // Waiting for the window to empty instead would take 800 + 1,000 + 400 ms.
    expect(elapsed).toBeLessThan(1_900);
  });

  it('enforces the time limit itself when nothing else can abort the attempt', async () => {
    const fake = await start({ latencyMs: 5_000 });
    const provider = anthropicProvider({ apiKey: 'test-key', baseUrl: fake.baseUrl });
    const started = performance.now();
    // No signal needed: the SDK's own timer ends the request at the attempt's limit.
    const error = await rejectionOf(
      provider.complete(request('slow'), { timeoutMs: 200, abortable: false }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true });
    expect(performance.now() - started).toBeLessThan(2_000);
    // Through the client, a call without a caller signal times out per attempt and is retried.
    const client = new ResilientClient({ maxAttempts: 2, attemptTimeoutMs: 150 });
    const failed = await rejectionOf(
      client.call((attempt) =>
        provider.complete(request('slow again'), {
          signal: attempt.signal,
          timeoutMs: attempt.timeoutMs,
          abortable: attempt.abortable,
        }),
      ),
    );
    expect(failed).toMatchObject({ code: 'provider.retries_exhausted' });
    expect(fake.requests.filter((recorded) => recorded.body !== undefined).length).toBe(3);
  });
});
