import { describe, expect, it } from 'vitest';
import { closestNames, likelyTypoOf } from './closest-names.js';

describe('closestNames and likelyTypoOf', () => {
  const commands = ['init', 'agents', 'skills', 'route', 'run', 'workflow', 'memory', 'config'];

  it('names the likely typo, within two edits (or a third of a long name)', () => {
    expect(likelyTypoOf('agnts', commands)).toBe('agents');
    expect(likelyTypoOf('wokrflow', commands)).toBe('workflow');
    expect(likelyTypoOf('provder', ['provider', 'port', 'model'])).toBe('provider');
  });

  it('suggests nothing for a word that is not close to any name', () => {
    expect(likelyTypoOf('frobnicate', commands)).toBeUndefined();
    expect(likelyTypoOf('x', [])).toBeUndefined();
  });

  it('ranks substring matches first, then by edit distance', () => {
    expect(closestNames('run', commands, 2)).toEqual(['run', 'route']);
  });
});
