import type { AgentEntry } from '../../agents/index.js';
import type { Config } from '../../config/index.js';
import { TokenCounter, assemblePrompt, fitContext, runTask } from '../../engine/index.js';
import type { ProviderName, ResilientClient, ResponseCache } from '../../engine/index.js';
import type { ModelRequest, Provider } from '../../llm/index.js';
import type { IterationResult, StepDefinition, StepExecutor } from '../../workflow/index.js';
import { planCall } from './agent-call.js';
import type { AgentMemory } from './agent-memory.js';
import { pickAgent } from './pick-agent.js';
import { ContextTracker } from '../../models/index.js';
import type { ModelInfo, ModelTable } from '../../models/index.js';

export interface ExecutorOptions {
  readonly agents: readonly AgentEntry[];
  readonly routing: {
    readonly defaultAgent: string;
    readonly threshold: number;
    readonly generalist: string;
    readonly fingerprint: string;
    readonly cacheDir: string | undefined;
  };
  readonly config: Config;
  readonly table: ModelTable;
  readonly providerName: ProviderName;
  /** The provider for an agent with these tools (Claude Code is allowed exactly them). */
  readonly providerFor: (tools: readonly string[]) => Provider;
  readonly client: ResilientClient;
  readonly cache: ResponseCache | undefined;
  /** The run's --model, below a step's own `model`. */
  readonly modelFlag: string | undefined;
  /** Recall before each step and learnings after it; undefined without memory. */
  readonly memory?: AgentMemory | undefined;
}

/** A model the table does not list (a local server's): assume a small window. */
const LOCAL_CONTEXT_WINDOW = 32_768;

const SUMMARY_INSTRUCTIONS =
  'You condense work handed from one agent to the next. Keep every decision, name, number, file ' +
  'path and open question; drop repetition and pleasantries. Answer with the summary only.';

/** Runs workflow steps as agent calls through the engine: the same path as `run`. */
export function engineExecutor(options: ExecutorOptions): StepExecutor {
  const { config, table, providerName } = options;
  const agentFor = (step: StepDefinition, task: string): AgentEntry =>
    pickAgent(options.agents, step.agent, task, options.routing).entry;
  const plan = (
    step: StepDefinition,
    task: string,
    memory: readonly string[] = [],
  ): ReturnType<typeof planCall> =>
    planCall({
      agent: agentFor(step, task).definition,
      task,
      modelFlag: step.model ?? options.modelFlag,
      config,
      table,
      provider: providerName,
      memory,
    });
  const call = async (
    provider: Provider,
    request: ModelRequest,
    modelInfo: ModelInfo,
    signal: AbortSignal,
    step: StepDefinition | undefined,
  ): Promise<Awaited<ReturnType<typeof runTask>>> => {
    const fit = await fitContext(
      request,
      modelInfo.contextWindow,
      new TokenCounter({}),
      new ContextTracker(modelInfo.contextWindow),
      signal,
    );
    return runTask({
      provider,
      client: options.client,
      request: fit.request,
      model: modelInfo,
      signal,
      cache: options.cache,
      maxAttempts: step?.retries === undefined ? undefined : step.retries + 1,
      attemptTimeoutMs: step?.timeoutMs,
    });
  };
  // Recalled once per agent and task: the estimate and the call see the same memory.
  const recalls = new Map<string, readonly string[]>();
  const recalledFor = (agent: string, task: string): readonly string[] => {
    const key = `${agent}\n${task}`;
    let lines = recalls.get(key);
    if (lines === undefined) {
      lines = options.memory?.recall(agent, task) ?? [];
      if (recalls.size > 256) recalls.clear();
      recalls.set(key, lines);
    }
    return lines;
  };
  return {
    estimate(step, task) {
      if (providerName === 'sim') return 0;
      // With the memory the call will carry, so the bound is an upper bound.
      return plan(step, task, recalledFor(agentFor(step, task).definition.name, task)).estimate.usd
        .high;
    },
    contextWindow(step) {
      // Before the task is rendered the tier is not known: take the smallest window it could get.
      const explicit = step.model ?? options.modelFlag;
      const tiers: Readonly<Record<string, string>> = table.tiers;
      const ids = explicit === undefined ? Object.values(tiers) : [tiers[explicit] ?? explicit];
      return Math.min(...ids.map((id) => table.models[id]?.contextWindow ?? LOCAL_CONTEXT_WINDOW));
    },
    async execute(step, task, signal): Promise<IterationResult> {
      const agent = agentFor(step, task).definition;
      const recalled = recalledFor(agent.name, task);
      const planned = plan(step, task, recalled);
      let result: Awaited<ReturnType<typeof runTask>>;
      try {
        result = await call(
          options.providerFor(agent.tools ?? []),
          planned.request,
          planned.modelInfo,
          signal,
          step,
        );
      } catch (error) {
        if (!signal.aborted)
          options.memory?.after({
            agent: agent.name,
            task,
            outcome: 'failed',
            output: '',
            learn: false,
          });
        throw error;
      }
      options.memory?.after({
        agent: agent.name,
        task,
        outcome: 'succeeded',
        output: result.response.text,
        learn: !result.simulated && !result.cached,
      });
      return {
        agent: agent.name,
        model: result.response.model,
        output: result.response.text,
        usage: result.usage,
        costUsd: result.costUsd,
        attempts: result.attempts,
        cached: result.cached,
        durationMs: result.durationMs,
      };
    },
    async summarize(text, maxTokens, signal) {
      const model = table.tiers.haiku;
      const info = table.models[model];
      if (info === undefined) return { text, costUsd: 0 };
      const request = assemblePrompt(
        {
          agentPrompt: SUMMARY_INSTRUCTIONS,
          task: `Summarise in at most ${maxTokens} tokens:\n\n${text}`,
        },
        { model, maxTokens: Math.min(maxTokens, info.maxOutputTokens) },
      );
      const result = await call(options.providerFor([]), request, info, signal, undefined);
      return { text: result.response.text, costUsd: result.costUsd };
    },
  };
}
