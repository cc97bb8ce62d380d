import { sha256Hex } from '../files/index.js';
import type { ModelRequest } from '../llm/index.js';

/** Bump when the key's inputs or their encoding change: old entries then simply miss. */
export const CACHE_KEY_VERSION = 1;

/**
 * Everything that determines the answer (provider, model, every system block and its cache
 * mark, every message, sampling and limits), in a fixed order, as one string: two requests
 * with the same identity get the same answer. In-flight coalescing uses it as is; the cache
 * stores its hash (`requestKey`).
 */
export function requestIdentity(provider: string, request: ModelRequest): string {
  return JSON.stringify([
    CACHE_KEY_VERSION,
    provider,
    request.model,
    request.system.map((block) => [block.text, block.cache === true]),
    request.messages.map((message) => [message.role, message.content]),
    request.maxTokens,
    request.temperature ?? null,
    request.stopSequences ?? null,
  ]);
}

/**
 * The response cache's key: a SHA-256 of the request's identity. The agent's prompt is part of
 * the system, so any change to an agent file gives a new key and can never be answered from
 * an entry made before it.
 */
export function requestKey(provider: string, request: ModelRequest): string {
  return sha256Hex(requestIdentity(provider, request));
}
