import { describe, expect, it } from 'vitest';
import type { CostSeries } from '../api-types.js';
import {
  cacheReadShare,
  closeGaps,
  costByName,
  tokensByKind,
  tokensByModel,
} from './cost-series.js';

const series = (cost: number[], tokens: number): CostSeries => ({
  costUsd: cost,
  inputTokens: cost.map(() => tokens),
  outputTokens: cost.map(() => tokens * 2),
  cacheReadTokens: cost.map(() => tokens * 3),
  cacheWriteTokens: cost.map(() => tokens * 4),
});

const group = { haiku: series([0.1, 0.2], 1), sonnet: series([1, 2], 10) };

describe('cost series', () => {
  it('gives one cost series per model, the costliest first', () => {
    expect(costByName(group)).toEqual([
      { label: 'sonnet', values: [1, 2] },
      { label: 'haiku', values: [0.1, 0.2] },
    ]);
  });

  it('sums every kind of token per model, cache reads and writes included', () => {
    expect(tokensByModel(group)).toEqual([
      { label: 'sonnet', values: [100, 100] },
      { label: 'haiku', values: [10, 10] },
    ]);
  });

  it('sums each kind of token over the models', () => {
    expect(tokensByKind(group, 2)).toEqual([
      { label: 'input', values: [11, 11] },
      { label: 'output', values: [22, 22] },
      { label: 'cache read', values: [33, 33] },
      { label: 'cache write', values: [44, 44] },
    ]);
    expect(tokensByKind({}, 2)[0]?.values).toEqual([0, 0]);
  });

  it('says what share of the input came from the cache', () => {
    const totals = {
      calls: 1,
      costUsd: 1,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 30,
      cacheWriteTokens: 0,
    };
    expect(cacheReadShare(totals)).toBe(0.75);
    expect(cacheReadShare({ ...totals, inputTokens: 0, cacheReadTokens: 0 })).toBeNull();
  });
});

describe('closeGaps', () => {
  it('drops to zero after a bucket and rises from zero before the next, across a gap', () => {
    const series = [{ label: 'sonnet', values: [3, 5, 7] }];
    expect(closeGaps([0, 10, 100], series, 10)).toEqual({
      timestamps: [0, 10, 20, 90, 100],
      series: [{ label: 'sonnet', values: [3, 5, 0, 0, 7] }],
    });
    expect(
      closeGaps(
        [0, 20],
        series.map((one) => ({ ...one, values: [1, 2] })),
        10,
      ),
    ).toEqual({
      timestamps: [0, 10, 20],
      series: [{ label: 'sonnet', values: [1, 0, 2] }],
    });
    expect(closeGaps([5], [{ label: 'one', values: [1] }], 10).timestamps).toEqual([5]);
  });
});
