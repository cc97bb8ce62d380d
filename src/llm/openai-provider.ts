import { ProviderError } from '../errors.js';
import type { AttemptResult } from '../resilience/index.js';
import { basicAuth, jsonHeaders, withoutCredentials } from '../files/index.js';
import { errorForStatus, headerRecord } from './http.js';
import { keepAliveFetch } from './keep-alive-fetch.js';
import type { CompleteOptions, ModelRequest, ModelResponse, Provider, Usage } from './types.js';

export interface OpenAiProviderOptions {
  /** The server's API root, e.g. `http://127.0.0.1:11434/v1` (Ollama) or a vLLM server. */
  readonly baseUrl: string;
  /** Sent as a bearer token when set (local servers usually need none). */
  readonly apiKey?: string | undefined;
}

/** Error bodies are read up to this size: enough for a message, never a flood. */
const MAX_ERROR_BODY = 64 * 1024;

interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number };
}

interface ChatChunk {
  id?: string;
  model?: string;
  choices?: {
    delta?: { content?: string | null };
    message?: { content?: string | null };
    finish_reason?: string | null;
  }[];
  usage?: ChatUsage | null;
}

/**
 * OpenAI-compatible chat completions, for local servers such as Ollama or vLLM. The system
 * blocks become one system message; streaming reads the server-sent events and asks for usage
 * in the last chunk. A stream that ends without `[DONE]`, or with a chunk that is not JSON, is
 * a failed attempt (retryable), never a partial answer.
 */
export function openAiProvider(options: OpenAiProviderOptions): Provider {
  // Credentials in the URL (user:pass@) become a Basic header: fetch refuses them in a URL, and
  // no message ever shows them.
  const shown = withoutCredentials(options.baseUrl);
  const url = `${shown.replace(/\/+$/, '')}/chat/completions`;
  const basic = basicAuth(options.baseUrl);
  return {
    name: 'openai',
    async complete(request, completeOptions = {}) {
      const streaming = completeOptions.onText !== undefined;
      let response: Response;
      try {
        response = await keepAliveFetch()(url, {
          method: 'POST',
          headers: {
            ...jsonHeaders(options.apiKey),
            ...(basic !== undefined && (options.apiKey ?? '') === ''
              ? { authorization: basic }
              : {}),
          },
          body: JSON.stringify(bodyOf(request, streaming)),
          ...(completeOptions.signal === undefined ? {} : { signal: completeOptions.signal }),
        });
      } catch (error) {
        completeOptions.signal?.throwIfAborted();
        throw new ProviderError(
          'provider.connection',
          `could not reach ${shown}: ${messageOf(error)}`,
          {
            cause: error,
            retryable: true,
            hint: 'is the server running? check engine.openaiBaseUrl',
          },
        );
      }
      if (!response.ok) throw await failure(response, shown);
      const headers = (name: string): string | null => response.headers.get(name);
      const value = streaming
        ? await readStream(response, request, completeOptions)
        : responseOf((await response.json()) as ChatChunk, request); // the server's JSON, checked in responseOf
      return {
        value,
        headers,
        tokens: value.usage.inputTokens + value.usage.outputTokens,
      } satisfies AttemptResult<ModelResponse>;
    },
  };
}

function bodyOf(request: ModelRequest, stream: boolean): Record<string, unknown> {
  const system = request.system.map((block) => block.text).join('\n\n');
  return {
    model: request.model,
    messages: [
      ...(system === '' ? [] : [{ role: 'system', content: system }]),
      ...request.messages.map((message) => ({ role: message.role, content: message.content })),
    ],
    max_tokens: request.maxTokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.stopSequences === undefined ? {} : { stop: request.stopSequences }),
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

function usageOf(usage: ChatUsage | null | undefined): Usage {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    inputTokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    outputTokens: usage?.completion_tokens ?? 0,
    cacheWriteTokens: 0,
    cacheReadTokens: cached,
  };
}

function responseOf(body: ChatChunk, request: ModelRequest): ModelResponse {
  const choice = body.choices?.[0];
  const text = choice?.message?.content;
  if (typeof text !== 'string')
    throw new ProviderError('provider.bad_response', 'the server answered without a message', {
      retryable: true,
    });
  return {
    id: body.id ?? 'chat',
    model: body.model ?? request.model,
    content: [{ type: 'text', text }],
    text,
    stopReason: choice?.finish_reason ?? null,
    usage: usageOf(body.usage),
  };
}

async function readStream(
  response: Response,
  request: ModelRequest,
  options: CompleteOptions,
): Promise<ModelResponse> {
  if (response.body === null) throw streamFailed('the response has no body');
  const decoder = new TextDecoder();
  let buffered = '';
  let text = '';
  let id = 'chat';
  let model = request.model;
  let stopReason: string | null = null;
  let usage: ChatUsage | null | undefined;
  let done = false;
  try {
    // A fetch body yields Uint8Array chunks (the DOM typings leave them untyped).
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          done = true;
          continue;
        }
        let parsed: ChatChunk;
        try {
          parsed = JSON.parse(data) as ChatChunk; // checked field by field below
        } catch {
          throw streamFailed(`a stream event is not JSON: ${data.slice(0, 80)}`);
        }
        id = parsed.id ?? id;
        model = parsed.model ?? model;
        if (parsed.usage !== undefined && parsed.usage !== null) usage = parsed.usage;
        const choice = parsed.choices?.[0];
        if (choice?.finish_reason !== undefined && choice.finish_reason !== null)
          stopReason = choice.finish_reason;
        const delta = choice?.delta?.content;
        if (typeof delta === 'string' && delta !== '') {
          text += delta;
          options.onText?.(delta);
        }
      }
    }
  } catch (error) {
    options.signal?.throwIfAborted();
    if (error instanceof ProviderError) throw error;
    throw streamFailed(messageOf(error));
  }
  if (!done) throw streamFailed('the stream ended before [DONE]');
  return { id, model, content: [{ type: 'text', text }], text, stopReason, usage: usageOf(usage) };
}

function streamFailed(why: string): ProviderError {
  return new ProviderError('provider.stream_failed', `the response stream broke: ${why}`, {
    retryable: true,
  });
}

async function failure(response: Response, baseUrl: string): Promise<ProviderError> {
  const raw = (await response.text()).slice(0, MAX_ERROR_BODY);
  let message = raw.trim().slice(0, 300);
  try {
    const parsed = JSON.parse(raw) as { error?: { message?: unknown } | string }; // checked below
    const inner = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
    if (typeof inner === 'string') message = inner;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return errorForStatus(response.status, {
    service: baseUrl,
    message,
    keyVariable: 'OPENAI_API_KEY',
    headers: headerRecord(response.headers),
  });
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
