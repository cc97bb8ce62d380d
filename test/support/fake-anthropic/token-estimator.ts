import type { MessageRequestBody } from './request-body.js';

/**
 * Characters per token: the usual rule of thumb for English text. The fake only needs counts
 * that are deterministic and grow with the input, not a real tokenizer.
 */
const CHARACTERS_PER_TOKEN = 4;

/** Separates prompt parts in a cache key, so `["ab", "c"]` and `["a", "bc"]` differ. */
const PART_SEPARATOR = '\u0000';

/** What the estimator knows about a request's input. */
export interface InputTokenEstimate {
  /** All input tokens: tools, system prompt and messages, as `count_tokens` reports them. */
  readonly total: number;
  /** Tokens up to and including the last `cache_control` breakpoint; 0 without one. */
  readonly cachedPrefixTokens: number;
  /** The model and the text of the cached prefix; undefined when nothing is marked for caching. */
  readonly cachedPrefixKey: string | undefined;
}

/** `ceil(characters / 4)`, and never 0: the real API bills at least one token. */
export function tokensForCharacters(characters: number): number {
  return Math.max(1, Math.ceil(characters / CHARACTERS_PER_TOKEN));
}

/**
 * Estimates input tokens from the prompt in the order the API reads it (tools, system,
 * messages). The cached prefix ends at the last block carrying `cache_control`, or covers the
 * whole prompt when the body has a top-level `cache_control` (automatic caching).
 */
export function estimateInputTokens(body: MessageRequestBody): InputTokenEstimate {
  const parts: string[] = [];
  let lastCachedPart = -1;
  const add = (block: unknown): void => {
    parts.push(textOf(block));
    if (isRecord(block) && isRecord(block['cache_control'])) lastCachedPart = parts.length - 1;
  };
  for (const tool of arrayOr(body['tools'])) add(tool);
  const system = body['system'];
  if (typeof system === 'string') add(system);
  else for (const block of arrayOr(system)) add(block);
  for (const message of body.messages) {
    if (typeof message.content === 'string') add(message.content);
    else for (const block of message.content) add(block);
  }
  if (isRecord(body['cache_control'])) lastCachedPart = parts.length - 1;

  const totalCharacters = parts.reduce((sum, part) => sum + part.length, 0);
  const total = tokensForCharacters(totalCharacters);
  if (lastCachedPart < 0) return { total, cachedPrefixTokens: 0, cachedPrefixKey: undefined };
  const prefix = parts.slice(0, lastCachedPart + 1);
  const prefixCharacters = prefix.reduce((sum, part) => sum + part.length, 0);
  return {
    total,
    cachedPrefixTokens: Math.min(total, tokensForCharacters(prefixCharacters)),
    cachedPrefixKey: [body.model, ...prefix].join(PART_SEPARATOR),
  };
}

/** The text a block contributes to the estimate: its words when it has some, else its JSON. */
export function textOf(block: unknown): string {
  if (typeof block === 'string') return block;
  if (!isRecord(block)) return JSON.stringify(block) ?? '';
  if (block['type'] === 'text' && typeof block['text'] === 'string') return block['text'];
  if (block['type'] === 'tool_result') {
    const content = block['content'];
    return typeof content === 'string' ? content : arrayOr(content).map(textOf).join('');
  }
  return JSON.stringify(block, (key, value: unknown) =>
    key === 'cache_control' ? undefined : value,
  );
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
