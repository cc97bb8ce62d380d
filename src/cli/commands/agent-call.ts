import type { AgentDefinition } from '../../agents/index.js';
import type { Config } from '../../config/index.js';
import type { ProviderName, ResilientClient } from '../../engine/index.js';
import { assemblePrompt, sharedClient } from '../../engine/index.js';
import { ConfigError } from '../../errors.js';
import { fastHashHex } from '../../files/index.js';
import type { ModelRequest } from '../../llm/index.js';
import {
  assessComplexity,
  closestNames,
  estimateCost,
  estimateTokens,
  selectModel,
} from '../../routing/index.js';
import type { Complexity, CostEstimate, ModelChoice } from '../../routing/index.js';
import type { OptionSpec } from '../command.js';
import type { ModelInfo, ModelTable } from '../../models/index.js';

/** The --provider option of every command that calls a model. */
export const PROVIDER_OPTION: Readonly<Record<string, OptionSpec>> = {
  provider: { type: 'string', value: 'P', description: 'anthropic, claude-code, openai or sim' },
};

/** One agent call worked out before anything is sent: model, prompt and cost estimate. */
export interface PlannedCall {
  readonly complexity: Complexity;
  readonly choice: ModelChoice;
  readonly modelInfo: ModelInfo;
  /** The assembled request, before it is fitted to the context window. */
  readonly request: ModelRequest;
  readonly inputTokens: number;
  readonly estimate: CostEstimate;
}

/** A model an OpenAI-compatible server runs that the model table does not list: local, free. */
const LOCAL_MODEL: ModelInfo = {
  contextWindow: 32_768,
  maxOutputTokens: 8_192,
  pricing: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
};

/**
 * Picks the model (--model, config models.agents, the agent file, the complexity tier),
 * assembles the prompt and estimates the cost. Used by `run` and by every workflow step.
 */
export function planCall(input: {
  readonly agent: AgentDefinition;
  readonly task: string;
  readonly modelFlag: string | undefined;
  readonly config: Config;
  readonly table: ModelTable;
  readonly provider: ProviderName | undefined;
  /** Recalled memory for the prompt's memory block. */
  readonly memory?: readonly string[];
}): PlannedCall {
  const { agent, task, config, table, provider } = input;
  const complexity = assessComplexity(task).complexity;
  const choice = selectModel(
    { agent, complexity, flag: input.modelFlag, configured: config.models.agents[agent.name] },
    table,
  );
  if (provider === 'openai' && choice.source !== 'flag' && choice.source !== 'config')
    throw new ConfigError(
      'engine.model_required',
      'the openai provider needs the model name the server knows',
      { hint: 'pass --model NAME (e.g. --model llama3.2), or set models.agents.<agent>' },
    );
  const modelInfo = table.models[choice.model] ?? (provider === 'openai' ? LOCAL_MODEL : undefined);
  if (modelInfo === undefined) {
    const close = closestNames(choice.model, Object.keys(table.models));
    throw new ConfigError(
      'engine.unknown_model',
      `no model "${choice.model}" in the model table${close.length > 0 ? `; closest: ${close.join(', ')}` : ''}`,
      { hint: 'use an alias (haiku, sonnet, opus) or a model id from the table' },
    );
  }
  const request = assemblePrompt(
    { agentPrompt: agent.prompt, task, memory: input.memory ?? [] },
    {
      model: choice.model,
      maxTokens: Math.min(config.engine.maxOutputTokens, modelInfo.maxOutputTokens),
    },
  );
  const inputTokens = estimateTokens(`${agent.prompt}${(input.memory ?? []).join('\n')}${task}`);
  return {
    complexity,
    choice,
    modelInfo,
    request,
    inputTokens,
    estimate: estimateCost(modelInfo, inputTokens, complexity),
  };
}

/** The process's resilient client for this provider and credential, set up from config. */
export function clientFor(
  provider: ProviderName,
  env: NodeJS.ProcessEnv,
  config: Config,
): ResilientClient {
  const credential =
    provider === 'anthropic'
      ? env.ANTHROPIC_API_KEY
      : provider === 'openai'
        ? env.OPENAI_API_KEY
        : undefined;
  return sharedClient(`${provider}\n${fastHashHex(credential ?? '')}`, {
    maxConcurrency: config.engine.maxConcurrency,
    maxAttempts: config.engine.maxAttempts,
    attemptTimeoutMs: config.engine.attemptTimeoutMs,
    deadlineMs: config.engine.deadlineMs,
  });
}
