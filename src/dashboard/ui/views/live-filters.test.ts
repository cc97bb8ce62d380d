import { describe, expect, it } from 'vitest';
import { filterQuery } from './live-filters.js';

describe('filterQuery', () => {
  it('sends an exact type, or a prefix for `x.` and `x.*`', () => {
    const empty = { session: '', agent: '' };
    expect(filterQuery({ ...empty, type: 'run.completed' })).toEqual({
      ...empty,
      type: 'run.completed',
    });
    expect(filterQuery({ ...empty, type: 'hook.*' })).toEqual({ ...empty, typePrefix: 'hook.' });
    expect(filterQuery({ ...empty, type: ' hook. ' })).toEqual({ ...empty, typePrefix: 'hook.' });
    expect(filterQuery({ session: ' s1 ', agent: 'coder', type: '' })).toEqual({
      session: 's1',
      agent: 'coder',
      type: '',
    });
  });
});
