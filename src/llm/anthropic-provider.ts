import type {
  Message,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import { ProviderError } from '../errors.js';
import type { AttemptResult } from '../resilience/index.js';
import { fromAnthropicError } from './anthropic-errors.js';
import { anthropicSdk } from './anthropic-sdk.js';
import type Anthropic from '@anthropic-ai/sdk';
import type {
  CompleteOptions,
  ContentBlock,
  ModelRequest,
  ModelResponse,
  Provider,
} from './types.js';

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
    // Our per-attempt timeout aborts the request; the SDK's own limit only backs it up.
    timeout: 30 * 60_000,
  });
  return {
    name: 'anthropic',
    async complete(request, completeOptions = {}) {
      try {
        return await call(client, request, completeOptions);
      } catch (error) {
        throw fromAnthropicError(error, completeOptions.onText !== undefined);
      }
    },
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

async function call(
  client: Anthropic,
  request: ModelRequest,
  options: CompleteOptions,
): Promise<AttemptResult<ModelResponse>> {
  const params = paramsOf(request);
  // Nothing but the time limit can abort this attempt: the SDK enforces it with its own timer,
  // and no signal spares its per-request cancellation bookkeeping. A stream keeps the signal.
  const requestOptions =
    options.abortable === false && options.timeoutMs !== undefined && options.onText === undefined
      ? { timeout: options.timeoutMs }
      : options.signal === undefined
        ? {}
        : { signal: options.signal };
  let message: Message;
  let headers: Headers | undefined;
  if (options.onText === undefined) {
    const { data, response } = await client.messages.create(params, requestOptions).withResponse();
    message = data;
    headers = response.headers;
  } else {
    const stream = client.messages.stream(params, requestOptions);
    stream.on('text', options.onText);
    message = await stream.finalMessage();
    headers = stream.response?.headers;
  }
  const response = responseOf(message);
  const { usage } = response;
  return {
    value: response,
    ...(headers === undefined ? {} : { headers: (name: string) => headers.get(name) }),
    tokens: usage.inputTokens + usage.cacheWriteTokens + usage.outputTokens,
  };
}

function paramsOf(request: ModelRequest): MessageCreateParamsNonStreaming {
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    system: request.system.map((block) => ({
      type: 'text' as const,
      text: block.text,
      ...(block.cache === true ? { cache_control: { type: 'ephemeral' as const } } : {}),
    })),
    messages: request.messages.map((message) => ({
      role: message.role,
      content: message.content,
    })),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.stopSequences === undefined ? {} : { stop_sequences: [...request.stopSequences] }),
  };
}

function responseOf(message: Message): ModelResponse {
  const content: ContentBlock[] = [];
  let text = '';
  for (const block of message.content) {
    if (block.type === 'text') {
      content.push({ type: 'text', text: block.text });
      text += block.text;
    } else if (block.type === 'tool_use')
      content.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
  }
  return {
    id: message.id,
    model: message.model,
    content,
    text,
    stopReason: message.stop_reason,
    usage: {
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
      cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
    },
  };
}
