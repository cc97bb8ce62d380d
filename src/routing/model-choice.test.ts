import { describe, expect, it } from 'vitest';
import { CONFIDENT_AT } from './confidence.js';
import { catalogueText, choiceRequest, readChoice, wantsModel } from './model-choice.js';

const CANDIDATES = ['frontend', 'api-designer', 'ops'];

describe('readChoice', () => {
  it('accepts a candidate name, with the wrapping models add around it', () => {
    for (const answer of ['ops', ' ops\n', '`ops`', '"ops".', '@ops', 'OPS', '**ops**'])
      expect(readChoice(answer, CANDIDATES)).toEqual({ agent: 'ops' });
    expect(readChoice('api-designer', CANDIDATES)).toEqual({ agent: 'api-designer' });
  });

  it('refuses a name outside the candidates, a sentence and an empty answer, saying why', () => {
    expect(readChoice('security', CANDIDATES)).toEqual({
      problem: 'the model answered "security", which is not one of the candidates',
    });
    expect(readChoice('I would pick ops because it deploys', CANDIDATES)).toMatchObject({
      problem: expect.stringContaining('not one of the candidates') as unknown,
    });
    expect(readChoice('  ', CANDIDATES)).toEqual({ problem: 'the model gave no answer' });
  });
});

describe('catalogueText', () => {
  it('lists every agent once, sorted by name, whatever the order it is given', () => {
    const ops = { name: 'ops', description: 'Deploys\n  things.' };
    const frontend = { name: 'frontend', description: 'Builds pages.' };
    const shadowed = { name: 'ops', description: 'a copy a project agent shadows' };
    const text = catalogueText([ops, frontend, shadowed]);
    expect(text.split('\n').slice(-2)).toEqual(['frontend: Builds pages.', 'ops: Deploys things.']);
    expect(catalogueText([frontend, ops])).toBe(text);
  });

  it('bounds a long description', () => {
    const text = catalogueText([{ name: 'long', description: 'word '.repeat(1000) }]);
    expect(text.length).toBeLessThan(800);
    expect(text.endsWith('...')).toBe(true);
  });
});

describe('choiceRequest', () => {
  it('puts the catalogue in a cached system block and the task and candidates after it', () => {
    const request = choiceRequest({
      task: 'make the build faster',
      candidates: CANDIDATES,
      catalogue: 'CATALOGUE',
      model: 'claude-haiku-5-5',
    });
    expect(request.system).toEqual([{ text: 'CATALOGUE', cache: true }]);
    expect(request.model).toBe('claude-haiku-5-5');
    expect(request.temperature).toBe(0);
    const turn = request.messages[0]?.content ?? '';
    expect(turn).toContain('<task>\nmake the build faster\n</task>');
    expect(turn).toContain('Candidates: frontend, api-designer, ops');
    expect(request.maxTokens).toBeLessThanOrEqual(64);
  });
});

describe('wantsModel', () => {
  const alternatives = [{ agent: 'ops' }, { agent: 'frontend' }];
  it('asks below CONFIDENT_AT, never for a mention, a confident route or a single candidate', () => {
    expect(wantsModel({ via: 'index', confidence: CONFIDENT_AT - 0.01, alternatives })).toBe(true);
    expect(wantsModel({ via: 'fallback', confidence: 0.05, alternatives })).toBe(true);
    expect(wantsModel({ via: 'index', confidence: CONFIDENT_AT, alternatives })).toBe(false);
    expect(wantsModel({ via: 'mention', confidence: 0.2, alternatives })).toBe(false);
    expect(
      wantsModel({ via: 'index', confidence: 0.2, alternatives: alternatives.slice(0, 1) }),
    ).toBe(false);
  });
});
