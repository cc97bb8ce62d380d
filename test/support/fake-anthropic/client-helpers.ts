import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { afterEach } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './server.js';

/** A model name the SDK knows and does not warn about. */
export const MODEL = 'claude-haiku-4-5';

/** The smallest valid Messages request: one user turn, `Hi`. */
export const HELLO_REQUEST: MessageCreateParamsNonStreaming = {
  model: MODEL,
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hi' }],
};

/**
 * Returns a `start` function for a test file: each fake it starts is closed after the test,
 * whether the test passed or not.
 */
export function fakeStarter(): (options?: FakeAnthropicOptions) => Promise<FakeAnthropic> {
  const running: FakeAnthropic[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((fake) => fake.close()));
  });
  return async (options = {}) => {
    const fake = await startFakeAnthropic(options);
    running.push(fake);
    return fake;
  };
}

/** The official SDK pointed at the fake, without retries unless `overrides` asks for them. */
export function clientFor(fake: FakeAnthropic, overrides: ClientOptions = {}): Anthropic {
  return new Anthropic({ apiKey: 'test-key', baseURL: fake.baseUrl, maxRetries: 0, ...overrides });
}

/**
 * A raw `fetch` POST, for what the SDK will not send. Sends an API key and `anthropic-version`
 * unless `headers` overrides them; an empty value leaves a header out.
 */
export function post(
  fake: FakeAnthropic,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const merged = Object.entries({
    'content-type': 'application/json',
    'anthropic-version': '2023-06-01',
    'x-api-key': 'test-key',
    ...headers,
  }).filter(([, value]) => value !== '');
  return fetch(`${fake.baseUrl}${path}`, {
    method: 'POST',
    headers: merged,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Awaits `promise` and returns its rejection, which must be an instance of `type`. */
export async function catchRejection<T extends Error>(
  type: abstract new (...args: never[]) => T,
  promise: Promise<unknown>,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name} rejection, but the promise resolved`);
}

export { waitFor } from '../wait.js';
