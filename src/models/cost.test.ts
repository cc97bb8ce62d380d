import { describe, expect, it } from 'vitest';
import type { ModelInfo } from './model-table.js';
import { costOf } from './cost.js';

const sonnet: ModelInfo = {
  contextWindow: 1_000_000,
  maxOutputTokens: 128_000,
  pricing: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
};
const haiku: ModelInfo = {
  contextWindow: 1_000_000,
  maxOutputTokens: 128_000,
  pricing: { input: 0.1, output: 0.5, cacheWrite5m: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01 },
  longContext: { aboveInputTokens: 100_000, multiplier: 5 },
};
const usage = (input: number, output: number, write = 0, read = 0) => ({
  inputTokens: input,
  outputTokens: output,
  cacheWriteTokens: write,
  cacheReadTokens: read,
});

describe('costOf', () => {
  it('matches hand-computed costs, cache tokens included', () => {
    // 1,000 in × $2 + 500 out × $10 = $0.002 + $0.005
    expect(costOf(usage(1_000, 500), sonnet)).toBe(0.007);
    // + 10,000 written × $2.50 + 20,000 read × $0.20 = $0.025 + $0.004
    expect(costOf(usage(1_000, 500, 10_000, 20_000), sonnet)).toBe(0.036);
    // The same writes at the 1-hour rate: 10,000 × $4 = $0.04
    expect(costOf(usage(1_000, 500, 10_000, 20_000), sonnet, '1h')).toBe(0.051);
    expect(costOf(usage(0, 0), sonnet)).toBe(0);
  });

  it('applies the long-context multiplier over the whole prompt, cached parts too', () => {
    // 60,000 uncached + 50,000 read = 110,000 > 100,000: ×5 on every price.
    // (60,000 × 0.1 + 2,000 × 0.5 + 50,000 × 0.01) / 1e6 × 5 = (6,000 + 1,000 + 500) / 1e6 × 5
    expect(costOf(usage(60_000, 2_000, 0, 50_000), haiku)).toBe(0.0375);
    // Exactly at the threshold is not above it.
    expect(costOf(usage(100_000, 0), haiku)).toBe(0.01);
  });
});
