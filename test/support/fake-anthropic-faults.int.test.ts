import {
  AnthropicError,
  APIConnectionError,
  APIError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { FakeAnthropic } from './fake-anthropic.js';
import {
  catchRejection,
  clientFor,
  fakeStarter,
  HELLO_REQUEST as hello,
} from './fake-anthropic/client-helpers.js';

// Replies, request checks and concurrency are covered in fake-anthropic.int.test.ts.
const start = fakeStarter();

/** A fixed wall clock the test moves by hand, so windows never depend on real time. */
function manualClock(iso: string): { now: () => number; advance: (ms: number) => void } {
  let time = Date.parse(iso);
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

const RATE_LIMIT_HEADERS = ['requests', 'tokens'].flatMap((name) =>
  ['limit', 'remaining', 'reset'].map((part) => `anthropic-ratelimit-${name}-${part}`),
);

describe('fake Anthropic: rate limits', () => {
  it('sends rate-limit headers on every response, and retry-after on a 429', async () => {
    const fake = await start({ limits: { requestsPerSecond: 50, tokensPerMinute: 10_000 } });
    const client = clientFor(fake);
    const { response } = await client.messages.create(hello).withResponse();
    for (const name of RATE_LIMIT_HEADERS) expect(response.headers.get(name)).not.toBeNull();
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toBe('50');
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('49');
    expect(response.headers.get('request-id')).toMatch(/^req_/);

    fake.injectFault({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const error = await catchRejection(RateLimitError, client.messages.create(hello));
    expect(error.status).toBe(429);
    expect(error.type).toBe('rate_limit_error');
    expect(error.headers.get('retry-after')).toBe('7');
    for (const name of RATE_LIMIT_HEADERS) expect(error.headers.get(name)).not.toBeNull();
    // An injected 429 is a fault, not the limiter's doing.
    expect(fake.stats).toMatchObject({ rateLimited: 0, faults: { 'rate-limit': 1 } });
  });

  it('rejects requests over the per-second limit and counts those sent while exhausted', async () => {
    const clock = manualClock('2030-01-01T00:00:00.000Z');
    const fake = await start({ now: clock.now, limits: { requestsPerSecond: 2 } });
    const client = clientFor(fake);
    const remaining = async (): Promise<string | null> => {
      const { response } = await client.messages.create(hello).withResponse();
      return response.headers.get('anthropic-ratelimit-requests-remaining');
    };
    expect(await remaining()).toBe('1');
    clock.advance(400);
    const { response } = await client.messages.create(hello).withResponse();
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    // Fully replenished when the newest request leaves the 1-second window.
    expect(response.headers.get('anthropic-ratelimit-requests-reset')).toBe(
      '2030-01-01T00:00:01.400Z',
    );

    const rejected = await catchRejection(RateLimitError, client.messages.create(hello));
    expect(rejected.headers.get('retry-after')).toBe('1');
    expect(fake.stats).toMatchObject({ rateLimited: 1, rejectedWhileExhausted: 1 });
    clock.advance(600); // the first request has left the window: one slot is free
    expect(await remaining()).toBe('0');
    expect(fake.stats.byStatus).toEqual({ '200': 3, '429': 1 });
  });

  it('charges input and output tokens per minute, and tells a full budget from a short one', async () => {
    const clock = manualClock('2030-01-01T00:00:00.000Z');
    const fake = await start({
      now: clock.now,
      limits: { tokensPerMinute: 100 },
      defaultReply: () => ({ text: 'ok' }), // 1 output token
    });
    const client = clientFor(fake);
    const ask = (characters: number) =>
      client.messages.create({
        ...hello,
        messages: [{ role: 'user', content: 'x'.repeat(characters) }],
      });

    const { response } = await ask(240).withResponse(); // 60 input + 1 output tokens
    expect(response.headers.get('anthropic-ratelimit-tokens-remaining')).toBe('39');
    // 60 tokens do not fit in 39: refused, but the budget was not empty when it arrived.
    const tooBig = await catchRejection(RateLimitError, ask(240));
    expect(tooBig.headers.get('retry-after')).toBe('60');
    expect(fake.stats).toMatchObject({ rateLimited: 1, rejectedWhileExhausted: 0 });

    await ask(148); // 37 + 1: 1 token left
    await ask(4); // 1 + 1: the budget is spent
    await expect(ask(4)).rejects.toBeInstanceOf(RateLimitError);
    expect(fake.stats).toMatchObject({ rateLimited: 2, rejectedWhileExhausted: 1 });
    clock.advance(60_000);
    await expect(ask(240)).resolves.toBeDefined();
  });
});

/** Collects a stream's text deltas until it ends or fails; returns them and the failure. */
async function drain(fake: FakeAnthropic): Promise<{ deltas: string[]; failure: unknown }> {
  const deltas: string[] = [];
  try {
    // Silent: the SDK logs the data it cannot parse before throwing.
    const client = clientFor(fake, { logLevel: 'off' });
    const stream = await client.messages.create({ ...hello, stream: true });
    for await (const event of stream)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        deltas.push(event.delta.text);
  } catch (error) {
    return { deltas, failure: error };
  }
  return { deltas, failure: undefined };
}

describe('fake Anthropic: fault injection', () => {
  it('fails the next N requests with 529 or 500, then answers normally', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'overloaded', count: 2 });
    fake.injectFault({ kind: 'server-error' });
    const client = clientFor(fake);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const overloaded = await catchRejection(OverloadedError, client.messages.create(hello));
      expect([overloaded.status, overloaded.type]).toEqual([529, 'overloaded_error']);
    }
    const failed = await catchRejection(InternalServerError, client.messages.create(hello));
    expect([failed.status, failed.type]).toEqual([500, 'api_error']);
    await expect(client.messages.create(hello)).resolves.toBeDefined();
    expect(fake.stats.faults).toEqual({ overloaded: 2, 'server-error': 1 });
    expect(fake.requests.map((request) => request.fault)).toEqual([
      'overloaded',
      'overloaded',
      'server-error',
      undefined,
    ]);
  });

  it('lets the SDK retry after retry-after, and stop when x-should-retry says so', async () => {
    const fake = await start();
    const client = clientFor(fake, { maxRetries: 2 });
    fake.injectFault({ kind: 'overloaded', retryAfterSeconds: 0.01 });
    await expect(client.messages.create(hello)).resolves.toBeDefined();
    expect(fake.requests.map((request) => request.headers['x-stainless-retry-count'])).toEqual([
      '0',
      '1',
    ]);

    fake.injectFault({ kind: 'server-error', shouldRetry: false });
    await expect(client.messages.create(hello)).rejects.toBeInstanceOf(InternalServerError);
    expect(fake.requests).toHaveLength(3);
  });

  it('resets the connection without a response', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'connection-reset' });
    await expect(clientFor(fake).messages.create(hello)).rejects.toBeInstanceOf(APIConnectionError);
    expect(fake.requests[0]).toMatchObject({ status: undefined, fault: 'connection-reset' });
    expect(fake.stats).toMatchObject({ byStatus: {}, inFlight: 0 });
  });

  it('delays a slow response, then answers normally', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'slow', delayMs: 120 });
    const started = performance.now();
    const message = await clientFor(fake).messages.create(hello);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(message.content).toMatchObject([{ type: 'text', text: 'echo: Hi' }]);
  });

  it('truncates a stream mid-body, which makes the SDK stream throw', async () => {
    const fake = await start();
    fake.script({ text: 'left unharmed' }, { text: 'alpha beta gamma delta' });
    fake.injectFault({ kind: 'truncated-stream', deltasBeforeFault: 2 });
    // Stream faults wait for a streaming request: this plain call passes untouched.
    await expect(clientFor(fake).messages.create(hello)).resolves.toBeDefined();
    const { deltas, failure } = await drain(fake);
    // undici reports a body cut short as `TypeError: terminated`; the SDK (1.17+) wraps it in
    // an APIConnectionError.
    expect(failure).toBeInstanceOf(APIConnectionError);
    expect((failure as Error).cause).toMatchObject({ name: 'TypeError', message: 'terminated' });
    expect(deltas).toEqual(['alpha ', 'beta ']);

    fake.injectFault({ kind: 'truncated-stream' });
    const stream = clientFor(fake).messages.stream(hello);
    await expect(stream.finalMessage()).rejects.toThrow(AnthropicError);
  });

  it('sends a malformed event, which the SDK cannot parse', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'malformed-event', deltasBeforeFault: 0 });
    const { deltas, failure } = await drain(fake);
    expect(failure).toBeInstanceOf(SyntaxError);
    expect(deltas).toEqual([]);
  });

  it('sends an error event mid-stream, which the SDK raises as an APIError', async () => {
    const fake = await start();
    fake.script({ text: 'one two three' });
    fake.injectFault({ kind: 'stream-error' });
    const { deltas, failure } = await drain(fake);
    expect(deltas).toEqual(['one ']);
    expect(failure).toBeInstanceOf(APIError);
    expect(failure).toMatchObject({ type: 'overloaded_error' });
  });

  it('fails a seeded fraction of requests at the same places on every run', async () => {
    const pattern = async (seed: number): Promise<boolean[]> => {
      const fake = await start({ seed });
      fake.injectFault({ kind: 'server-error', probability: 0.3 });
      const client = clientFor(fake);
      const failed: boolean[] = [];
      for (let index = 0; index < 20; index += 1)
        failed.push(
          await client.messages.create(hello).then(
            () => false,
            () => true,
          ),
        );
      return failed;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(await pattern(7)).not.toEqual(first);
    const failures = first.filter(Boolean).length;
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(20);
  });

  it('hangs until the client gives up', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'hang' });
    const client = clientFor(fake, { timeout: 100 });
    await expect(client.messages.create(hello)).rejects.toBeInstanceOf(APIConnectionError);
    await expect(client.messages.create(hello)).resolves.toBeDefined();
  });
});
