export { assemblePrompt } from './prompt.js';
export type { PromptOptions, PromptParts } from './prompt.js';
export { PROVIDERS, chooseProvider } from './provider-choice.js';
export type { ProviderChoice, ProviderName } from './provider-choice.js';
export { estimateRequestTokens, runTask } from './run-task.js';
export type { RunResult, RunTaskOptions } from './run-task.js';
export { anthropicProvider, simProvider, SIMULATED_LABEL } from '../llm/index.js';
export { ResilientClient } from '../resilience/index.js';
