import { describe, expect, it } from 'vitest';
import { PastRunRanker, runWords } from './past-runs.js';

const run = (
  id: number,
  task: string,
  summary = '',
): { id: number; task: string; summary: string } => ({
  id,
  task,
  summary,
});

describe('PastRunRanker', () => {
  it('ranks a run sharing a rare word above runs sharing only a common one', () => {
    const runs = [
      run(4, 'write docs for the date parser'),
      run(3, 'write docs for the billing page'),
      run(2, 'write docs for the login form'),
      run(1, 'write docs for the search box'),
    ];
    const ranked = new PastRunRanker().rank(runWords('add tests for the date parser'), runs, 2);
    expect(ranked.map(({ run: hit }) => hit.id)).toEqual([4]);
    const common = new PastRunRanker().rank(runWords('write docs'), runs, 2);
    // Every run shares the same words: the newest win.
    expect(common.map(({ run: hit }) => hit.id)).toEqual([4, 3]);
  });

  it('matches plurals and summaries, and finds nothing without a shared word', () => {
    const runs = [run(2, 'fix the cache', 'added tests for eviction'), run(1, 'tune the limiter')];
    const ranker = new PastRunRanker();
    expect(
      ranker.rank(runWords('a test of eviction'), runs, 3).map(({ run: hit }) => hit.id),
    ).toEqual([2]);
    expect(ranker.rank(runWords('deploy to staging'), runs, 3)).toEqual([]);
    expect(ranker.rank(new Set(), runs, 3)).toEqual([]);
  });
});
