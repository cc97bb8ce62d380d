import { describe, expect, it } from 'vitest';
import { CostBook } from './cost-book.js';

const call = (costUsd: number, inputTokens = 10) => ({
  costUsd,
  inputTokens,
  outputTokens: 2,
  cacheReadTokens: 3,
  cacheWriteTokens: 4,
});

describe('CostBook', () => {
  it('sums calls into buckets of any whole number of minutes, by model and by agent', () => {
    const book = new CostBook();
    const hour = 3_600_000;
    book.add(0, 'haiku', 'qa', call(0.1));
    book.add(59 * 60_000, 'sonnet', 'qa', call(0.2));
    book.add(hour + 1, 'haiku', 'engineer', call(0.3));
    const hourly = book.answer(hour);
    expect(hourly.buckets).toEqual([0, hour]);
    expect(hourly.byModel.haiku?.costUsd).toEqual([0.1, 0.3]);
    expect(hourly.byModel.sonnet?.costUsd).toEqual([0.2, 0]);
    expect(hourly.byAgent.qa?.inputTokens).toEqual([20, 0]);
    expect(hourly.totals).toEqual({
      calls: 3,
      costUsd: 0.6,
      inputTokens: 30,
      outputTokens: 6,
      cacheReadTokens: 9,
      cacheWriteTokens: 12,
    });
    const minutes = book.answer(60_000);
    expect(minutes.buckets).toEqual([0, 59 * 60_000, hour]);
    // Every series sums to the total, whatever the bucket.
    const sum = (values: readonly number[]) => values.reduce((left, right) => left + right, 0);
    for (const answer of [hourly, minutes, book.answer(86_400_000)])
      expect(
        Object.values(answer.byModel).reduce((total, series) => total + sum(series.costUsd), 0),
      ).toBeCloseTo(0.6, 10);
  });

  it('keeps a model named __proto__ as data', () => {
    const book = new CostBook();
    book.add(0, '__proto__', 'x', call(1));
    const answer = book.answer(60_000);
    expect(Object.keys(answer.byModel)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(answer.byModel)).toBe(Object.prototype);
  });
});
