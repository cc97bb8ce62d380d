import type Anthropic from '@anthropic-ai/sdk';
import type {
  Message,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import type { AttemptResult } from '../resilience/index.js';
import type { CompleteOptions, ContentBlock, ModelRequest, ModelResponse } from './types.js';

/**
 * What a Messages API call needs of a client: the Anthropic SDK's own, or the Bedrock and
 * Vertex AI SDKs' (the same resource over each cloud's wire format and auth).
 */
export interface MessagesClient {
  readonly messages: Pick<Anthropic['messages'], 'create' | 'stream'>;
}

/**
 * One attempt through the Messages API: a plain call, or a stream when the caller wants the
 * text as it arrives. Usage comes back exactly as the API reported it, cache tokens included.
 */
export async function callMessages(
  client: MessagesClient,
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
    // The response for its rate-limit headers, then the body as the SDK parses it. Not
    // withResponse(), which adds an async step and reads two headers we never use, per call.
    const call = client.messages.create(params, requestOptions);
    headers = (await call.asResponse()).headers;
    message = await call;
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

/** Our request as the Messages API's parameters; `cache` blocks get an ephemeral breakpoint. */
export function paramsOf(request: ModelRequest): MessageCreateParamsNonStreaming {
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
