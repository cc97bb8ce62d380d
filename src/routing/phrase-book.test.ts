import { describe, expect, it } from 'vitest';
import { PhraseBook } from './phrase-book.js';
import { phraseWords } from './phrase-matcher.js';

function fired(groups: readonly string[], text: string): string[] {
  const book = new PhraseBook(groups.map((phrases, index) => [phrases, index] as const));
  return book.match(phraseWords(text)).map((match) => `${match.value}:${match.phrase}`);
}

describe('PhraseBook', () => {
  it('reports the first match of each group that matches, in group order', () => {
    expect(
      fired(['takes * seconds; slow', 'why does|do'], 'why does it take so long? it is slow'),
    ).toEqual(['0:slow', '1:why does']);
    expect(fired(['load time; slow', 'why does|do'], 'why do pages load slow')).toEqual([
      '0:slow',
      '1:why do',
    ]);
  });

  it('tries phrases that start with a prefix, suffix or number class on every text', () => {
    expect(
      fired(['exploit; vulnerab*', '*.md', 'with #k'], 'is notes.md vulnerable with 50k'),
    ).toEqual(['0:vulnerable', '1:notes.md', '2:with 50k']);
  });

  it('starts a phrase at any alternative of its first word, in any phrase of a group', () => {
    expect(fired(['under load; load|stress test|tests'], 'run a stress test')).toEqual([
      '0:stress test',
    ]);
    expect(fired(['under load; load|stress test|tests'], 'the load is fine')).toEqual([]);
    expect(fired(['under load; load|stress test|tests'], 'slow under load')).toEqual([
      '0:under load',
    ]);
  });

  it('does not take a word inside another word for a phrase word', () => {
    expect(fired(['test', 'tests'], 'latest contests')).toEqual([]);
    expect(fired(['test|tests'], 'add tests')).toEqual(['0:tests']);
  });

  it('gives the same answer to a text it has seen before', () => {
    const book = new PhraseBook([['flaky test|tests', 'flaky'] as const]);
    const words = phraseWords('the flaky tests again');
    expect(book.match(words)).toEqual(book.match(words));
    expect(book.match(words)).toEqual([{ value: 'flaky', phrase: 'flaky tests' }]);
  });
});
