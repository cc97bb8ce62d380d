import type { ContentBlock, ModelResponse, Usage } from '../llm/index.js';

/**
 * Format of an entry in the shared tier. Bump it when the envelope or the response's shape
 * changes: an entry of another version is a miss (and is overwritten by the next call), so
 * workers of two releases sharing one database never read each other's entries.
 */
export const SHARED_ENTRY_VERSION = 1;

/**
 * The shared tier's value: `{"version":1,"response":{...}}`. Unlike the disk tier its entries
 * are not signed: a per-machine secret cannot sign what every machine reads, and a secret
 * shared through the database protects nothing from whoever can write that database. The
 * shared tier therefore trusts the database, and only checks on read that an entry has the
 * shape of a response, so a damaged row is a miss, never a crash or a malformed answer.
 */
export function encodeSharedEntry(response: ModelResponse): string {
  return JSON.stringify({ version: SHARED_ENTRY_VERSION, response });
}

/** The response an entry holds, rebuilt field by field; undefined for anything malformed. */
export function decodeSharedEntry(payload: string): ModelResponse | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.version !== SHARED_ENTRY_VERSION) return undefined;
  return toResponse(parsed.response);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

// Only the known fields are copied into fresh objects: an extra key (`__proto__` included,
// which JSON.parse makes an own property) never reaches the caller.
function toResponse(value: unknown): ModelResponse | undefined {
  if (!isRecord(value)) return undefined;
  const { id, model, text, stopReason, costUsd } = value;
  if (typeof id !== 'string' || typeof model !== 'string' || typeof text !== 'string')
    return undefined;
  if (stopReason !== null && typeof stopReason !== 'string') return undefined;
  if (costUsd !== undefined && !(typeof costUsd === 'number' && Number.isFinite(costUsd)))
    return undefined;
  const usage = toUsage(value.usage);
  if (usage === undefined || !Array.isArray(value.content)) return undefined;
  const content: ContentBlock[] = [];
  for (const block of value.content as unknown[]) {
    const checked = toBlock(block);
    if (checked === undefined) return undefined;
    content.push(checked);
  }
  return {
    id,
    model,
    content,
    text,
    stopReason,
    usage,
    ...(costUsd === undefined ? {} : { costUsd }),
  };
}

function toUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const { inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens } = value;
  if (
    !isCount(inputTokens) ||
    !isCount(outputTokens) ||
    !isCount(cacheWriteTokens) ||
    !isCount(cacheReadTokens)
  )
    return undefined;
  return { inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens };
}

function toBlock(value: unknown): ContentBlock | undefined {
  if (!isRecord(value)) return undefined;
  if (value.type === 'text')
    return typeof value.text === 'string' ? { type: 'text', text: value.text } : undefined;
  if (value.type === 'tool_use' && typeof value.id === 'string' && typeof value.name === 'string')
    return { type: 'tool_use', id: value.id, name: value.name, input: value.input };
  return undefined;
}
