import { describe, expect, it } from 'vitest';
import { PhraseMatcher, phraseWords } from './phrase-matcher.js';

function phrases(patterns: readonly string[], text: string): string[] {
  const matcher = new PhraseMatcher(patterns.map((pattern, index) => [pattern, index] as const));
  return matcher.match(phraseWords(text), (match) => match.phrase).map((match) => match.phrase);
}

describe('phraseWords', () => {
  it('keeps paths, contractions and symbols in a word and splits on hyphens', () => {
    expect(phraseWords("Don’t touch docs/self-hosting.md, it's C# and C++.")).toEqual([
      "don't",
      'touch',
      'docs/self',
      'hosting.md',
      "it's",
      'c#',
      'and',
      'c++',
    ]);
  });
});

describe('PhraseMatcher', () => {
  it('matches alternatives, prefixes, suffixes and thousands', () => {
    expect(phrases(['why does|do'], 'why do we retry')).toEqual(['why do']);
    expect(phrases(['vulnerab*'], 'is it vulnerable?')).toEqual(['vulnerable']);
    expect(phrases(['*.md'], 'write notes.md now')).toEqual(['notes.md']);
    expect(phrases(['with #k'], 'fine with 50k ids, not with 50 ids')).toEqual(['with 50k']);
  });

  it('skips up to three words for * and eight for **', () => {
    expect(phrases(['split * into smaller'], 'split the big one into smaller parts')).toEqual([
      'split the big one into smaller',
    ]);
    expect(phrases(['split * into smaller'], 'split a b c d into smaller')).toEqual([]);
    expect(phrases(['expected ** got'], 'expected a b c d e f g got')).toEqual([
      'expected a b c d e f g got',
    ]);
  });

  it('reports each key once, in order of position', () => {
    expect(phrases(['b', 'a'], 'a b a b')).toEqual(['a', 'b']);
  });
  it('matches a number class', () => {
    expect(phrases(['# line|lines'], 'a 2000 line class and a big line')).toEqual(['2000 line']);
  });
});
