import { describe, expect, it } from 'vitest';
import { closestNames, likelyTypoOf, notFoundMessage } from './closest-names.js';

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

  it('words every "no such name" error the same way, closest names last', () => {
    const agents = ['engineer', 'debugger', 'qa'];
    expect(notFoundMessage('agent', 'enginer', agents)).toBe(
      'no agent named "enginer"; closest: engineer',
    );
    expect(notFoundMessage('agent', ['enginer', 'x'], agents, ' in .claude/agents')).toMatch(
      /^no agent named "enginer", "x" in \.claude\/agents; closest: engineer/,
    );
    expect(notFoundMessage('skill', 'a', [])).toBe('no skill named "a"');
    expect(notFoundMessage('agent', 'nobody', ['ops', 'pm', 'qa'])).toBe('no agent named "nobody"');
  });
});
