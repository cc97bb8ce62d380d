import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, viewForKey } from './router.js';

describe('hash routing', () => {
  it('defaults to Live for an empty or unknown hash', () => {
    const live = { view: 'live', runId: null, project: null, session: null };
    expect(parseHash('')).toEqual(live);
    expect(parseHash('#/')).toEqual(live);
    expect(parseHash('#/nope?x=1')).toEqual(live);
  });

  it('reads the view, the run and the query', () => {
    expect(parseHash('#/runs/wf%2F1?project=%2Fhome%2Fa%20b%26c&session=s1')).toEqual({
      view: 'runs',
      runId: 'wf/1',
      project: '/home/a b&c',
      session: 's1',
    });
    expect(parseHash('#/tools/extra').runId).toBeNull();
    expect(parseHash('#/runs/%E0%A4%A').runId).toBe('%E0%A4%A');
  });

  it('writes hashes that read back the same', () => {
    const route = { view: 'runs', runId: 'a/b c', project: '/p q&r=s', session: null } as const;
    const hash = formatHash(route);
    expect(hash).toBe('#/runs/a%2Fb%20c?project=%2Fp+q%26r%3Ds');
    expect(parseHash(hash)).toEqual(route);
    expect(formatHash({ view: 'cost', runId: 'ignored', project: null, session: null })).toBe(
      '#/cost',
    );
  });

  it('maps number keys 1–8 to the views in nav order', () => {
    expect(viewForKey('1')).toBe('live');
    expect(viewForKey('4')).toBe('runs');
    expect(viewForKey('8')).toBe('sessions');
    expect(viewForKey('9')).toBeNull();
    expect(viewForKey('0')).toBeNull();
    expect(viewForKey('a')).toBeNull();
  });
});
