import { HybridError } from '../errors.js';
import type { CountMethod, ModelRequest, TokenCounter } from '../llm/index.js';
import { charEstimate, requestText } from '../llm/index.js';
import type { ContextTracker } from '../models/index.js';

export interface ContextFit {
  /** The request, its output limit lowered if prompt plus output would overflow the window. */
  readonly request: ModelRequest;
  readonly promptTokens: number;
  readonly method: CountMethod;
  /** Thresholds of the window the prompt crossed for the first time (from the tracker). */
  readonly crossed: readonly number[];
}

/** Below this share of the window the character estimate is close enough: no counting. */
const COUNT_ABOVE_SHARE = 0.5;

/**
 * Makes a request fit its model's context window. Small prompts are sized by the free
 * character estimate; a prompt that could come near the window is counted properly (the
 * counter's tiers). A prompt that fills the window is refused before any call; otherwise the
 * output limit is lowered to what is left, and the tracker reports the thresholds crossed.
 */
export async function fitContext(options: {
  readonly request: ModelRequest;
  /** The model's context window, in tokens. */
  readonly window: number;
  readonly counter: TokenCounter;
  readonly tracker: ContextTracker;
  readonly signal?: AbortSignal;
}): Promise<ContextFit> {
  const { request, window, counter, tracker, signal } = options;
  const quick = charEstimate(requestText(request));
  const { tokens, method } =
    quick + request.maxTokens <= window * COUNT_ABOVE_SHARE
      ? { tokens: quick, method: 'chars' as const }
      : await counter.count(request, signal);
  if (tokens >= window)
    throw new HybridError(
      'engine.context_overflow',
      `the prompt is about ${tokens} tokens; ${request.model} takes at most ${window}`,
      { exitCode: 2, hint: 'shorten the task, or pick a model with a larger context window' },
    );
  return {
    request: { ...request, maxTokens: Math.min(request.maxTokens, window - tokens) },
    promptTokens: tokens,
    method,
    crossed: tracker.observe(tokens),
  };
}
