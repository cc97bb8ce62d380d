import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../../test/support/fake-openai.js';
import type { FakeOpenAi } from '../../test/support/fake-openai.js';
import { ResilientClient } from '../resilience/index.js';
import { openAiProvider } from './openai-provider.js';
import type { ModelRequest } from './types.js';

const request: ModelRequest = {
  model: 'llama3.2',
  system: [{ text: 'You are terse.' }],
  messages: [{ role: 'user', content: 'say hello' }],
  maxTokens: 64,
};

describe('openAiProvider against a loopback OpenAI-compatible server', () => {
  let fake: FakeOpenAi | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('sends the system as one message and reads the answer and usage', async () => {
    fake = await startFakeOpenAi();
    fake.script({ kind: 'text', text: 'hello there' });
    const result = await openAiProvider({ baseUrl: fake.baseUrl, apiKey: 'k' }).complete(request);
    expect(result.value).toMatchObject({
      text: 'hello there',
      stopReason: 'stop',
      model: 'llama3.2',
    });
    // The fake counts four characters a token: 'You are terse.' + 'say hello' is 23 characters.
    expect(result.value.usage).toMatchObject({ inputTokens: 6, outputTokens: 3 });
    expect(fake.requests[0]).toMatchObject({
      authorization: 'Bearer k',
      body: {
        model: 'llama3.2',
        max_tokens: 64,
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'say hello' },
        ],
      },
    });
  });

  it('streams deltas, with usage from the last chunk', async () => {
    fake = await startFakeOpenAi();
    fake.script({ kind: 'text', text: 'one two three four' });
    const deltas: string[] = [];
    const result = await openAiProvider({ baseUrl: fake.baseUrl }).complete(request, {
      onText: (delta) => deltas.push(delta),
    });
    expect(deltas).toEqual(['one ', 'two ', 'three ', 'four']);
    expect(result.value).toMatchObject({ text: 'one two three four', usage: { outputTokens: 5 } });
    expect(fake.requests[0]?.authorization).toBeUndefined();
  });

  it('retries a cut stream and a 503, but not a 404, which shows the server message', async () => {
    fake = await startFakeOpenAi();
    fake.script(
      { kind: 'cut-stream', text: 'a b c d e' },
      { kind: 'status', status: 503, message: 'loading model' },
      { kind: 'text', text: 'finally' },
    );
    const provider = openAiProvider({ baseUrl: fake.baseUrl });
    const client = new ResilientClient({ backoff: { baseMs: 1 } });
    const outcome = await client.call(({ signal }) =>
      provider.complete(request, { signal, onText: () => undefined }),
    );
    expect(outcome).toMatchObject({ attempts: 3, value: { text: 'finally' } });
    fake.script({ kind: 'status', status: 404, message: 'model "llama9" not found' });
    const error = await client
      .call(({ signal }) => provider.complete({ ...request, model: 'llama9' }, { signal }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'provider.bad_request', status: 404 });
    expect((error as Error).message).toContain('model "llama9" not found');
  });

  it('sends URL credentials as a Basic header, never in a message', async () => {
    fake = await startFakeOpenAi();
    const withUser = fake.baseUrl.replace('http://', 'http://ollama:s3cret@');
    await openAiProvider({ baseUrl: withUser }).complete(request);
    expect(fake.requests[0]?.authorization).toBe(
      `Basic ${Buffer.from('ollama:s3cret').toString('base64')}`,
    );
    fake.script({ kind: 'status', status: 400, message: 'bad' });
    const error = await openAiProvider({ baseUrl: withUser })
      .complete(request)
      .catch((caught: unknown) => caught);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('reports an unreachable server as a retryable failure, without URL credentials', async () => {
    const provider = openAiProvider({ baseUrl: 'http://user:s3cret-pass@127.0.0.1:9/v1' });
    const error = await provider.complete(request).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'provider.connection', retryable: true });
    expect((error as Error).message).toContain('http://127.0.0.1:9/v1');
    expect((error as Error).message).not.toContain('s3cret-pass');
  });
});
