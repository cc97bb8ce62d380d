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
  it('reads lists of patterns, matching a word only where it begins a pattern', () => {
    const list = ['why does|do; what is going on; dies|hangs; works|work on my', 'c#|f# build'];
    expect(phrases(list, 'it works on my machine, why does it hang')).toEqual([
      'works on my',
      'why does',
    ]);
    // "does", "going", "on" and "my" appear in the lists but begin no pattern; "do" is inside "does".
    expect(phrases(list, 'does going on my do')).toEqual([]);
    expect(phrases(list, 'the f# build')).toEqual(['f# build']);
    expect(phrases(list, 'it hangs')).toEqual(['hangs']);
    expect(phrases([' why  does ; ;what is going on '], 'what is going on')).toEqual([
      'what is going on',
    ]);
  });

  it('matches a number class', () => {
    expect(phrases(['# line|lines'], 'a 2000 line class and a big line')).toEqual(['2000 line']);
  });
});
