import type { HookEvent } from './hook-event-names.js';

/** What one model call used and cost, flat, as run.completed and step.completed carry it. */
export interface CallMetrics {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  durationMs: number;
  attempts: number;
  /**
   * Milliseconds the call waited rather than attempted: for a concurrency slot, for the rate
   * limiter, and asleep between attempts (backoff or retry-after). 0 for a cached answer.
   * Since version 2 of run.completed and step.completed: version-1 events lack it (read as 0).
   */
  waitedMs: number;
}

/** `hook.PreToolUse`, `hook.SessionEnd`, ...: one stored type per Claude Code hook event. */
export type HookEventType = `hook.${HookEvent}`;

/**
 * The hook's JSON input as Claude Code sent it (`session_id`, `cwd`, `hook_event_name`, the tool
 * or prompt fields, ...), recorded as is except that every string over 16 KiB is cut.
 */
export type HookEventPayload = Readonly<Record<string, unknown>>;

/** The `hook.<Event>` family, recorded by the daemon for every hook event it receives. */
export type HookEventMap = { [Type in HookEventType]: HookEventPayload };

/**
 * Every stored event: `noun.verb` name -> payload type. The bus's emit() and on() and the
 * daemon's records (through eventRecord) are typed from this map, so an unknown name or a wrong
 * payload is a compile error whichever door an event comes through.
 *
 * To add an event, add it here and give it a version in EVENT_VERSIONS (the compiler insists).
 * Payloads are persisted as JSON and read back by later releases, so they hold only JSON data
 * (no Dates, Maps or class instances) and a changed payload shape bumps the version. Stored
 * names never change: the dashboard, `events list --type` and scripts match on them.
 */
export interface EventMap extends HookEventMap {
  'project.initialized': { root: string };
  'config.validated': { ok: boolean };
  'agents.validated': { files: number; invalid: number };
  'agents.deployed': { target: string; written: string[]; unchanged: string[]; skipped: string[] };
  /** `agents undeploy` removed our files from `target`; `kept` were edited, or not ours. */
  'agents.undeployed': { target: string; removed: string[]; kept: string[] };
  'run.started': { runId: string; agent: string; model: string; provider: string };
  'run.completed': {
    runId: string;
    agent: string;
    model: string;
    provider: string;
    simulated: boolean;
    cached: boolean;
  } & CallMetrics;
  'run.failed': { agent: string; model: string; provider: string; error: string };
  /**
   * An attempt of a run's model call failed and will be retried after `delayMs` (backoff or the
   * provider's retry-after). `attempt` is the one that failed, of `maxAttempts`; `reason` says
   * why in words (rate limited, overloaded, timed out, server error, connection failed) and
   * `error` is its code. `stepId` is the workflow step's (`runId` then the workflow run's), null
   * for a run.
   */
  'run.retrying': {
    runId: string;
    stepId: string | null;
    agent: string;
    model: string;
    attempt: number;
    maxAttempts: number;
    delayMs: number;
    reason: string;
    error: string;
  };
  /**
   * An answer failed a check with escalation on (`run --escalate`, a step's `escalate: true`):
   * `reason` is refusal, max_tokens or invalid_output, `detail` says it in words. `to` is the
   * next tier's model (`tier`), asked once; null when there is none, and `skipped` says why.
   * `costUsd` is the failed call's; run.completed and step.completed carry the totals of both
   * calls. `stepId` is the workflow step's, null for a run.
   */
  'run.escalated': {
    runId: string;
    stepId: string | null;
    agent: string;
    from: string;
    to: string | null;
    tier: string | null;
    reason: string;
    detail: string;
    costUsd: number;
    skipped: string | null;
  };
  /**
   * A prompt crossed a share (`threshold`, 0 to 1) of the model's context window, once per
   * threshold. From `run` (source `cli`) it carries the agent and how tokens were counted; from
   * the daemon (source `daemon`, a Claude Code session's transcript) `agent` and `method` are
   * absent.
   */
  'context.threshold': {
    agent?: string;
    model: string;
    tokens: number;
    window: number;
    threshold: number;
    method?: string;
  };
  'workflow.started': { runId: string; name: string; steps: number };
  'workflow.completed': {
    runId: string;
    name: string;
    /** succeeded, failed, cancelled or budget_exceeded. */
    status: string;
    spentUsd: number;
    error: string | null;
  };
  'step.completed': {
    runId: string;
    stepId: string;
    iteration: number;
    agent: string;
    model: string;
  } & CallMetrics & { cached: boolean };
  'step.failed': { runId: string; stepId: string; error: string };
  /** A workflow step began (one iteration of it): the start of its span in traces. */
  'step.started': { runId: string; stepId: string; iteration: number };
  /** An MCP tool call answered (`failed`: it answered with a tool error), over stdio or /mcp. */
  'mcp.called': { tool: string; durationMs: number; failed: boolean };

  // Recorded by the daemon from Claude Code hook events (source `daemon`).
  /** A PreToolUse of the Agent (or older Task) tool: the main session delegated to a subagent. */
  'agent.delegated': {
    toolUseId: string | null;
    subagentType: string | null;
    description: string | null;
    /** Recovered from the session transcript: the hook for it never reached the daemon. */
    reconciled?: true;
  };
  /** A subagent started (SubagentStart). */
  'agent.started': { agentId: string | null; agentType: string | null };
  /**
   * A subagent stopped (SubagentStop). `durationMs` is null when its start was not seen;
   * `remembered` counts the memory entries captured from its answer.
   */
  'agent.completed': {
    agentId: string | null;
    agentType: string | null;
    durationMs: number | null;
    remembered: number;
  };
  /**
   * A tool call's Post event, paired with its PreToolUse by tool_use_id. `reconciled`: recovered
   * from the session transcript (tool_use and tool_result), a hook for it having never reached
   * the daemon; it then holds the call's input (cut like a hook event's) and the subagent that
   * made it, if one did; its duration runs between the two transcript lines.
   */
  'tool.completed': {
    toolUseId: string;
    toolName: string;
    durationMs: number;
    failed: boolean;
    reconciled?: true;
    toolInput?: unknown;
    agentId?: string | null;
  };
  /** The project's Bash policy (`hooks.denyBash`) denied a command before it ran. */
  'tool.denied': { toolUseId: string | null; command: string; reason: string };
}

export type EventType = keyof EventMap;

/** Payload schema version of each event type, stored with every event. */
export const EVENT_VERSIONS: { readonly [Type in EventType]: number } = {
  'project.initialized': 1,
  'config.validated': 1,
  'agents.validated': 1,
  'agents.deployed': 1,
  'agents.undeployed': 1,
  'run.started': 1,
  // 2: CallMetrics gained waitedMs.
  'run.completed': 2,
  'run.failed': 1,
  'run.retrying': 1,
  'run.escalated': 1,
  'context.threshold': 1,
  'workflow.started': 1,
  'workflow.completed': 1,
  // 2: CallMetrics gained waitedMs.
  'step.completed': 2,
  'step.failed': 1,
  'step.started': 1,
  'mcp.called': 1,
  'agent.delegated': 1,
  'agent.started': 1,
  'agent.completed': 1,
  'tool.completed': 1,
  'tool.denied': 1,
  'hook.SessionStart': 1,
  'hook.UserPromptSubmit': 1,
  'hook.PreToolUse': 1,
  'hook.PostToolUse': 1,
  'hook.PostToolUseFailure': 1,
  'hook.SubagentStart': 1,
  'hook.SubagentStop': 1,
  'hook.Stop': 1,
  'hook.Notification': 1,
  'hook.PreCompact': 1,
  'hook.SessionEnd': 1,
};

/**
 * One emitted event. `BusEvent<'agents.deployed'>` is that event; plain `BusEvent` is the union
 * of all of them, so a listener narrows the payload by checking `event.type`.
 */
export type BusEvent<Type extends EventType = EventType> = {
  [Name in Type]: {
    readonly type: Name;
    readonly version: number;
    /** Epoch milliseconds from the bus's clock. */
    readonly ts: number;
    readonly source: string;
    readonly session: string | null;
    readonly run: string | null;
    readonly payload: EventMap[Name];
  };
}[Type];
