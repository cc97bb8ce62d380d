/**
 * The Sessions view's rows: each session's activity from its hook events, and its tokens, cost
 * and context from its transcript, read incrementally (only what was appended since last time).
 * Reading is synchronous and the daemon answers hooks on the same thread, so one request reads at
 * most PER_REQUEST_BYTES of transcripts: a project with many long sessions, seen for the first
 * time, is caught up over a few refreshes (its totals grow to the right values) instead of
 * stalling the daemon.
 */
import { TranscriptTotalsReader } from '../claude-code/transcript-totals.js';
import type { TranscriptTotals } from '../claude-code/transcript-totals.js';
import type { SessionSummary } from './api-types.js';
import type { SessionActivity } from './session-book.js';

const PER_TRANSCRIPT_BYTES = 4 * 1024 * 1024;
const PER_REQUEST_BYTES = 16 * 1024 * 1024;
/** Transcripts whose latest totals are kept (as many as the reader follows). */
const MAX_KEPT = 256;

export class SessionSummaries {
  private readonly reader = new TranscriptTotalsReader({
    maxPaths: MAX_KEPT,
    maxReadBytes: PER_TRANSCRIPT_BYTES,
  });
  /** Each transcript's totals as last read: what a session shows once the budget is spent. */
  private readonly latest = new Map<string, TranscriptTotals>();

  rows(sessions: readonly SessionActivity[]): SessionSummary[] {
    let budget = PER_REQUEST_BYTES;
    return sessions.map((activity) => {
      const path = activity.transcriptPath;
      let totals = path === null ? undefined : this.latest.get(path);
      if (path !== null && budget > 0) {
        const before = totals?.bytesRead ?? 0;
        totals = this.reader.read(path);
        this.keep(path, totals);
        budget -= Math.max(0, (totals?.bytesRead ?? 0) - before);
      }
      return summaryOf(activity, totals);
    });
  }

  private keep(path: string, totals: TranscriptTotals | undefined): void {
    this.latest.delete(path);
    if (totals === undefined) return;
    this.latest.set(path, totals);
    if (this.latest.size > MAX_KEPT) {
      const oldest = this.latest.keys().next().value;
      if (oldest !== undefined) this.latest.delete(oldest);
    }
  }
}

function summaryOf(
  activity: SessionActivity,
  totals: TranscriptTotals | undefined,
): SessionSummary {
  return {
    session: activity.session,
    firstTs: activity.firstTs,
    lastTs: activity.lastTs,
    events: activity.events,
    prompts: activity.prompts,
    toolCalls: activity.toolCalls,
    delegations: activity.delegations.length,
    ended: activity.ended,
    model: totals?.model ?? null,
    contextTokens: totals?.contextTokens ?? null,
    contextWindow: totals?.contextWindow ?? null,
    contextShare:
      totals === undefined || totals.contextWindow === 0
        ? null
        : totals.contextTokens / totals.contextWindow,
    inputTokens: totals?.inputTokens ?? 0,
    outputTokens: totals?.outputTokens ?? 0,
    cacheReadTokens: totals?.cacheReadTokens ?? 0,
    cacheWriteTokens: totals?.cacheWriteTokens ?? 0,
    costUsd: totals?.costUsd ?? 0,
  };
}
