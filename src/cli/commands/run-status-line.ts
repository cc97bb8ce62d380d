import type { AgentRunResult } from '../../engine/index.js';

/** One line under the answer: who ran it on what, tokens, cost, time and what memory did. */
export function statusLine(result: AgentRunResult): string {
  const { usage } = result;
  const parts = [
    result.agent,
    result.model,
    `${usage.inputTokens} in (${usage.cacheReadTokens} cached)`,
    `${usage.outputTokens} out`,
    `$${result.costUsd.toFixed(4)}`,
    `${Math.round(result.durationMs)} ms`,
    `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`,
  ];
  if (result.recalledMemories > 0) parts.push(`${result.recalledMemories} recalled`);
  if (result.remembered > 0) parts.push(`${result.remembered} remembered`);
  if (result.routing !== undefined)
    parts.push(
      `routed by ${result.routing.model}${result.routing.cached ? ' (cached)' : ''} $${result.routing.costUsd.toFixed(4)} of the cost`,
    );
  if (result.simulated) parts.push('simulated');
  return parts.join(' · ');
}
