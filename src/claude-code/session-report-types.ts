/** The shape of a Claude Code session report (session-report.ts builds it). */
/** Who did something: the main thread (`agentId` undefined) or a subagent. */
interface Actor {
  readonly agentId: string | undefined;
}

export interface PromptEvent extends Actor {
  readonly kind: 'prompt';
  readonly at: string | undefined;
  readonly text: string;
}

export interface AssistantEvent extends Actor {
  readonly kind: 'assistant';
  readonly at: string | undefined;
  readonly messageId: string | undefined;
  readonly model: string | undefined;
  /** The turn's text blocks joined, cut to one line. */
  text: string;
  toolCalls: number;
}

export interface ToolEvent extends Actor {
  readonly kind: 'tool';
  readonly at: string | undefined;
  readonly toolUseId: string;
  readonly name: string;
  /** The command, path, pattern or URL the tool was called with, on one line. */
  readonly input: string;
  /** `pending`: no result in the transcript (interrupted, or still running). */
  status: 'ok' | 'error' | 'pending';
  /** From the tool_use line's timestamp to its tool_result line's. */
  durationMs: number | undefined;
  /** The result's first line. */
  result: string;
}

export type TimelineEvent = PromptEvent | AssistantEvent | ToolEvent;

export interface Delegation {
  readonly toolUseId: string;
  readonly subagentType: string;
  readonly description: string;
  readonly at: string | undefined;
  /** The subagent that made this delegation; undefined for the main thread. */
  readonly parentAgentId: string | undefined;
  /** The delegated subagent's id, which names its sidechain file. */
  readonly agentId: string | undefined;
  readonly status: 'completed' | 'failed' | 'pending';
  readonly durationMs: number | undefined;
  /** Tool calls the subagent made, and how many of them failed. */
  readonly toolCalls: number;
  readonly failures: number;
  readonly costUsd: number;
  readonly result: string;
}

export interface ToolCount {
  readonly name: string;
  calls: number;
  failures: number;
  pending: number;
  /** Summed over the calls that have a result. */
  totalDurationMs: number;
}

export interface TokenTotals {
  messages: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export interface ModelUsage extends TokenTotals {
  readonly model: string;
  /** False when the model table has no price for the model: its cost counts as 0. */
  readonly priced: boolean;
}

export interface SessionReport {
  readonly sessionId: string | undefined;
  /** The Claude Code release that wrote the transcript. */
  readonly claudeCodeVersion: string | undefined;
  readonly startedAt: string | undefined;
  readonly endedAt: string | undefined;
  readonly durationMs: number | undefined;
  /** Prompts typed into the main thread (not subagent prompts, not injected context). */
  readonly prompts: number;
  /** In time order; subagent events carry their `agentId`. */
  readonly timeline: readonly TimelineEvent[];
  readonly delegations: readonly Delegation[];
  /** Busiest first. */
  readonly tools: readonly ToolCount[];
  readonly failures: readonly ToolEvent[];
  /** Costliest first. Each API message counted once, however many lines it was written as. */
  readonly models: readonly ModelUsage[];
  readonly totals: TokenTotals;
  readonly unpricedModels: readonly string[];
  /** tool_result blocks whose tool_use is not in the transcript. */
  readonly orphanResults: number;
}
