import type { ModelRequest, SystemBlock } from '../llm/index.js';

export interface PromptParts {
  /** The agent's system prompt (its body, plus the directory's BASE-AGENT.md). */
  readonly agentPrompt: string;
  /** Recalled memory, already budgeted: the memory feature fills this in; empty until then. */
  readonly memory?: readonly string[];
  readonly task: string;
}

export interface PromptOptions {
  readonly model: string;
  readonly maxTokens: number;
  /**
   * Prompt-cache breakpoints below this many tokens are refused by the API, so none is set.
   * @default 1024
   */
  readonly minCacheableTokens?: number;
  /** Counts tokens in a text. @default about four characters a token */
  readonly countTokens?: (text: string) => number;
}

/**
 * The request for one agent run. The agent prompt comes first and is the stable prefix: it is
 * marked for prompt caching when long enough, so repeated runs of one agent pay the cache-read
 * price for it. Recalled memory follows (it changes between runs, so it is never cached), then
 * the task as the user turn.
 */
export function assemblePrompt(parts: PromptParts, options: PromptOptions): ModelRequest {
  const count = options.countTokens ?? ((text: string) => Math.ceil(text.length / 4));
  const system: SystemBlock[] = [];
  const agentPrompt = parts.agentPrompt.trim();
  if (agentPrompt !== '')
    system.push({
      text: agentPrompt,
      cache: count(agentPrompt) >= (options.minCacheableTokens ?? 1024),
    });
  const memory = (parts.memory ?? []).filter((entry) => entry.trim() !== '');
  if (memory.length > 0)
    system.push({ text: `Relevant memory:\n${memory.map((entry) => `- ${entry}`).join('\n')}` });
  return {
    model: options.model,
    system,
    messages: [{ role: 'user', content: parts.task }],
    maxTokens: options.maxTokens,
  };
}
