import { describe, expect, it } from 'vitest';
import { Bm25Index, queryOf } from './bm25-index.js';
import { terms } from './text.js';
import { pairs, withPairs } from './word-pairs.js';

describe('pairs', () => {
  it('joins neighbouring terms, stop words already gone', () => {
    expect(pairs(terms('draft the terms of service'))).toEqual(['draft term', 'term service']);
    expect(pairs(['one'])).toEqual([]);
    expect(withPairs(['load', 'test'])).toEqual(['load', 'test', 'load test']);
  });

  it('lets a shared phrase outrank the same words scattered apart', () => {
    const field = (text: string): string[] => withPairs(terms(text));
    const empty = { name: [], keywords: [], examples: [], headings: [], body: [] };
    const index = Bm25Index.build([
      { ...empty, description: field('service terms and billing for every plan') },
      { ...empty, description: field('drafts terms of service and privacy notices') },
    ]);
    const query = new Map(queryOf(terms('terms of service')));
    for (const pair of pairs(terms('terms of service'))) query.set(pair, 0.3);
    expect(index.search(query, 1)[0]?.document).toBe(1);
  });
});
