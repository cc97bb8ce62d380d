import { randomUUID } from 'node:crypto';
import type { AgentDefinition, RegistrySnapshot } from '../agents/index.js';
import { BudgetError, HybridError, isHybridError } from '../errors.js';
import type { BusEvent, EventMap } from '../events/index.js';
import { callMetrics } from '../events/index.js';
import type { ModelRequest } from '../llm/index.js';
import { TokenCounter } from '../llm/index.js';
import { rememberedCount } from '../memory/index.js';
import type { ModelInfo } from '../models/index.js';
import { ContextTracker } from '../models/index.js';
import type { Complexity, CostEstimate, ModelChoice, RoutingCall } from '../routing/index.js';
import { fitContext } from './context-fit.js';
import type { ContextFit } from './context-fit.js';
import type { Engine } from './engine.js';
import { pickAgent } from './pick-agent.js';
import type { PickedAgent } from './pick-agent.js';
import { planCall } from './plan-call.js';
import type { ProviderChoice } from './provider-choice.js';
import { escalateOnce, failedCheck, sumCalls } from './escalation.js';
import type { ProviderName } from './provider-choice.js';
import type { RunResult as AgentRunOutcome, RunEscalation } from './run-result.js';
import { retryReason } from '../resilience/index.js';
import { runTask } from './run-task.js';
import type { RunResult } from './run-task.js';

/** What to run: a task, and optionally who runs it, on what, within what budget. */
export interface AgentRunInput {
  /** The task, sent as the user turn. */
  readonly task: string;
  /** Run this agent (by name) instead of routing the task. @default routed */
  readonly agent?: string | undefined;
  /**
   * A model alias (`haiku`, `sonnet`, `opus`) or id, above config `models.agents.<name>` and
   * the agent file. @default the complexity tier
   */
  readonly model?: string | undefined;
  /**
   * `anthropic`, `claude-code`, `openai` or `sim`. @default config `engine.provider`, else
   * anthropic with ANTHROPIC_API_KEY set, else claude-code with `claude` on PATH
   */
  readonly provider?: string | undefined;
  /** Refuse before calling when the estimate's upper bound is over this many USD. */
  readonly maxCostUsd?: number | undefined;
  /**
   * Memory lines to put in the prompt instead of recalling them (a workflow step recalls once,
   * so its estimate and its call see the same memory). @default recalled for the agent and task
   */
  readonly recalled?: readonly string[] | undefined;
  /**
   * Plan even when no provider is set up, reporting why in `providerProblem` (a dry run).
   * @default false: no provider is an error
   */
  readonly withoutProvider?: boolean | undefined;
}

/** A run worked out before anything is called: agent, model, provider, prompt and estimate. */
export interface AgentRunPlan {
  readonly task: string;
  readonly agent: AgentDefinition;
  /**
   * How the agent was chosen: named, @mentioned, by the router's index, its fallback, or by a
   * model among the router's candidates (`llm`, see planRoutedRun).
   */
  readonly routedBy: PickedAgent['via'];
  /** The model call that chose the agent, or null (no call: see planRoutedRun). */
  readonly routingCall: RoutingCall | null;
  readonly complexity: Complexity;
  readonly model: ModelChoice;
  readonly modelInfo: ModelInfo;
  /** Undefined only when planned `withoutProvider` and none is set up. */
  readonly provider: ProviderChoice | undefined;
  /** Why there is no provider, when there is none. */
  readonly providerProblem: string | undefined;
  /** The assembled request (system prompt with its cache breakpoint, memory, task). */
  readonly request: ModelRequest;
  readonly recalled: readonly string[];
  readonly estimate: CostEstimate;
  /** The budget the estimate was checked against; an escalation's retry must fit in it too. */
  readonly maxCostUsd: number | undefined;
}

/** A retry of one of a run's calls: run.retrying's payload without the workflow step. */
export type RunRetry = Omit<EventMap['run.retrying'], 'stepId'>;

/** Events of one run, as the bus stamps them (`run` is the run's id). */
export type AgentRunEvent = BusEvent<
  | 'run.started'
  | 'context.threshold'
  | 'run.retrying'
  | 'run.escalated'
  | 'run.completed'
  | 'run.failed'
>;

export interface AgentRunOptions {
  /** Aborting stops the run: waits end and the call in flight is cancelled. */
  readonly signal?: AbortSignal | undefined;
  /** Receives the answer's text as it arrives (the call streams). */
  readonly onText?: ((delta: string) => void) | undefined;
  /**
   * Told of each failed attempt that will be retried (as run.retrying says it), events or not:
   * a workflow step's executor records it against the step.
   */
  readonly onRetry?: ((retry: RunRetry) => void) | undefined;
  /** Receives this run's events as they are emitted. */
  readonly onEvent?: ((event: AgentRunEvent) => void) | undefined;
  /** Answer from the response cache when it has this exact request. @default true */
  readonly cache?: boolean | undefined;
  /** Attempts, the first included. @default config `engine.maxAttempts` */
  readonly maxAttempts?: number | undefined;
  /** Each attempt's time limit, in ms. @default config `engine.attemptTimeoutMs` */
  readonly attemptTimeoutMs?: number | undefined;
  /**
   * Emit run.started / run.completed / run.failed. Workflow steps say false: their scheduler
   * records step events instead, and a step is not a separate run. @default true
   */
  readonly events?: boolean | undefined;
  /** Record the run in session history and keep the learnings its answer asks to. @default true */
  readonly capture?: boolean | undefined;
  /** The run's id. @default a random UUID */
  readonly runId?: string | undefined;
  /**
   * When the answer fails a check (a refusal, a cut-off at max_tokens, `checkOutput`), ask the
   * next tier up once (haiku → sonnet → opus) and return that answer; `escalation` in the
   * result records both calls. @default false
   */
  readonly escalate?: boolean | undefined;
  /**
   * What is wrong with an answer's text, or undefined when it is fine (a workflow step's output
   * schema). Checked only with `escalate`; the caller decides what a final failure means.
   */
  readonly checkOutput?: ((output: string) => string | undefined) | undefined;
}

/** What a run produced and what it cost. */
export type AgentRunResult = AgentRunOutcome;

/**
 * Works a run out without calling anything: the agent (named, or routed), the provider, the
 * model (caller, config, agent file, complexity tier), recalled memory, the prompt and the cost
 * estimate. A `maxCostUsd` the estimate's upper bound is over is refused here, before any call.
 */
export function planAgentRun(
  engine: Engine,
  input: AgentRunInput,
  snapshot: RegistrySnapshot = engine.runtime.registry.load(),
): AgentRunPlan {
  const picked = chooseAgent(engine, input.task, input.agent, snapshot);
  const agent = picked.entry.definition;
  let provider: ProviderChoice | undefined;
  let providerProblem: string | undefined;
  try {
    provider = engine.chooseProvider(input.provider);
  } catch (error) {
    if (input.withoutProvider !== true || !isHybridError(error)) throw error;
    providerProblem = error.message;
  }
  const recalled = input.recalled ?? engine.memory?.recall(agent.name, input.task) ?? [];
  const call = planCall({
    agent,
    task: input.task,
    model: input.model,
    config: engine.config,
    table: engine.models,
    provider: provider?.name,
    memory: recalled,
  });
  const { maxCostUsd } = input;
  // Checked on sim too (which spends nothing), so a budget can be tried offline.
  if (maxCostUsd !== undefined && call.estimate.usd.high > maxCostUsd)
    throw new BudgetError(
      'budget.exceeded',
      `the estimate (up to $${call.estimate.usd.high.toFixed(4)}) is over the budget of $${maxCostUsd}`,
      { exitCode: 2, hint: 'raise --max-cost, pick a cheaper --model, or shorten the task' },
    );
  return {
    task: input.task,
    agent,
    routedBy: picked.via,
    routingCall: null,
    complexity: call.complexity,
    model: call.choice,
    modelInfo: call.modelInfo,
    provider,
    providerProblem,
    request: call.request,
    recalled,
    estimate: call.estimate,
    maxCostUsd,
  };
}

/**
 * The agent named (checked to exist), else the one the router picks for the task, among the
 * agents of `snapshot` (a workflow run takes one for all its steps).
 */
export function chooseAgent(
  engine: Engine,
  task: string,
  named: string | undefined,
  snapshot: RegistrySnapshot = engine.runtime.registry.load(),
): PickedAgent {
  return pickAgent(snapshot.agents, named, task, engine.routing(snapshot.fingerprint));
}

/**
 * Sizes the plan's prompt against its model's context window (counted with the provider's
 * endpoint when `engine.remoteTokenCount` is on and the prompt is large) and lowers the output
 * limit to what is left. A prompt that fills the window is refused.
 */
export async function fitAgentRun(
  engine: Engine,
  plan: AgentRunPlan,
  signal?: AbortSignal,
): Promise<ContextFit> {
  const provider =
    plan.provider !== undefined && engine.config.engine.remoteTokenCount
      ? engine.provider(plan.provider.name, plan.agent.tools ?? [])
      : undefined;
  return fitContext({
    request: plan.request,
    window: plan.modelInfo.contextWindow,
    counter: new TokenCounter({ remote: provider?.countTokens?.bind(provider) }),
    tracker: new ContextTracker(plan.modelInfo.contextWindow),
    ...(signal === undefined ? {} : { signal }),
  });
}

/**
 * Runs a plan to its end: context fit, the response cache, the resilient client (rate limits,
 * retries, breaker), exact cost, memory capture, and the run's events. The one path every front
 * takes: `run`, workflow steps, `run --pm` and the library.
 */
export async function runAgent(
  engine: Engine,
  plan: AgentRunPlan,
  options: AgentRunOptions = {},
): Promise<AgentRunResult> {
  const { provider } = plan;
  if (provider === undefined)
    throw new HybridError('engine.no_provider', plan.providerProblem ?? 'no provider is set up', {
      exitCode: 2,
      hint: 'pass a provider (anthropic, bedrock, vertex, claude-code, openai or sim)',
    });
  const runId = options.runId ?? randomUUID();
  const agent = plan.agent.name;
  const emitting = options.events !== false;
  const { bus } = engine.runtime;
  const unsubscribe =
    options.onEvent === undefined ? undefined : subscribeToRun(engine, runId, options.onEvent);
  const emit = <Type extends AgentRunEvent['type']>(type: Type, payload: EventMap[Type]): void => {
    if (emitting) bus.emit(type, payload, { run: runId });
  };
  const capture = options.capture !== false ? engine.memory : undefined;
  /** One call of a plan (the run's, or its escalation's): fitted, then through the client. */
  const call = async (current: AgentRunPlan, name: ProviderName): Promise<PlanCallOutcome> => {
    const fit = await fitAgentRun(engine, current, options.signal);
    for (const threshold of fit.crossed)
      emit('context.threshold', {
        agent,
        model: current.model.model,
        tokens: fit.promptTokens,
        window: current.modelInfo.contextWindow,
        threshold,
        method: fit.method,
      });
    const result = await runTask({
      provider: engine.provider(name, current.agent.tools ?? []),
      client: engine.client(name),
      request: fit.request,
      model: current.modelInfo,
      newId: () => runId,
      cache: options.cache === false ? undefined : engine.responseCache(),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onText === undefined ? {} : { onText: options.onText }),
      maxAttempts: options.maxAttempts,
      attemptTimeoutMs: options.attemptTimeoutMs,
      onRetry: (notice) => {
        const retry: RunRetry = {
          runId,
          agent,
          model: current.model.model,
          attempt: notice.attempt,
          maxAttempts: notice.maxAttempts,
          delayMs: Math.round(notice.delayMs),
          reason: retryReason(notice.error),
          error: isHybridError(notice.error) ? notice.error.code : 'unknown',
        };
        emit('run.retrying', { ...retry, stepId: null });
        options.onRetry?.(retry);
      },
    });
    return { result, promptTokens: fit.promptTokens };
  };
  try {
    emit('run.started', {
      runId,
      agent,
      model: plan.model.model,
      provider: provider.name,
    });
    let first: PlanCallOutcome;
    let second: PlanCallOutcome | undefined;
    let escalation: RunEscalation | null = null;
    try {
      first = await call(plan, provider.name);
      const { response } = first.result;
      const failed =
        options.escalate === true
          ? failedCheck(response.stopReason, response.text, options.checkOutput)
          : undefined;
      if (failed !== undefined)
        ({ second, escalation } = await escalateOnce(plan, first, failed, {
          table: engine.models,
          config: engine.config,
          call: (retry) => call(retry, provider.name),
          announce: (decision) => {
            emit('run.escalated', {
              runId,
              stepId: null,
              agent,
              from: response.model,
              ...decision,
            });
          },
        }));
    } catch (caught) {
      const error = asRunError(caught, options.signal);
      // A run stopped by its caller did not fail on its own: nothing to learn from it.
      if (options.signal?.aborted !== true)
        capture?.after({ agent, task: plan.task, outcome: 'failed', output: '', learn: false });
      emit('run.failed', {
        agent,
        model: plan.model.model,
        provider: provider.name,
        error: isHybridError(error) ? error.code : 'unknown',
      });
      throw error;
    }
    const last = second ?? first;
    const result = last.result;
    const output = result.response.text;
    // A simulated or cached answer teaches nothing new; the run is still part of the history.
    const captured =
      capture?.after({
        agent,
        task: plan.task,
        outcome: 'succeeded',
        output,
        learn: !result.simulated && !result.cached,
        runId,
      }) ?? [];
    const totals = sumCalls(second === undefined ? [first.result] : [first.result, second.result]);
    const finished: AgentRunResult = {
      runId,
      agent,
      model: result.response.model,
      provider: provider.name,
      output,
      stopReason: result.response.stopReason,
      ...totals,
      // The run's cost is what it took to answer, choosing the agent included.
      costUsd: totals.costUsd + (plan.routingCall?.costUsd ?? 0),
      ...(plan.routingCall === null ? {} : { routing: plan.routingCall }),
      simulated: result.simulated,
      promptTokens: last.promptTokens,
      recalledMemories: plan.recalled.length,
      remembered: rememberedCount(captured),
      escalation,
    };
    emit('run.completed', {
      runId,
      agent,
      model: finished.model,
      provider: provider.name,
      simulated: finished.simulated,
      cached: finished.cached,
      ...callMetrics(finished),
    });
    return finished;
  } finally {
    unsubscribe?.();
  }
}

/** One call of a run: what runTask returned, and the prompt's size after fitting. */
interface PlanCallOutcome {
  readonly result: RunResult;
  readonly promptTokens: number;
}

function subscribeToRun(
  engine: Engine,
  runId: string,
  onEvent: (event: AgentRunEvent) => void,
): () => void {
  return engine.runtime.bus.subscribe((event) => {
    if (event.run !== runId) return;
    if (
      event.type === 'run.started' ||
      event.type === 'context.threshold' ||
      event.type === 'run.retrying' ||
      event.type === 'run.escalated' ||
      event.type === 'run.completed' ||
      event.type === 'run.failed'
    )
      onEvent(event);
  });
}

/** The caller's abort as our error (unless its reason already is one); else the error as is. */
function asRunError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted !== true || isHybridError(error)) return error;
  const reason: unknown = signal.reason;
  if (isHybridError(reason)) return reason;
  return new HybridError('run.aborted', 'the run was aborted by its caller', {
    exitCode: 2,
    hint: 'nothing was recorded as done; run it again when ready',
    cause: error,
  });
}
