import type { EventMap } from './event-types.js';

/** As stored: version-1 events (before waits were measured) lack `waitedMs`, read as 0. */
type Completed = Omit<EventMap['run.completed'], 'waitedMs'> & { readonly waitedMs?: number };
type Failed = EventMap['run.failed'];

export type RunEvent =
  | { readonly type: 'run.completed'; readonly payload: Completed }
  | { readonly type: 'run.failed'; readonly payload: Failed };

export interface CostBreakdown {
  readonly runs: number;
  readonly costUsd: number;
}

export interface RunStats {
  readonly runs: number;
  readonly completed: number;
  readonly failed: number;
  /** completed / runs, 0 to 1; null when there were no runs. */
  readonly successRate: number | null;
  /** Latency of completed runs in ms (cached runs included: they are what the user waited). */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  /** Share of completed runs answered from the response cache; null when none completed. */
  readonly cacheHitRate: number | null;
  /** Attempts beyond the first, over all completed runs. */
  readonly retries: number;
  /**
   * Milliseconds completed runs waited for a concurrency slot, the rate limiter or a retry
   * (backoff or retry-after), summed. Runs recorded before waits were measured count 0.
   */
  readonly waitedMs: number;
  readonly tokens: {
    readonly input: number;
    readonly output: number;
    readonly cacheWrite: number;
    readonly cacheRead: number;
  };
  readonly costUsd: number;
  readonly byAgent: Readonly<Record<string, CostBreakdown>>;
  readonly byModel: Readonly<Record<string, CostBreakdown>>;
}

/** Nearest-rank percentile of sorted values (0 for none). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function add(table: Record<string, CostBreakdown>, key: string, costUsd: number): void {
  const entry = table[key] ?? { runs: 0, costUsd: 0 };
  table[key] = { runs: entry.runs + 1, costUsd: entry.costUsd + costUsd };
}

const round = (value: number, digits: number): number =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** The summary `stats` prints, from the recorded run events. */
export function runStats(events: readonly RunEvent[]): RunStats {
  const durations: number[] = [];
  const byAgent: Record<string, CostBreakdown> = Object.create(null) as Record<
    string,
    CostBreakdown
  >; // a map with no prototype keys
  const byModel: Record<string, CostBreakdown> = Object.create(null) as Record<
    string,
    CostBreakdown
  >; // a map with no prototype keys
  let completed = 0;
  let cached = 0;
  let retries = 0;
  let waitedMs = 0;
  let costUsd = 0;
  const tokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  for (const event of events) {
    if (event.type === 'run.failed') {
      add(byAgent, event.payload.agent, 0);
      add(byModel, event.payload.model, 0);
      continue;
    }
    const run = event.payload;
    completed += 1;
    durations.push(run.durationMs);
    if (run.cached) cached += 1;
    retries += Math.max(0, run.attempts - 1);
    waitedMs += run.waitedMs ?? 0;
    costUsd += run.costUsd;
    tokens.input += run.inputTokens;
    tokens.output += run.outputTokens;
    tokens.cacheWrite += run.cacheWriteTokens;
    tokens.cacheRead += run.cacheReadTokens;
    add(byAgent, run.agent, run.costUsd);
    add(byModel, run.model, run.costUsd);
  }
  durations.sort((left, right) => left - right);
  const runs = events.length;
  return {
    runs,
    completed,
    failed: runs - completed,
    successRate: runs === 0 ? null : round(completed / runs, 4),
    latencyMs: {
      p50: percentile(durations, 50),
      p95: percentile(durations, 95),
      p99: percentile(durations, 99),
    },
    cacheHitRate: completed === 0 ? null : round(cached / completed, 4),
    retries,
    waitedMs: round(waitedMs, 2),
    tokens,
    costUsd: round(costUsd, 10),
    byAgent: { ...byAgent },
    byModel: { ...byModel },
  };
}
