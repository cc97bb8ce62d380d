export { anthropicProvider } from './anthropic-provider.js';
export { bedrockProvider } from './bedrock-provider.js';
export type { BedrockProviderOptions } from './bedrock-provider.js';
export { vertexProvider } from './vertex-provider.js';
export type { VertexProviderOptions } from './vertex-provider.js';
export { openAiProvider } from './openai-provider.js';
export { claudeCodeProvider } from './claude-code-provider.js';
export type { ClaudeCodeProviderOptions } from './claude-code-provider.js';
export type { OpenAiProviderOptions } from './openai-provider.js';
export type { AnthropicProviderOptions } from './anthropic-provider.js';
export { fromAnthropicError } from './anthropic-errors.js';
export { headerRecord } from './http.js';
export { TokenCounter, charEstimate, requestText } from './token-counter.js';
export type { CountMethod, TokenCount, TokenCounterOptions } from './token-counter.js';
export { SIMULATED_LABEL, simProvider } from './sim-provider.js';
export type {
  ChatMessage,
  CompleteOptions,
  ContentBlock,
  ModelRequest,
  ModelResponse,
  Provider,
  SystemBlock,
  TextBlock,
  ToolUseBlock,
  Usage,
} from './types.js';
