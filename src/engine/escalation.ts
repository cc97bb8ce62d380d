import { MODEL_TIERS } from '../agents/index.js';
import type { ModelTier } from '../agents/index.js';
import type { Config } from '../config/index.js';
import type { ModelTable } from '../models/index.js';
import { estimateCost } from '../routing/index.js';
import type { AgentRunPlan } from './agent-run.js';
import type {
  RunResult as AgentRunOutcome,
  EscalatedCall,
  EscalationReason,
  RunEscalation,
} from './run-result.js';
import type { RunResult } from './run-task.js';

/**
 * Escalation on evidence: an answer that fails a stated check is asked again, once, of the next
 * tier up (haiku → sonnet → opus). The checks are only the ones that cannot be a matter of
 * taste: the API's own stop reasons, and a step's declared output schema. A refusal written as
 * plain text (with stop_reason end_turn) is not detected: no wording tells it apart from an
 * answer that explains why a request is unsafe, so guessing would retry good answers.
 */

/** Why an answer failed its check. */
export interface FailedCheck {
  readonly reason: EscalationReason;
  /** In words, for the event and the CLI's line. */
  readonly detail: string;
}

/**
 * The first check the answer fails, or undefined: a refusal (stop_reason `refusal`), a cut-off
 * (stop_reason `max_tokens`, so a partial answer), or `checkOutput`'s problem with the text. A
 * cut-off is named before a schema problem: truncated JSON is invalid for that reason.
 */
export function failedCheck(
  stopReason: string | null,
  output: string,
  checkOutput: ((output: string) => string | undefined) | undefined,
): FailedCheck | undefined {
  if (stopReason === 'refusal')
    return { reason: 'refusal', detail: 'the model refused to answer (stop_reason refusal)' };
  if (stopReason === 'max_tokens')
    return { reason: 'max_tokens', detail: 'the answer was cut off at max_tokens' };
  const problem = checkOutput?.(output);
  if (problem !== undefined)
    return { reason: 'invalid_output', detail: `the output does not match its schema: ${problem}` };
  return undefined;
}

/** The tier above the one `model` is, or why there is none. */
export function nextTier(
  table: ModelTable,
  model: string,
): { readonly tier: ModelTier; readonly model: string } | { readonly none: string } {
  // The highest tier naming this model: a table that maps two tiers to one model climbs from
  // the upper one, so the retry is never the same model again.
  let index = -1;
  MODEL_TIERS.forEach((tier, at) => {
    if (table.tiers[tier] === model) index = at;
  });
  if (index < 0)
    return {
      none: `${model} is not the model of a tier (haiku, sonnet, opus), so there is no tier above it`,
    };
  for (const tier of MODEL_TIERS.slice(index + 1))
    if (table.tiers[tier] !== model) return { tier, model: table.tiers[tier] };
  return { none: `${model} is the top tier (opus); there is no tier above it` };
}

/**
 * The plan of the retry: the same agent, prompt and memory on the next tier's model, with that
 * model's output limit. Or why there is none: no tier above, or (with `maxCostUsd`) the spend
 * so far plus the retry's upper estimate would be over the budget.
 */
export function escalatedPlan(
  plan: AgentRunPlan,
  context: {
    readonly table: ModelTable;
    readonly config: Config;
    /** What the first call cost. */
    readonly spentUsd: number;
    readonly maxCostUsd: number | undefined;
  },
): AgentRunPlan | string {
  const next = nextTier(context.table, plan.model.model);
  if ('none' in next) return next.none;
  const modelInfo = context.table.models[next.model];
  if (modelInfo === undefined) return `the model table has no entry for ${next.model}`; // validated tables always do
  const estimate = estimateCost(modelInfo, plan.estimate.inputTokens, plan.complexity);
  const { maxCostUsd, spentUsd } = context;
  if (
    maxCostUsd !== undefined &&
    plan.provider?.name !== 'sim' &&
    spentUsd + estimate.usd.high > maxCostUsd
  )
    return `a retry on ${next.tier} could cost up to $${estimate.usd.high.toFixed(4)}, and $${spentUsd.toFixed(4)} of the $${maxCostUsd} budget is spent`;
  return {
    ...plan,
    model: { tier: next.tier, model: next.model, source: plan.model.source },
    modelInfo,
    request: {
      ...plan.request,
      model: next.model,
      maxTokens: Math.min(context.config.engine.maxOutputTokens, modelInfo.maxOutputTokens),
    },
    estimate,
  };
}

/**
 * The upper bound of what a run with escalation on may cost: its own estimate, plus the next
 * tier's when there is one (the retry happens at most once). For budgets reserved up front.
 */
export function escalationBound(plan: AgentRunPlan, table: ModelTable, config: Config): number {
  const retry = escalatedPlan(plan, { table, config, spentUsd: 0, maxCostUsd: undefined });
  return plan.estimate.usd.high + (typeof retry === 'string' ? 0 : retry.estimate.usd.high);
}

/** One call of an escalated run, as its result records it. */
export function escalatedCall(result: RunResult): EscalatedCall {
  return {
    model: result.response.model,
    stopReason: result.response.stopReason,
    usage: result.usage,
    costUsd: result.costUsd,
    cached: result.cached,
  };
}

/** The totals of a run's calls (one, or two when it escalated): tokens, cost, time, attempts. */
export function sumCalls(
  results: readonly RunResult[],
): Pick<AgentRunOutcome, 'usage' | 'costUsd' | 'cached' | 'durationMs' | 'attempts' | 'waitedMs'> {
  let inputTokens = 0;
  let outputTokens = 0;
  let cacheWriteTokens = 0;
  let cacheReadTokens = 0;
  let costUsd = 0;
  let durationMs = 0;
  let attempts = 0;
  let waitedMs = 0;
  for (const result of results) {
    inputTokens += result.usage.inputTokens;
    outputTokens += result.usage.outputTokens;
    cacheWriteTokens += result.usage.cacheWriteTokens;
    cacheReadTokens += result.usage.cacheReadTokens;
    costUsd += result.costUsd;
    durationMs += result.durationMs;
    attempts += result.attempts;
    waitedMs += result.waitedMs;
  }
  return {
    usage: { inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens },
    costUsd,
    // Cached only when no call at all was made.
    cached: results.every((result) => result.cached),
    durationMs: Math.round(durationMs * 100) / 100,
    attempts,
    waitedMs: Math.round(waitedMs * 100) / 100,
  };
}

/** What `escalateOnce` announces before the retry: the `run.escalated` event's decision. */
export interface EscalationDecision {
  readonly to: string | null;
  readonly tier: string | null;
  readonly reason: EscalationReason;
  readonly detail: string;
  /** What the first call cost. */
  readonly costUsd: number;
  /** Why there is no retry, or null when it is made. */
  readonly skipped: string | null;
}

/**
 * Escalates a first call whose answer failed its check: plans the retry on the next tier up
 * (within `plan.maxCostUsd`), announces the decision, makes the retry when there is one, and
 * records both calls.
 */
export async function escalateOnce<Outcome extends { readonly result: RunResult }>(
  plan: AgentRunPlan,
  first: Outcome,
  failed: FailedCheck,
  context: {
    readonly table: ModelTable;
    readonly config: Config;
    readonly call: (retry: AgentRunPlan) => Promise<Outcome>;
    readonly announce: (decision: EscalationDecision) => void;
  },
): Promise<{ readonly second: Outcome | undefined; readonly escalation: RunEscalation }> {
  const retry = escalatedPlan(plan, {
    table: context.table,
    config: context.config,
    spentUsd: first.result.costUsd,
    maxCostUsd: plan.maxCostUsd,
  });
  const skipped = typeof retry === 'string' ? retry : null;
  const tier = typeof retry === 'string' ? null : (retry.model.tier ?? null);
  context.announce({
    to: typeof retry === 'string' ? null : retry.model.model,
    tier,
    reason: failed.reason,
    detail: failed.detail,
    costUsd: first.result.costUsd,
    skipped,
  });
  const second = typeof retry === 'string' ? undefined : await context.call(retry);
  return {
    second,
    escalation: {
      ...failed,
      from: escalatedCall(first.result),
      tier,
      to: second === undefined ? null : escalatedCall(second.result),
      skipped,
    },
  };
}
