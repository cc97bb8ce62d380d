/** What a session's messages cost, from the model table's prices. */
import type { TokenTotals } from './session-report-types.js';
import type { TranscriptUsage } from './transcript.js';
import { costOf, roundUsd } from '../models/index.js';
import type { ModelInfo, ModelTable } from '../models/index.js';

export function emptyTotals(): TokenTotals {
  return {
    messages: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheWriteTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0,
  };
}

/** Looks a model up as written, then without a `-YYYYMMDD` snapshot date or a `[1m]` tag. */
export function modelInfoFor(model: string, table: ModelTable): ModelInfo | undefined {
  const bare = model.replace(/\[[^\]]*\]$/, '');
  for (const id of [model, bare, bare.replace(/-\d{8}$/, '')])
    if (Object.hasOwn(table.models, id)) return table.models[id];
  return undefined;
}

/**
 * One message's cost. Cache writes are split by TTL: costOf prices them all at one TTL, and the
 * price is linear in them at a fixed long-context multiplier, so the 1-hour share is
 * interpolated between the all-5m and all-1h prices.
 */
export function messageCost(usage: TranscriptUsage, model: ModelInfo): number {
  const atFiveMinutes = costOf(usage, model, '5m');
  if (usage.cacheWrite1hTokens === 0 || usage.cacheWriteTokens === 0) return atFiveMinutes;
  const share = Math.min(1, usage.cacheWrite1hTokens / usage.cacheWriteTokens);
  return roundUsd(atFiveMinutes + (costOf(usage, model, '1h') - atFiveMinutes) * share);
}

/** Adds one message (its usage and cost) to `totals`. */
export function addUsage(totals: TokenTotals, usage: TranscriptUsage, cost: number): void {
  totals.messages += 1;
  totals.inputTokens += usage.inputTokens;
  totals.outputTokens += usage.outputTokens;
  totals.cacheWriteTokens += usage.cacheWriteTokens;
  totals.cacheReadTokens += usage.cacheReadTokens;
  totals.costUsd = roundUsd(totals.costUsd + cost);
}
