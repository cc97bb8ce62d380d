import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { MessageRequestBody } from './request-body.js';
import { textOf } from './token-estimator.js';

/** A content block the fake sends back. */
export type ScriptedBlock =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'tool_use';
      readonly name: string;
      readonly input: Readonly<Record<string, unknown>>;
      /** @default a deterministic `toolu_fake_…` id */
      readonly id?: string;
    };

/** Usage figures that replace the estimated ones; fields left out keep the estimate. */
export interface ScriptedUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheCreationInputTokens?: number;
  readonly cacheReadInputTokens?: number;
}

/** One reply of the fake Messages API. */
export interface ScriptedReply {
  /** Shorthand for a leading text block. */
  readonly text?: string;
  /** Blocks after `text`. */
  readonly content?: readonly ScriptedBlock[];
  /** @default 'tool_use' when the reply has a tool_use block, else 'end_turn' */
  readonly stopReason?: StopReason;
  /** @default null */
  readonly stopSequence?: string;
  /** @default estimated: see `estimateInputTokens` and `tokensForCharacters` */
  readonly usage?: ScriptedUsage;
  /** Time before the response starts, in ms. @default the server's `latencyMs` */
  readonly latencyMs?: number;
}

/** Builds a reply from the request; lets a script react to what the client sent. */
export type ReplyFunction = (body: MessageRequestBody) => ScriptedReply;

export type ScriptEntry = ScriptedReply | ReplyFunction;

/**
 * The reply when nothing is scripted: `echo: ` and the text of the last message, so a test
 * can tell replies apart without scripting each one.
 */
export function echoReply(body: MessageRequestBody): ScriptedReply {
  const last = body.messages.at(-1);
  const content = last?.content ?? '';
  const text = typeof content === 'string' ? content : content.map(textOf).join(' ');
  return { text: `echo: ${text}` };
}

/** Replies in the order they were scripted; `fallback` once the queue is empty. */
export class ReplyScript {
  readonly #queue: ScriptEntry[] = [];
  readonly #fallback: ReplyFunction;

  constructor(fallback: ReplyFunction) {
    this.#fallback = fallback;
  }

  push(entries: readonly ScriptEntry[]): void {
    this.#queue.push(...entries);
  }

  get pending(): number {
    return this.#queue.length;
  }

  next(body: MessageRequestBody): ScriptedReply {
    const entry = this.#queue.shift() ?? this.#fallback;
    return typeof entry === 'function' ? entry(body) : entry;
  }
}

/** The reply's blocks in order: `text` first, then `content`. */
export function blocksOf(reply: ScriptedReply): readonly ScriptedBlock[] {
  const content = reply.content ?? [];
  return reply.text === undefined ? content : [{ type: 'text', text: reply.text }, ...content];
}
