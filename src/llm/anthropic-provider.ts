import { ProviderError } from '../errors.js';
import { fromAnthropicError } from './anthropic-errors.js';
import { anthropicSdk } from './anthropic-sdk.js';
import { keepAliveFetch } from './keep-alive-fetch.js';
import { callMessages, paramsOf } from './messages-call.js';
import type { Provider } from './types.js';

export interface AnthropicProviderOptions {
  /** The API key. @default the ANTHROPIC_API_KEY environment variable */
  readonly apiKey?: string | undefined;
  /** The API's base URL. @default ANTHROPIC_BASE_URL, else the SDK's default */
  readonly baseUrl?: string | undefined;
  /** Where the defaults are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The Anthropic Messages API through the official SDK. The SDK's own retries are off: the
 * resilient client owns retries, rate limits and timeouts for every provider alike.
 */
export function anthropicProvider(options: AnthropicProviderOptions = {}): Provider {
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? env.ANTHROPIC_API_KEY;
  if (apiKey === undefined || apiKey.trim() === '') {
    throw new ProviderError('provider.no_key', 'ANTHROPIC_API_KEY is not set', {
      exitCode: 2,
      hint: 'export ANTHROPIC_API_KEY=sk-ant-..., or pick another provider with --provider',
    });
  }
  const baseURL = options.baseUrl ?? env.ANTHROPIC_BASE_URL;
  const { Anthropic } = anthropicSdk();
  const client = new Anthropic({
    apiKey,
    ...(baseURL === undefined || baseURL === '' ? {} : { baseURL }),
    maxRetries: 0,
    // About 1.5x the calls per second of Node's built-in fetch (keep-alive-fetch.ts).
    fetch: keepAliveFetch(),
    // Our per-attempt timeout aborts the request; the SDK's own limit only backs it up.
    timeout: 30 * 60_000,
  });
  return {
    name: 'anthropic',
    // A chained catch, not an async wrapper: one promise less on every call.
    complete: (request, completeOptions = {}) =>
      callMessages(client, request, completeOptions).catch((error: unknown) => {
        throw fromAnthropicError(error, completeOptions.onText !== undefined);
      }),
    async countTokens(request, signal) {
      const params = paramsOf(request);
      try {
        const counted = await client.messages.countTokens(
          { model: params.model, system: params.system ?? [], messages: params.messages },
          signal === undefined ? {} : { signal },
        );
        return counted.input_tokens;
      } catch (error) {
        throw fromAnthropicError(error);
      }
    },
  };
}
