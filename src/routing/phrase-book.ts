/**
 * Groups of phrases (one group per cue, its phrases separated by `;`) matched against a text
 * without compiling every phrase up front. A CLI run routes one short task: of a few hundred cues
 * and some six hundred phrases, its words start the phrases of a handful. A phrase can only match
 * where its first word does, so the book keeps, from the first use, which groups each first word
 * starts (a map of the first words alone, no patterns compiled), and compiles a PhraseMatcher only
 * for the groups a text's words start. A word that merely occurs inside a phrase ("load" in
 * "under load") selects nothing: before, every such group was compiled and run on every text.
 */
import { PhraseMatcher } from './phrase-matcher.js';
import type { PhraseMatch } from './phrase-matcher.js';

interface FirstWords {
  /** First word of a phrase (each alternative of it) → the groups with such a phrase, in order. */
  readonly byWord: ReadonlyMap<string, readonly number[]>;
  /** The groups with a phrase whose first word is a prefix, suffix or class: tried on every text. */
  readonly scanned: readonly number[];
}

export class PhraseBook<T> {
  private readonly sources: readonly string[];
  private readonly values: readonly T[];
  private firstWords: FirstWords | undefined;
  private readonly matchers: (PhraseMatcher<T> | undefined)[] = [];

  constructor(groups: readonly (readonly [phrases: string, value: T])[]) {
    this.sources = groups.map(([phrases]) => phrases);
    this.values = groups.map(([, value]) => value);
  }

  /** The first match of each group that matches `words`, in group order. */
  match(words: readonly string[]): PhraseMatch<T>[] {
    const { byWord, scanned } = (this.firstWords ??= firstWordsOf(this.sources));
    const candidates = new Set<number>(scanned);
    for (const word of new Set(words))
      for (const group of byWord.get(word) ?? []) candidates.add(group);
    const found: PhraseMatch<T>[] = [];
    for (const group of [...candidates].sort((left, right) => left - right)) {
      const matcher = (this.matchers[group] ??= new PhraseMatcher(
        (this.sources[group] ?? '')
          .split(';')
          .map((phrase) => [phrase, this.values[group] as T] as const),
      ));
      const first = matcher.match(words, () => 0)[0];
      if (first !== undefined) found.push(first);
    }
    return found;
  }
}

/** Which groups each first word starts; the first word is read as PhraseMatcher reads it. */
function firstWordsOf(sources: readonly string[]): FirstWords {
  const byWord = new Map<string, number[]>();
  const scanned: number[] = [];
  sources.forEach((source, group) => {
    for (const phrase of source.split(';')) {
      const first = phrase.trim().split(' ', 1)[0] ?? '';
      if (first.includes('*') || first.includes('#')) {
        if (scanned[scanned.length - 1] !== group) scanned.push(group);
        continue;
      }
      for (const word of first.split('|')) {
        const groups = byWord.get(word);
        if (groups === undefined) byWord.set(word, [group]);
        else if (groups[groups.length - 1] !== group) groups.push(group);
      }
    }
  });
  return { byWord, scanned };
}
