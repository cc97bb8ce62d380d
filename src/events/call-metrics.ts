import type { Usage } from '../models/index.js';
import type { CallMetrics } from './event-types.js';

/** The event fields of a finished call: its usage flattened, with cost, time, attempts and waits. */
export function callMetrics(call: {
  readonly usage: Usage;
  readonly costUsd: number;
  readonly durationMs: number;
  readonly attempts: number;
  readonly waitedMs: number;
}): CallMetrics {
  return {
    inputTokens: call.usage.inputTokens,
    outputTokens: call.usage.outputTokens,
    cacheWriteTokens: call.usage.cacheWriteTokens,
    cacheReadTokens: call.usage.cacheReadTokens,
    costUsd: call.costUsd,
    durationMs: call.durationMs,
    attempts: call.attempts,
    waitedMs: call.waitedMs,
  };
}
