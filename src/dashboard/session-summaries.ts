/**
 * The Sessions view's rows: each session's activity from its hook events, and its tokens, cost
 * and context from its transcript (read incrementally: only what was appended since last time).
 */
import type { TranscriptTotalsReader } from '../claude-code/transcript-totals.js';
import type { SessionSummary } from './api-types.js';
import type { SessionActivity } from './session-book.js';

export function sessionSummaries(
  sessions: readonly SessionActivity[],
  transcripts: TranscriptTotalsReader,
): SessionSummary[] {
  return sessions.map((activity) => {
    const totals =
      activity.transcriptPath === null ? undefined : transcripts.read(activity.transcriptPath);
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
  });
}
