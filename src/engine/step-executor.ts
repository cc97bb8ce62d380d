import { outputProblem } from '../workflow/index.js';
import type { IterationResult, StepDefinition, StepExecutor } from '../workflow/index.js';
import type { AgentRunPlan, RunRetry } from './agent-run.js';
import { chooseAgent, planAgentRun, runAgent } from './agent-run.js';
import type { Engine } from './engine.js';
import { LOCAL_MODEL } from './local-model.js';
import { escalationBound } from './escalation.js';
import { callModel } from './model-call.js';
import { assemblePrompt } from './prompt.js';
import type { ProviderName } from './provider-choice.js';

export interface StepExecutorOptions {
  readonly engine: Engine;
  readonly provider: ProviderName;
  /** The run's model, below a step's own `model`. */
  readonly model: string | undefined;
  /** Answer from the response cache when it has the exact request. @default true */
  readonly cache?: boolean;
  /** Told of each retried attempt of a step's call. */
  readonly onRetry?: ((stepId: string, retry: RunRetry) => void) | undefined;
}

/** Recalled memory kept per agent and task, at most this many pairs (then cleared). */
const MAX_RECALLS = 256;

const SUMMARY_INSTRUCTIONS =
  'You condense work handed from one agent to the next. Keep every decision, name, number, file ' +
  'path and open question; drop repetition and pleasantries. Answer with the summary only.';

/**
 * Runs workflow steps as agent runs through the engine (`planAgentRun` and `runAgent`): the
 * same path as `run`. A step is not a run of its own, so the scheduler's step events stand in
 * for run events.
 */
export function engineExecutor(options: StepExecutorOptions): StepExecutor {
  const { engine, provider } = options;
  // One look at the agent files for the whole run, as a run plans against fixed agents.
  const snapshot = engine.runtime.registry.load();
  // Recalled once per agent and task: the estimate and the call see the same memory.
  const recalls = new Map<string, readonly string[]>();
  const recalledFor = (agent: string, task: string): readonly string[] => {
    const key = `${agent}\n${task}`;
    let lines = recalls.get(key);
    if (lines === undefined) {
      lines = engine.memory?.recall(agent, task) ?? [];
      if (recalls.size >= MAX_RECALLS) recalls.clear();
      recalls.set(key, lines);
    }
    return lines;
  };
  const plan = (step: StepDefinition, task: string): AgentRunPlan => {
    const input = { task, agent: step.agent, model: step.model ?? options.model, provider };
    const agent = chooseAgent(engine, task, step.agent, snapshot).entry.definition.name;
    return planAgentRun(engine, { ...input, agent, recalled: recalledFor(agent, task) }, snapshot);
  };
  return {
    estimate(step, task) {
      // On sim too (whose calls cost nothing), so a workflow's budget can be tried offline. With the memory the call will carry, so the bound is an upper bound; with escalation,
      // the next tier's retry is part of it.
      const planned = plan(step, task);
      return step.escalate === true
        ? escalationBound(planned, engine.models, engine.config)
        : planned.estimate.usd.high;
    },
    contextWindow(step) {
      // Before the task is rendered the tier is not known: take the smallest window it could get.
      const { models } = engine;
      const explicit = step.model ?? options.model;
      const tiers: Readonly<Record<string, string>> = models.tiers;
      const ids = explicit === undefined ? Object.values(tiers) : [tiers[explicit] ?? explicit];
      return Math.min(
        ...ids.map((id) => models.models[id]?.contextWindow ?? LOCAL_MODEL.contextWindow),
      );
    },
    async execute(step, task, signal): Promise<IterationResult> {
      const { output } = step;
      const checkOutput =
        output === undefined ? undefined : (text: string) => outputProblem(text, output);
      const result = await runAgent(engine, plan(step, task), {
        signal,
        cache: options.cache,
        events: false,
        maxAttempts: step.retries === undefined ? undefined : step.retries + 1,
        attemptTimeoutMs: step.timeoutMs,
        escalate: step.escalate === true,
        checkOutput,
        ...(options.onRetry === undefined
          ? {}
          : { onRetry: (retry: RunRetry) => options.onRetry?.(step.id, retry) }),
      });
      const problem = checkOutput?.(result.output);
      return {
        agent: result.agent,
        model: result.model,
        output: result.output,
        usage: result.usage,
        costUsd: result.costUsd,
        attempts: result.attempts,
        waitedMs: result.waitedMs,
        cached: result.cached,
        durationMs: result.durationMs,
        escalation: result.escalation,
        ...(problem === undefined ? {} : { outputProblem: problem }),
      };
    },
    async summarize(text, maxTokens, signal) {
      const model = engine.models.tiers.haiku;
      const info = engine.models.models[model];
      if (info === undefined) return { text, costUsd: 0 };
      const request = assemblePrompt(
        {
          agentPrompt: SUMMARY_INSTRUCTIONS,
          task: `Summarise in at most ${maxTokens} tokens:\n\n${text}`,
        },
        { model, maxTokens: Math.min(maxTokens, info.maxOutputTokens) },
      );
      const result = await callModel(engine, {
        provider,
        request,
        modelInfo: info,
        signal,
        cache: options.cache,
      });
      return { text: result.response.text, costUsd: result.costUsd };
    },
  };
}
