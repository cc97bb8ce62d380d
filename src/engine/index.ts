export { assemblePrompt } from './prompt.js';
export type { PromptOptions, PromptParts } from './prompt.js';
export { PROVIDERS, chooseProvider } from './provider-choice.js';
export type { ProviderChoice, ProviderName } from './provider-choice.js';
export { estimateRequestTokens, runTask } from './run-task.js';
export type { RunResult, RunTaskOptions } from './run-task.js';
export {
  anthropicProvider,
  claudeCodeProvider,
  openAiProvider,
  simProvider,
  SIMULATED_LABEL,
} from '../llm/index.js';
export { ResilientClient, sharedClient } from '../resilience/index.js';
export { ResponseCache, requestKey } from '../cache/index.js';
export type { CacheStats } from '../cache/index.js';
export { parseDuration, runStats } from './run-stats.js';
export { TokenCounter, charEstimate, requestText } from '../llm/index.js';
export type { CostBreakdown, RunEvent, RunStats } from './run-stats.js';
export { fitContext } from './context-fit.js';
export type { ContextFit } from './context-fit.js';
export { createProvider } from './create-provider.js';
export type { ProviderSettings } from './create-provider.js';
