/**
 * The library's public types for what a project has recorded: memory entries, run statistics,
 * events and the response cache's counters (types.ts re-exports them). Plain data only, and
 * no imports, like types.ts.
 */

/** One entry of an agent's (or `project`'s) memory file. */
export interface MemoryEntryView {
  readonly agent: string;
  readonly section: string;
  /** The day it was learned, `YYYY-MM-DD`. */
  readonly date: string;
  readonly content: string;
}

export interface MemoryListOptions {
  /** Only this agent's memory (or `project`). @default every agent with memory */
  readonly agent?: string;
}

export interface StatsOptions {
  /** Only runs in the last this many milliseconds. @default every run */
  readonly sinceMs?: number;
}

/** Spend and runs of one agent or model. */
export interface CostShare {
  readonly runs: number;
  readonly costUsd: number;
}

/** The runs recorded in the project: success, latency, cache, retries, waits, tokens and cost. */
export interface RunStatsSummary {
  readonly runs: number;
  readonly completed: number;
  readonly failed: number;
  /** completed / runs, 0 to 1; null when there were no runs. */
  readonly successRate: number | null;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  /** Share of completed runs answered from the response cache, 0 to 1; null when none completed. */
  readonly cacheHitRate: number | null;
  /** Attempts beyond the first, over all completed runs. */
  readonly retries: number;
  /**
   * Milliseconds completed runs waited, summed: for a concurrency slot, for the client-side
   * rate limiter, and asleep between attempts (backoff or the provider's retry-after). Runs
   * recorded before waits were measured (run.completed version 1) count 0.
   */
  readonly waitedMs: number;
  readonly tokens: {
    readonly input: number;
    readonly output: number;
    readonly cacheWrite: number;
    readonly cacheRead: number;
  };
  readonly costUsd: number;
  readonly byAgent: Readonly<Record<string, CostShare>>;
  readonly byModel: Readonly<Record<string, CostShare>>;
}

export interface RecentEventsOptions {
  /** At most this many, newest first (1 to 10,000). @default 50 */
  readonly limit?: number;
  /** Only this event type (`hook.PreToolUse`, `run.completed`, ...). */
  readonly type?: string;
  /** Only types starting with this (`hook.`, `run.`). */
  readonly typePrefix?: string;
  /** Only this Claude Code session's events. */
  readonly session?: string;
  /** Only this run's events. */
  readonly run?: string;
  /** Only events in the last this many milliseconds. */
  readonly sinceMs?: number;
}

/** The response cache, counted across every process of this user. */
export interface CacheStatsView {
  readonly hits: number;
  readonly misses: number;
  /** hits / (hits + misses), 0 to 1. */
  readonly hitRate: number;
  readonly entries: number;
  readonly bytes: number;
  readonly evictions: number;
  /** Entries whose signature did not verify (dropped, never served). */
  readonly tampered: number;
  /**
   * With a shared store (`store.url`): its URL without credentials and the entries of its
   * response cache table, which every machine reads. Absent otherwise.
   */
  readonly shared?: { readonly store: string; readonly entries: number };
}
