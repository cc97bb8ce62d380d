import type { AgentDefinition } from '../agents/index.js';
import type { Config } from '../config/index.js';
import { ConfigError } from '../errors.js';
import type { ModelRequest } from '../llm/index.js';
import type { ModelInfo, ModelTable } from '../models/index.js';
import {
  assessComplexity,
  closestNames,
  estimateCost,
  estimateTokens,
  selectModel,
} from '../routing/index.js';
import type { Complexity, CostEstimate, ModelChoice } from '../routing/index.js';
import { LOCAL_MODEL } from './local-model.js';
import { assemblePrompt } from './prompt.js';
import type { ProviderName } from './provider-choice.js';

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

/**
 * Picks the model (the caller's model, config models.agents, the agent file, the complexity
 * tier), assembles the prompt and estimates the cost.
 */
export function planCall(input: {
  readonly agent: AgentDefinition;
  readonly task: string;
  readonly model: string | undefined;
  readonly config: Config;
  readonly table: ModelTable;
  readonly provider: ProviderName | undefined;
  /** Recalled memory for the prompt's memory block. */
  readonly memory?: readonly string[];
}): PlannedCall {
  const { agent, task, config, table, provider } = input;
  const complexity = assessComplexity(task).complexity;
  const choice = selectModel(
    { agent, complexity, flag: input.model, configured: config.models.agents[agent.name] },
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
  const memory = input.memory ?? [];
  const request = assemblePrompt(
    { agentPrompt: agent.prompt, task, memory },
    {
      model: choice.model,
      maxTokens: Math.min(config.engine.maxOutputTokens, modelInfo.maxOutputTokens),
    },
  );
  const inputTokens = estimateTokens(`${agent.prompt}${memory.join('\n')}${task}`);
  return {
    complexity,
    choice,
    modelInfo,
    request,
    inputTokens,
    estimate: estimateCost(modelInfo, inputTokens, complexity),
  };
}
