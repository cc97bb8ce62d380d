import type { Usage } from '../models/index.js';
import type { AttemptResult } from '../resilience/index.js';

export type { Usage };

/** A block of the system prompt; `cache` marks the end of a stable prefix worth caching. */
export interface SystemBlock {
  readonly text: string;
  readonly cache?: boolean;
}

export interface TextBlock {
  readonly type: 'text';
  readonly text: string;
}

export interface ToolUseBlock {
  readonly type: 'tool_use';
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
}

export type ContentBlock = TextBlock | ToolUseBlock;

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** Everything that determines a model's answer: also what the response cache keys on. */
export interface ModelRequest {
  readonly model: string;
  readonly system: readonly SystemBlock[];
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
  readonly stopSequences?: readonly string[];
}

export interface ModelResponse {
  readonly id: string;
  readonly model: string;
  readonly content: readonly ContentBlock[];
  /** The text blocks joined: what a caller prints. */
  readonly text: string;
  readonly stopReason: string | null;
  readonly usage: Usage;
  /** The cost the provider itself reported (Claude Code does), used instead of the table's. */
  readonly costUsd?: number;
}

export interface CompleteOptions {
  /** Aborts the attempt: on its time limit, or when the caller cancels. */
  readonly signal?: AbortSignal;
  /** The attempt's time limit in ms; the resilient client enforces it as well. */
  readonly timeoutMs?: number;
  /**
   * False when only the time limit can abort this attempt (the caller gave no signal). A
   * provider whose client enforces `timeoutMs` itself may then leave `signal` unused: the
   * Anthropic SDK's per-request cancellation bookkeeping (listeners, a FinalizationRegistry)
   * costs several per cent of throughput at high concurrency. @default true
   */
  readonly abortable?: boolean;
  /** Streams text as it arrives; the promise still resolves with the whole response. */
  readonly onText?: ((delta: string) => void) | undefined;
}

/** One model backend. An attempt is a single call: retries are the resilient client's job. */
export interface Provider {
  readonly name: string;
  complete(request: ModelRequest, options?: CompleteOptions): Promise<AttemptResult<ModelResponse>>;
  /** The provider's exact input-token count for a request, where it has an endpoint for it. */
  countTokens?(request: ModelRequest, signal?: AbortSignal): Promise<number>;
}
