import type { AgentRunResult } from '../../engine/index.js';
import type { RunEscalation } from '../../models/index.js';

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
    result.cached
      ? 'cache hit (no call)'
      : `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`,
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

/** What the CLI says of an escalation (a run.escalated payload), on one line. */
export function escalationLine(escalation: {
  readonly tier: string | null;
  readonly to: string | null;
  readonly detail: string;
  readonly skipped: string | null;
}): string {
  if (escalation.to === null)
    return `not escalating: ${escalation.skipped ?? 'there is no tier above'} (${escalation.detail})`;
  return `escalating to ${escalation.tier ?? escalation.to}: ${escalation.detail}`;
}

/** A recorded escalation as escalationLine reads it (a run.escalated payload's fields). */
export function escalationShown(escalation: RunEscalation): Parameters<typeof escalationLine>[0] {
  return {
    tier: escalation.tier,
    to: escalation.to?.model ?? null,
    detail: escalation.detail,
    skipped: escalation.skipped,
  };
}
