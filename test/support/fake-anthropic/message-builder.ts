import type { ContentBlock, Message, Usage } from '@anthropic-ai/sdk/resources/messages';
import { blocksOf, type ScriptedReply } from './replies.js';
import { tokensForCharacters, type InputTokenEstimate } from './token-estimator.js';

/**
 * Prefixes the fake has "cached". The first request with a prefix writes it
 * (`cache_creation_input_tokens`), later ones read it (`cache_read_input_tokens`). Entries
 * never expire and there is no minimum cacheable length: tests want the simple rule.
 */
export class PromptCache {
  readonly #prefixes = new Set<string>();

  /** Splits the estimate into uncached, written and read tokens, and records the prefix. */
  split(estimate: InputTokenEstimate): { input: number; creation: number; read: number } {
    const { total, cachedPrefixTokens: prefix, cachedPrefixKey: key } = estimate;
    if (key === undefined) return { input: total, creation: 0, read: 0 };
    if (this.#prefixes.has(key)) return { input: total - prefix, creation: 0, read: prefix };
    this.#prefixes.add(key);
    return { input: total - prefix, creation: prefix, read: 0 };
  }
}

export interface MessageParts {
  readonly id: string;
  readonly model: string;
  readonly reply: ScriptedReply;
  readonly estimate: InputTokenEstimate;
  readonly cache: PromptCache;
  /** Makes ids for tool_use blocks that the script left without one. */
  readonly nextToolId: () => string;
}

/** The complete `Message` a non-streaming call returns, and the final state of a stream. */
export function buildMessage(parts: MessageParts): Message {
  const { reply, estimate } = parts;
  const content: ContentBlock[] = blocksOf(reply).map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text, citations: null }
      : {
          type: 'tool_use',
          id: block.id ?? parts.nextToolId(),
          name: block.name,
          input: block.input,
          caller: { type: 'direct' },
        },
  );
  const hasToolUse = content.some((block) => block.type === 'tool_use');
  const cached = parts.cache.split(estimate);
  const scripted = reply.usage ?? {};
  const creation = scripted.cacheCreationInputTokens ?? cached.creation;
  const usage: Usage = {
    input_tokens: scripted.inputTokens ?? cached.input,
    output_tokens: scripted.outputTokens ?? outputTokensOf(content),
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: scripted.cacheReadInputTokens ?? cached.read,
    cache_creation: { ephemeral_5m_input_tokens: creation, ephemeral_1h_input_tokens: 0 },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
  return {
    id: parts.id,
    type: 'message',
    role: 'assistant',
    model: parts.model,
    content,
    stop_reason: reply.stopReason ?? (hasToolUse ? 'tool_use' : 'end_turn'),
    stop_sequence: reply.stopSequence ?? null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage,
  };
}

/** Output tokens from the reply's text and tool calls, by the same 4-characters rule. */
function outputTokensOf(content: readonly ContentBlock[]): number {
  let characters = 0;
  for (const block of content) {
    if (block.type === 'text') characters += block.text.length;
    else if (block.type === 'tool_use')
      characters += block.name.length + (JSON.stringify(block.input) ?? '').length;
  }
  return tokensForCharacters(characters);
}
