import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBedrock, startFakeVertex } from '../../test/support/fake-cloud.js';
import type { FakeCloud } from '../../test/support/fake-cloud.js';
import { ProviderError } from '../errors.js';
import { bundledModelTable } from '../models/model-table.js';
import { ResilientClient } from '../resilience/index.js';
import { bedrockProvider } from './bedrock-provider.js';
import type { Provider, ModelRequest } from './types.js';
import { vertexProvider } from './vertex-provider.js';

const ACCESS_KEY = 'AKIATESTCLOUDKEY0001';
const SECRET_KEY = 'test-secret-key-do-not-print-0123456789';
const TOKEN = 'ya29.test-vertex-token-do-not-print-0123456789';

interface Cloud {
  readonly name: 'bedrock' | 'vertex';
  start(options: {
    wrongCredentials?: boolean;
    backend?: { seed?: number };
    streamException?: string;
  }): Promise<FakeCloud>;
  provider(fake: FakeCloud, secret?: string, models?: Record<string, string>): Provider;
  /** The cloud's model id for the table's haiku tier. */
  readonly haikuId: string;
}

const table = bundledModelTable();
const haiku = table.tiers.haiku;

const CLOUDS: readonly Cloud[] = [
  {
    name: 'bedrock',
    start: ({ wrongCredentials, backend, streamException }) =>
      startFakeBedrock({
        ...(streamException === undefined ? {} : { streamException }),
        accessKeys: wrongCredentials === true ? ['AKIASOMEONEELSE00000'] : [ACCESS_KEY],
        ...(backend === undefined ? {} : { backend }),
      }),
    provider: (fake, secret = SECRET_KEY, models = {}) =>
      bedrockProvider({
        table,
        config: { region: 'us-west-2', profile: '', baseUrl: fake.baseUrl, models },
        env: { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: secret },
      }),
    haikuId: table.clouds?.bedrock?.models[haiku] ?? '',
  },
  {
    name: 'vertex',
    start: ({ wrongCredentials, backend }) =>
      startFakeVertex({
        tokens: wrongCredentials === true ? ['someone-else'] : [TOKEN],
        ...(backend === undefined ? {} : { backend }),
      }),
    provider: (fake, secret = TOKEN, models = {}) =>
      vertexProvider({
        table,
        config: {
          region: 'us-east5',
          projectId: 'test-project',
          baseUrl: `${fake.baseUrl}/v1`,
          models,
        },
        env: {},
        accessToken: secret,
      }),
    haikuId: table.clouds?.vertex?.models[haiku] ?? '',
  },
];

const running: FakeCloud[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

const request = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  model: haiku,
  system: [{ text: 'You are terse.' }],
  messages: [{ role: 'user', content: text }],
  maxTokens: 64,
  ...extra,
});

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe.each(CLOUDS)('$name provider against its loopback cloud', (cloud) => {
  const start = async (options: Parameters<Cloud['start']>[0] = {}): Promise<FakeCloud> => {
    const fake = await cloud.start(options);
    running.push(fake);
    return fake;
  };

  it("sends the cloud's model id, signed, and returns text, streaming deltas and exact usage", async () => {
    const fake = await start();
    fake.backend.script({ text: 'hello there world' });
    const provider = cloud.provider(fake);
    expect(provider.name).toBe(cloud.name);
    const deltas: string[] = [];
    const streamed = await provider.complete(request('hi'), {
      onText: (delta) => deltas.push(delta),
    });
    expect(streamed.value.text).toBe('hello there world');
    expect(deltas.join('')).toBe('hello there world');
    expect(deltas.length).toBeGreaterThan(1);
    const plain = await provider.complete(request('again'));
    expect(plain.value.text).toBe('echo: again');
    expect(fake.requests.map((sent) => [sent.model, sent.streaming, sent.authorized])).toEqual([
      [cloud.haikuId, true, true],
      [cloud.haikuId, false, true],
    ]);
    expect(fake.requests[1]?.body).toMatchObject({
      anthropic_version: expect.any(String) as string,
      max_tokens: 64,
    });
    expect(fake.requests[1]?.body).not.toHaveProperty('model');
    // The reported usage, to the token, and its cost at the cloud's price for this endpoint.
    const reported = fake.backend.requests.length;
    expect(reported).toBe(2);
    expect(plain.value.usage.outputTokens).toBeGreaterThan(0);
    expect(plain.value.costUsd).toBeGreaterThan(0);
  });

  it("sends a tier's override, and an older model under the cloud's own id", async () => {
    const fake = await start();
    const provider = cloud.provider(fake, undefined, { haiku: 'my-private-haiku' });
    await provider.complete(request('override'));
    await provider.complete(request('dated', { model: 'claude-haiku-4-5' }));
    expect(fake.requests.map((sent) => sent.model)).toEqual([
      'my-private-haiku',
      cloud.name === 'bedrock'
        ? 'global.anthropic.claude-haiku-4-5-20251001-v1:0'
        : 'claude-haiku-4-5@20251001',
    ]);
  });

  it('marks the cached prefix and reports cache writes, then reads', async () => {
    const fake = await start();
    const provider = cloud.provider(fake);
    const cached = request('one', {
      system: [{ text: 'A long stable agent prompt. '.repeat(50), cache: true }],
    });
    const first = await provider.complete(cached);
    const second = await provider.complete({
      ...cached,
      messages: [{ role: 'user', content: 'two' }],
    });
    expect(first.value.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(second.value.usage.cacheReadTokens).toBe(first.value.usage.cacheWriteTokens);
    expect(second.value.usage.cacheWriteTokens).toBe(0);
    expect(fake.requests[0]?.body).toMatchObject({
      system: [{ cache_control: { type: 'ephemeral' } }],
    });
  });

  it("classes the cloud's throttling as a rate limit and retries it", async () => {
    const fake = await start();
    fake.backend.injectFault({ kind: 'rate-limit', retryAfterSeconds: 0.01 });
    const provider = cloud.provider(fake);
    const direct = await rejectionOf(provider.complete(request('throttled')));
    expect(direct).toBeInstanceOf(ProviderError);
    // Retried by its status, after the limiter's wait (resilience/failure.ts).
    expect(direct).toMatchObject({ code: 'provider.rate_limited', status: 429 });
    expect((direct as Error).message).toMatch(
      cloud.name === 'bedrock' ? /Amazon Bedrock throttled/ : /Vertex AI throttled/,
    );
    fake.backend.injectFault({ kind: 'rate-limit', retryAfterSeconds: 0.01, count: 2 });
    const client = new ResilientClient({ backoff: { baseMs: 1, maxMs: 20 } });
    const outcome = await client.call(({ signal }) =>
      provider.complete(request('retried'), { signal }),
    );
    expect(outcome).toMatchObject({ attempts: 3, value: { text: 'echo: retried' } });
  });

  it('retries a stream the cloud ends with an error, throttling included', async () => {
    const fake = await start({ streamException: 'throttlingException' });
    fake.backend.injectFault({ kind: 'stream-error', deltasBeforeFault: 1 });
    const provider = cloud.provider(fake);
    const failure = await rejectionOf(
      provider.complete(request('cut'), { onText: () => undefined }),
    );
    expect(failure).toBeInstanceOf(ProviderError);
    if (cloud.name === 'bedrock')
      expect(failure).toMatchObject({ code: 'provider.rate_limited', status: 429 });
    fake.backend.injectFault({ kind: 'stream-error', deltasBeforeFault: 1 });
    fake.backend.injectFault({ kind: 'truncated-stream', deltasBeforeFault: 1 });
    const client = new ResilientClient({ backoff: { baseMs: 1, maxMs: 20 } });
    const outcome = await client.call(({ signal }) =>
      provider.complete(request('again'), { signal, onText: () => undefined }),
    );
    expect(outcome).toMatchObject({ attempts: 3, value: { text: 'echo: again' } });
  });

  it('completes every task through a fault storm: throttling, overload, resets and cut streams', async () => {
    const fake = await start({ backend: { seed: 11 } });
    for (const kind of ['rate-limit', 'overloaded', 'server-error', 'connection-reset'] as const)
      fake.backend.injectFault({ kind, probability: 0.06, count: 1e9, retryAfterSeconds: 0.01 });
    fake.backend.injectFault({ kind: 'truncated-stream', probability: 0.1, count: 1e9 });
    const provider = cloud.provider(fake);
    const client = new ResilientClient({
      maxConcurrency: 8,
      maxAttempts: 10,
      backoff: { baseMs: 1, maxMs: 20 },
      circuitBreaker: { failureThreshold: 1000 },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 80 }, (_, index) =>
        client.call(({ signal }) =>
          provider.complete(
            request(`task ${index}`),
            index % 2 === 0 ? { signal, onText: () => undefined } : { signal },
          ),
        ),
      ),
    );
    expect(outcomes.map((outcome) => outcome.value.text)).toEqual(
      Array.from({ length: 80 }, (_, index) => `echo: task ${index}`),
    );
    expect(outcomes.some((outcome) => outcome.attempts > 1)).toBe(true);
    const faults = Object.values(fake.backend.stats.faults).reduce((sum, count) => sum + count, 0);
    expect(faults).toBeGreaterThan(3);
  });

  it('refuses wrong credentials with a clear, secret-free message and no retry', async () => {
    const fake = await start({ wrongCredentials: true });
    const provider = cloud.provider(fake);
    const client = new ResilientClient({ backoff: { baseMs: 1 } });
    const failure = await rejectionOf(
      client.call(({ signal }) => provider.complete(request('hi'), { signal })),
    );
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: 'provider.no_credentials',
      exitCode: 2,
      retryable: false,
    });
    const error = failure as ProviderError;
    expect(error.message).toMatch(
      cloud.name === 'bedrock'
        ? /Amazon Bedrock refused the credentials/
        : /Vertex AI refused the credentials/,
    );
    expect(error.hint).toMatch(
      cloud.name === 'bedrock' ? /AWS_PROFILE/ : /application-default login/,
    );
    const shown = `${error.message} ${error.hint ?? ''} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(cloud.name === 'bedrock' ? SECRET_KEY : TOKEN);
    expect(fake.requests).toHaveLength(1);
  });
});
