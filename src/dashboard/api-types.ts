/**
 * What the daemon's dashboard routes answer: the one contract between the server
 * (src/dashboard/*.ts) and the page (src/dashboard/ui/). Every route is a GET on the daemon's
 * loopback port and needs the daemon token, as `Authorization: Bearer <token>` or the
 * `claude_hybrid` cookie the one-time link sets. Every data route takes `project`, the absolute
 * root of a project the daemon knows (`GET /api/projects`); an unknown one is a 404.
 *
 * Every number here comes from recorded events (or, for hooks, from the daemon's own
 * measurements since it started, said so where it applies).
 */

/** `GET /api/projects`: the projects the daemon has recorded events for, most recent first. */
export interface ProjectsAnswer {
  readonly projects: readonly ProjectSummary[];
  /** The daemon's version, shown in the page's footer. */
  readonly version: string;
}

export interface ProjectSummary {
  /** The project's absolute root: the `project` parameter of every other route. */
  readonly root: string;
  /** The root's last path segment. */
  readonly name: string;
  readonly events: number;
  /** Epoch ms of the newest event, or null when there is none. */
  readonly lastTs: number | null;
}

/**
 * One event as the dashboard lists it: the stored record plus what the page shows without
 * parsing the payload itself.
 */
export interface EventRow {
  /** The event's id in its project's log: ids only grow. */
  readonly id: number;
  readonly ts: number;
  /** `noun.verb`, e.g. `hook.PreToolUse`, `run.completed`. */
  readonly type: string;
  readonly source: string;
  readonly session: string | null;
  readonly run: string | null;
  /** The agent the event is about (run, step, subagent, delegation), or null. */
  readonly agent: string | null;
  /**
   * One line of text for the row: a UserPromptSubmit's prompt, a Bash command, a tool's name,
   * a run's agent and cost. Plain text, at most 500 characters: render it as text, never HTML.
   */
  readonly text: string;
  readonly payload: unknown;
}

/**
 * `GET /api/events?project=&session=&type=&typePrefix=&agent=&beforeId=&limit=`: newest first,
 * at most `limit` (1..1000, default 200). The next page is `beforeId=<nextBeforeId>`; null when
 * this page reached the start of the log.
 */
export interface EventsAnswer {
  readonly events: readonly EventRow[];
  readonly nextBeforeId: number | null;
}

/**
 * `GET /api/live?project=&session=&type=&typePrefix=&agent=&afterId=` is a server-sent event
 * stream: each message has `id: <event id>` and `data: <EventRow JSON>`, in append order. It
 * starts after the newest event, or after the id in the `Last-Event-ID` header (the one
 * EventSource sends when it reconnects) or in `afterId` (the page's first open: the newest row it
 * already holds), so a reconnect misses nothing. When both are given the header wins: it is newer
 * than the URL the stream was first opened with. Either must be a whole number, else 400. The
 * stream starts with `retry: 1000`; comment lines keep it open.
 */
export type LiveMessage = EventRow;

/** Latency of one kind of operation, in milliseconds, from the recorded durations. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /**
   * Histogram: `counts[i]` durations were at most `bounds[i]` ms (and above the previous bound);
   * the last count is above every bound, so `counts` has one more entry than `bounds`. The bounds
   * are the same for every series of one histogram (each tool of ToolsAnswer, for instance), so
   * their counts can be summed bucket by bucket. A summary with no durations has `count` 0 and
   * null percentiles.
   */
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
}

/** `GET /api/tools?project=&session=`: tool calls paired Pre→Post (tool.completed events). */
export interface ToolsAnswer {
  readonly tools: readonly ToolStats[];
  /** The 50 slowest calls, slowest first. */
  readonly slowest: readonly ToolCall[];
  /** The 50 newest failed calls, newest first. */
  readonly failures: readonly ToolCall[];
}

export interface ToolStats {
  readonly name: string;
  readonly calls: number;
  readonly failures: number;
  readonly latency: LatencySummary;
}

export interface ToolCall {
  readonly toolUseId: string;
  readonly toolName: string;
  readonly durationMs: number;
  readonly failed: boolean;
  readonly ts: number;
  readonly session: string | null;
  /** The command (Bash) or file path the call was about, from its PreToolUse; may be empty. */
  readonly detail: string;
}

/** `GET /api/agents?project=&session=`: the delegation tree of each session, newest first. */
export interface AgentsAnswer {
  readonly sessions: readonly DelegationTree[];
}

export interface DelegationTree {
  readonly session: string;
  readonly startedTs: number;
  readonly delegations: readonly Delegation[];
}

export interface Delegation {
  readonly toolUseId: string | null;
  /** The subagent type asked for (the Agent tool's `subagent_type`). */
  readonly agent: string;
  readonly description: string | null;
  readonly ts: number;
  readonly durationMs: number | null;
  readonly outcome: 'running' | 'completed' | 'failed';
  /** Tool calls the subagent made, by tool name. */
  readonly tools: readonly {
    readonly name: string;
    readonly calls: number;
    readonly failures: number;
  }[];
  /** Memory entries captured from its answer. */
  readonly remembered: number;
}

/** `GET /api/runs?project=&limit=`: agent runs and workflow runs, newest first; `limit` 1..1000, default 200. */
export interface RunsAnswer {
  readonly runs: readonly RunSummary[];
}

export interface RunSummary {
  readonly runId: string;
  readonly kind: 'run' | 'workflow';
  /** The workflow's name, or the agent of a single run. */
  readonly name: string;
  /** running, succeeded, failed, cancelled or budget_exceeded. */
  readonly status: string;
  readonly startedTs: number;
  readonly durationMs: number | null;
  readonly costUsd: number;
  readonly tokens: number;
}

/** `GET /api/runs/<runId>?project=`: one workflow run's step DAG, as recorded so far. */
export interface RunDetailAnswer {
  readonly run: RunSummary;
  readonly steps: readonly StepNode[];
}

export interface StepNode {
  readonly id: string;
  readonly agent: string | null;
  /** Ids of the steps this one waits for: the DAG's edges. */
  readonly needs: readonly string[];
  /** pending, running, succeeded, failed, skipped or blocked. */
  readonly status: string;
  readonly durationMs: number | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly iterations: number;
}

/**
 * `GET /api/cost?project=&bucketMs=`: model calls (run.completed and step.completed) summed per
 * time bucket (default one hour; 60000..86400000), by model and by agent.
 */
export interface CostAnswer {
  /** Bucket start times, epoch ms, ascending; every series has one value per bucket. */
  readonly buckets: readonly number[];
  readonly byModel: Readonly<Record<string, CostSeries>>;
  readonly byAgent: Readonly<Record<string, CostSeries>>;
  readonly totals: CostTotals;
}

export interface CostSeries {
  readonly costUsd: readonly number[];
  readonly inputTokens: readonly number[];
  readonly outputTokens: readonly number[];
  readonly cacheReadTokens: readonly number[];
  readonly cacheWriteTokens: readonly number[];
}

export interface CostTotals {
  readonly calls: number;
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
}

/** `GET /api/performance?project=` */
export interface PerformanceAnswer {
  /** Model calls (run.completed, step.completed durationMs). */
  readonly modelCalls: LatencySummary;
  /** The daemon's handling of hook events since it started. */
  readonly hooks: LatencySummary;
  /** MCP tool calls (mcp.called events). */
  readonly mcpTools: LatencySummary;
  /** Tool calls in Claude Code sessions (tool.completed). */
  readonly toolCalls: LatencySummary;
  readonly cache: {
    readonly hits: number;
    readonly misses: number;
    readonly hitRate: number | null;
  };
  /**
   * How long model calls waited before or between their attempts: for a concurrency slot, the
   * rate limiter, or a retry's backoff or `retry-after` (the `waitedMs` of run.completed and
   * step.completed, version 2). Only calls that waited are in the histogram.
   */
  readonly waits: LatencySummary;
  /**
   * Calls that needed more than one attempt and the extra attempts they took; calls that waited
   * and the milliseconds they waited in all.
   */
  readonly retries: {
    readonly retriedCalls: number;
    readonly extraAttempts: number;
    readonly waitedCalls: number;
    readonly waitedMs: number;
  };
}

/**
 * `GET /api/memory?project=&q=&agent=&limit=`: search when `q` is given (best first), else the
 * newest entries; `agent` narrows either to one agent. `limit` is 1..500, default 100. A project
 * without memory answers no entries and no agents.
 */
export interface MemoryAnswer {
  readonly entries: readonly MemoryRow[];
  /** Agents that have memory, for the filter. */
  readonly agents: readonly string[];
}

export interface MemoryRow {
  readonly agent: string;
  readonly section: string;
  readonly text: string;
  /** Search score (higher is better), or null when browsing. */
  readonly score: number | null;
}

/**
 * `GET /api/sessions?project=&limit=`: Claude Code sessions, most recently active first;
 * `limit` 1..1000, default 100.
 */
export interface SessionsAnswer {
  readonly sessions: readonly SessionSummary[];
}

export interface SessionSummary {
  readonly session: string;
  readonly firstTs: number;
  readonly lastTs: number;
  readonly events: number;
  readonly prompts: number;
  readonly toolCalls: number;
  readonly delegations: number;
  readonly ended: boolean;
  /** From the transcript; null when it cannot be read. */
  readonly model: string | null;
  readonly contextTokens: number | null;
  readonly contextWindow: number | null;
  /** contextTokens / contextWindow, 0..1; the meter marks 0.70, 0.85 and 0.95. */
  readonly contextShare: number | null;
  /** Summed over the transcript's assistant messages, priced from the model table. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly costUsd: number;
}

/** The context meter's thresholds, as shares of the window (0.70, 0.85, 0.95). */
export { CONTEXT_THRESHOLDS as CONTEXT_MARKS } from '../models/context-tracker.js';
