import {
  APIConnectionError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
} from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from './fake-anthropic.js';
import {
  catchRejection,
  clientFor,
  fakeStarter,
  HELLO_REQUEST,
  MODEL,
  post,
  waitFor,
} from './fake-anthropic/client-helpers.js';

// Rate limits and fault injection are covered in fake-anthropic-faults.int.test.ts.
const start = fakeStarter();

const hello = HELLO_REQUEST;

describe('fake Anthropic: replies', () => {
  it('answers a non-streaming call with the scripted text and usage', async () => {
    const fake = await start();
    fake.script({ text: 'Hello from the fake', usage: { inputTokens: 11, outputTokens: 7 } });
    const message = await clientFor(fake).messages.create(hello);
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'Hello from the fake' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 11,
        output_tokens: 7,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    expect(message.id).toMatch(/^msg_/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      status: 200,
      apiKeyPresent: true,
      credential: 'bearer', // SDK 1.x sends its API key as `Authorization: Bearer`
      body: { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(fake.requests[0]?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(fake.requests)).not.toContain('test-key');
  });

  it('consumes the script in order, then echoes with estimated usage', async () => {
    const fake = await start();
    fake.script({ text: 'first' }, (body) => ({ text: `second, for ${body.model}` }));
    const client = clientFor(fake);
    const texts: string[] = [];
    for (let turn = 0; turn < 3; turn += 1) {
      const message = await client.messages.create({
        ...hello,
        messages: [{ role: 'user', content: 'abcdefgh' }],
      });
      texts.push(message.content[0]?.type === 'text' ? message.content[0].text : '');
      if (turn === 2) expect(message.usage).toMatchObject({ input_tokens: 2, output_tokens: 4 });
    }
    // 'abcdefgh' is 8 characters, 2 tokens; 'echo: abcdefgh' is 14 characters, 4 tokens.
    expect(texts).toEqual(['first', `second, for ${MODEL}`, 'echo: abcdefgh']);
    expect(fake.pendingReplies).toBe(0);
  });

  it('streams the scripted text as word deltas, then the final usage', async () => {
    const fake = await start();
    fake.script({ text: 'one two three', usage: { outputTokens: 3 } });
    const stream = clientFor(fake).messages.stream(hello);
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(deltas).toEqual(['one ', 'two ', 'three']);
    expect(final.content).toMatchObject([{ type: 'text', text: 'one two three' }]);
    expect(final.usage).toMatchObject({ input_tokens: 1, output_tokens: 3 });
    expect(final.stop_reason).toBe('end_turn');
    expect(fake.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('sends the server-sent events in the real order, pings included', async () => {
    const fake = await start();
    fake.script({
      text: 'Hi there',
      content: [{ type: 'tool_use', name: 'lookup', input: { query: 'weather' } }],
    });
    const response = await post(fake, '/v1/messages', { ...hello, stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const body = await response.text();
    const names = [...body.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(names).toMatchInlineSnapshot(`
      [
        "message_start",
        "ping",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ]
    `);
    expect(body).toContain('"stop_reason":"tool_use"');
  });

  it('returns tool_use blocks whole, or streamed in input_json_delta pieces', async () => {
    const fake = await start();
    const input = { city: 'Paris', units: 'celsius', days: [1, 2, 3] };
    const toolUse = { type: 'tool_use', name: 'forecast', input } as const;
    fake.script({ content: [toolUse] }, { content: [{ ...toolUse, id: 'toolu_custom' }] });
    const client = clientFor(fake);
    const whole = await client.messages.create(hello);
    expect(whole.stop_reason).toBe('tool_use');
    expect(whole.content).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_fake_000001',
        name: 'forecast',
        input,
        caller: { type: 'direct' },
      },
    ]);
    const stream = client.messages.stream(hello);
    const pieces: string[] = [];
    stream.on('inputJson', (partial) => pieces.push(partial));
    const streamed = await stream.finalMessage();
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(JSON.stringify(input));
    expect(streamed.content).toMatchObject([{ type: 'tool_use', id: 'toolu_custom', input }]);
  });

  it('writes a cached prefix on first use and reads it afterwards', async () => {
    const fake = await start();
    const client = clientFor(fake);
    const system = [
      { type: 'text', text: 'x'.repeat(400), cache_control: { type: 'ephemeral' } },
    ] as const;
    const ask = (content: string) =>
      client.messages.create({
        ...hello,
        system: [...system],
        messages: [{ role: 'user', content }],
      });
    const first = await ask('abcd');
    const second = await ask('efgh');
    // 400 cached characters are 100 tokens; the 4-character question adds 1.
    expect(first.usage).toMatchObject({
      input_tokens: 1,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 0,
    });
    expect(second.usage).toMatchObject({
      input_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 100,
    });
  });

  it('counts tokens with the estimator that usage reports', async () => {
    const fake = await start();
    const client = clientFor(fake);
    const body = {
      model: MODEL,
      system: 'You are terse.',
      messages: [{ role: 'user' as const, content: 'Count the tokens in this sentence.' }],
    };
    const counted = await client.messages.countTokens(body);
    // 14 + 34 characters: 48 / 4 = 12 tokens.
    expect(counted).toEqual({ input_tokens: 12 });
    const message = await client.messages.create({ ...body, max_tokens: 16 });
    expect(message.usage.input_tokens).toBe(12);
    expect(fake.stats.byPath).toEqual({ '/v1/messages/count_tokens': 1, '/v1/messages': 1 });
  });
});

describe('fake Anthropic: request checks', () => {
  it('rejects a missing API key with authentication_error', async () => {
    const fake = await start();
    const keyless = clientFor(fake, { defaultHeaders: { Authorization: null } });
    const error = await catchRejection(AuthenticationError, keyless.messages.create(hello));
    expect(error.status).toBe(401);
    expect(error.error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
    });
    expect(error.requestID).toMatch(/^req_/);
    expect(fake.requests[0]).toMatchObject({ apiKeyPresent: false, credential: 'none' });
  });

  it('accepts only the configured keys, in x-api-key or as a bearer token', async () => {
    const fake = await start({ allowedApiKeys: ['right-key'] });
    const wrong = await catchRejection(AuthenticationError, clientFor(fake).messages.create(hello));
    expect(wrong.message).toContain('invalid x-api-key');
    await expect(
      clientFor(fake, { apiKey: 'right-key' }).messages.create(hello),
    ).resolves.toBeDefined();
    const viaHeader = await post(fake, '/v1/messages', hello, { 'x-api-key': 'right-key' });
    expect(viaHeader.status).toBe(200);
    expect(fake.requests.map((request) => request.credential)).toEqual([
      'bearer',
      'bearer',
      'x-api-key',
    ]);
    expect(JSON.stringify(fake.requests)).not.toContain('right-key');
  });

  it('rejects a bad body, bad JSON or a missing anthropic-version with a 400', async () => {
    const fake = await start();
    const client = clientFor(fake);
    const noMaxTokens = await catchRejection(
      BadRequestError,
      client.post('/v1/messages', { body: { model: MODEL, messages: hello.messages } }),
    );
    expect(noMaxTokens.error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    const noMessages = await catchRejection(
      BadRequestError,
      client.messages.create({ ...hello, messages: [] }),
    );
    expect(noMessages.message).toContain('messages: at least one message is required');
    const notJson = await post(fake, '/v1/messages', '{"model":', {});
    expect(notJson.status).toBe(400);
    const noVersion = await post(fake, '/v1/messages', hello, { 'anthropic-version': '' });
    expect(await noVersion.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
    expect(noVersion.headers.get('request-id')).toMatch(/^req_/);
    expect(fake.stats.byStatus).toEqual({ '400': 4 });
  });

  it('answers unknown paths with not_found_error', async () => {
    const fake = await start();
    await expect(clientFor(fake).post('/v1/nothing-here', { body: {} })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('validates its own configuration before anything runs', async () => {
    await expect(startFakeAnthropic({ latencyMs: -1 })).rejects.toThrow(RangeError);
    const fake = await start();
    expect(() => {
      fake.injectFault({ kind: 'overloaded', probability: 1.5 });
    }).toThrow(/probability/);
    expect(() => {
      fake.setLimits({ requestsPerSecond: 0 });
    }).toThrow(/requestsPerSecond/);
  });
});

describe('fake Anthropic: concurrency and shutdown', () => {
  it('tracks requests in flight and the peak under parallel calls', async () => {
    const fake = await start({ latencyMs: 150 });
    const client = clientFor(fake);
    await Promise.all(Array.from({ length: 5 }, () => client.messages.create(hello)));
    expect(fake.stats.maxInFlight).toBe(5);
    expect(fake.stats.inFlight).toBe(0);

    // Two workers sharing six calls never have more than two in flight.
    const limited = await start({ latencyMs: 20 });
    const limitedClient = clientFor(limited);
    let left = 6;
    const worker = async (): Promise<void> => {
      while (left > 0) {
        left -= 1;
        await limitedClient.messages.create(hello);
      }
    };
    await Promise.all([worker(), worker()]);
    expect(limited.stats).toMatchObject({ totalRequests: 6, maxInFlight: 2, inFlight: 0 });
  });

  it('close() ends a hanging request promptly', async () => {
    const fake = await start();
    fake.injectFault({ kind: 'hang' });
    const pending = catchRejection(APIConnectionError, clientFor(fake).messages.create(hello));
    await waitFor(() => fake.stats.inFlight === 1);
    const started = performance.now();
    await fake.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(pending).resolves.toBeInstanceOf(APIConnectionError);
    expect(fake.stats.inFlight).toBe(0);
  });
});
