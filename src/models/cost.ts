import type { ModelInfo } from './model-table.js';
import type { Usage } from './usage.js';

/** How long cache writes live: the two prices Anthropic charges. */
export type CacheTtl = '5m' | '1h';

/**
 * The exact USD cost of one call from its reported usage and the model's prices (USD per
 * million tokens): uncached input, output, cache writes at the write rate for their TTL, and
 * cache reads at the read rate. Above the model's long-context threshold (counted over the
 * whole prompt: uncached, written and read tokens) every price is multiplied.
 */
export function costOf(usage: Usage, model: ModelInfo, cacheTtl: CacheTtl = '5m'): number {
  const prompt = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
  const multiplier =
    model.longContext !== undefined && prompt > model.longContext.aboveInputTokens
      ? model.longContext.multiplier
      : 1;
  const { pricing } = model;
  const perMillion =
    usage.inputTokens * pricing.input +
    usage.outputTokens * pricing.output +
    usage.cacheWriteTokens * (cacheTtl === '1h' ? pricing.cacheWrite1h : pricing.cacheWrite5m) +
    usage.cacheReadTokens * pricing.cacheRead;
  return roundUsd((perMillion * multiplier) / 1e6);
}

/** Rounded to 1e-10 USD, so float noise never shows in sums of costs or their comparisons. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}
