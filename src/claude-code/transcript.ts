/**
 * Claude Code session transcripts: JSONL, one entry per line, appended while the session runs.
 * Verified against Claude Code 2.1.197 (see test/fixtures/transcripts/). The format is Claude
 * Code's, not ours, and has no version field of its own beyond each entry's `version` (the
 * Claude Code release that wrote it), so the reader keeps only the fields it uses, checks their
 * types, and reports anything it cannot read instead of failing: a session still being written
 * ends in a truncated line, and a report of the rest is still useful.
 */

/** A content block, reduced to what a report uses. Unknown block types keep only their type. */
export type TranscriptBlock =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'thinking' }
  | {
      readonly type: 'tool_use';
      readonly id: string;
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
    }
  | {
      readonly type: 'tool_result';
      readonly toolUseId: string;
      readonly isError: boolean;
      /** The result's text blocks joined (a string result as is). */
      readonly text: string;
    }
  | { readonly type: 'other'; readonly blockType: string };

/** `message.usage` of an assistant entry, as the Messages API reported it. */
export interface TranscriptUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** `cache_creation_input_tokens`: written at either TTL. */
  readonly cacheWriteTokens: number;
  readonly cacheReadTokens: number;
  /** The part of `cacheWriteTokens` written with the 1-hour TTL (`cache_creation.ephemeral_1h_input_tokens`). */
  readonly cacheWrite1hTokens: number;
}

export interface TranscriptMessage {
  /** The API message id (`msg_…`); shared by every line one streamed message was split into. */
  readonly id: string | undefined;
  readonly role: string | undefined;
  readonly model: string | undefined;
  /** A plain-string user message becomes one text block. */
  readonly content: readonly TranscriptBlock[];
  readonly usage: TranscriptUsage | undefined;
}

/** One line of a transcript. */
export interface TranscriptEntry {
  /** 1-based line number in the file it came from. */
  readonly line: number;
  /** `user`, `assistant`, `attachment`, `system`, `queue-operation`, `last-prompt`, … */
  readonly type: string;
  readonly uuid: string | undefined;
  readonly parentUuid: string | undefined;
  /** ISO 8601. Absent on bookkeeping lines such as `last-prompt`. */
  readonly timestamp: string | undefined;
  readonly sessionId: string | undefined;
  /** The Claude Code version that wrote the line. */
  readonly version: string | undefined;
  readonly cwd: string | undefined;
  /** True for a subagent's own conversation. */
  readonly isSidechain: boolean;
  /** The subagent that wrote a sidechain line (its file is `subagents/agent-<agentId>.jsonl`). */
  readonly agentId: string | undefined;
  /** Context Claude Code injected as a user message; not something the user typed. */
  readonly isMeta: boolean;
  readonly requestId: string | undefined;
  readonly message: TranscriptMessage | undefined;
  /** Claude Code's structured tool result (for Agent: agentId, status, totalDurationMs, …). */
  readonly toolUseResult: unknown;
}

export interface TranscriptProblem {
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

export interface Transcript {
  readonly entries: readonly TranscriptEntry[];
  readonly problems: readonly TranscriptProblem[];
}

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringField(object: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function count(object: JsonObject, key: string): number {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => (isObject(block) ? (stringField(block, 'text') ?? '') : ''))
    .filter((text) => text !== '')
    .join('\n');
}

function blockOf(value: unknown): TranscriptBlock | undefined {
  if (!isObject(value)) return undefined;
  const type = stringField(value, 'type') ?? 'unknown';
  switch (type) {
    case 'text':
      return { type, text: stringField(value, 'text') ?? '' };
    case 'thinking':
    case 'redacted_thinking':
      return { type: 'thinking' };
    case 'tool_use':
    case 'server_tool_use': {
      const input = value.input;
      return {
        type: 'tool_use',
        id: stringField(value, 'id') ?? '',
        name: stringField(value, 'name') ?? '?',
        input: isObject(input) ? input : {},
      };
    }
    case 'tool_result':
      return {
        type,
        toolUseId: stringField(value, 'tool_use_id') ?? '',
        isError: value.is_error === true,
        text: textOf(value.content),
      };
    default:
      return { type: 'other', blockType: type };
  }
}

function usageOf(value: unknown): TranscriptUsage | undefined {
  if (!isObject(value)) return undefined;
  const creation = isObject(value.cache_creation) ? value.cache_creation : {};
  return {
    inputTokens: count(value, 'input_tokens'),
    outputTokens: count(value, 'output_tokens'),
    cacheWriteTokens: count(value, 'cache_creation_input_tokens'),
    cacheReadTokens: count(value, 'cache_read_input_tokens'),
    cacheWrite1hTokens: count(creation, 'ephemeral_1h_input_tokens'),
  };
}

function messageOf(value: unknown, problems: TranscriptProblem[], line: number) {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.push({ line, message: '"message" is not an object; ignored' });
    return undefined;
  }
  const raw = value.content;
  let content: TranscriptBlock[] = [];
  if (typeof raw === 'string') content = [{ type: 'text', text: raw }];
  else if (Array.isArray(raw)) content = raw.map(blockOf).filter((block) => block !== undefined);
  else if (raw !== undefined)
    problems.push({ line, message: '"message.content" is neither text nor a list; ignored' });
  return {
    id: stringField(value, 'id'),
    role: stringField(value, 'role'),
    model: stringField(value, 'model'),
    content,
    usage: usageOf(value.usage),
  } satisfies TranscriptMessage;
}

function entryOf(value: JsonObject, line: number, problems: TranscriptProblem[]): TranscriptEntry {
  return {
    line,
    type: stringField(value, 'type') ?? 'unknown',
    uuid: stringField(value, 'uuid'),
    parentUuid: stringField(value, 'parentUuid'),
    timestamp: stringField(value, 'timestamp'),
    sessionId: stringField(value, 'sessionId'),
    version: stringField(value, 'version'),
    cwd: stringField(value, 'cwd'),
    isSidechain: value.isSidechain === true,
    agentId: stringField(value, 'agentId'),
    isMeta: value.isMeta === true,
    requestId: stringField(value, 'requestId'),
    message: messageOf(Object.hasOwn(value, 'message') ? value.message : undefined, problems, line),
    toolUseResult: Object.hasOwn(value, 'toolUseResult') ? value.toolUseResult : undefined,
  };
}

/**
 * Parses a transcript leniently: a line that is not a JSON object (garbage, or the truncated
 * last line of a session still being written) becomes a problem with its line number, never an
 * exception. Blank lines are skipped silently.
 */
export function readTranscript(text: string): Transcript {
  const entries: TranscriptEntry[] = [];
  const problems: TranscriptProblem[] = [];
  const lines = text.split('\n');
  let lastNonBlank = lines.length - 1;
  while (lastNonBlank > 0 && (lines[lastNonBlank] ?? '').trim() === '') lastNonBlank -= 1;
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const source = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (source === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      const last = index === lastNonBlank;
      problems.push({
        line,
        message: `${last ? 'truncated or invalid' : 'invalid'} JSON (${(error as Error).message})`, // JSON.parse throws SyntaxError
      });
      continue;
    }
    if (!isObject(value)) {
      problems.push({ line, message: 'not a JSON object' });
      continue;
    }
    entries.push(entryOf(value, line, problems));
  }
  return { entries, problems };
}
