/**
 * Groups of phrases (one group per cue, its phrases separated by `;`) matched against a text
 * without indexing every phrase up front. A CLI run routes one short task: of a few hundred cues
 * and some six hundred phrases, its words can start the phrases of a few dozen. So the book
 * looks each distinct word of the text up once (a substring search over each group's source),
 * and compiles a PhraseMatcher only for the groups a text's words can start.
 */
import { PhraseMatcher } from './phrase-matcher.js';
import type { PhraseMatch } from './phrase-matcher.js';

/** Between the words of a group's source: a space, an alternative, the end of a phrase. */
const DELIMITERS = ' |;';
/** A phrase whose first word is a prefix, suffix or class (`vulnerab*`, `*.md`, `#k`). */
const SCANNED_FIRST = /(?:^|;)\s*[^\s;]*[*#]/;
/** Words remembered with their groups; beyond this the memory starts over (a long-lived daemon). */
const REMEMBERED_WORDS = 8192;

export class PhraseBook<T> {
  private readonly sources: readonly string[];
  private readonly values: readonly T[];
  /** Word → the groups in whose source it occurs as a word. */
  private readonly byWord = new Map<string, readonly number[]>();
  /** The groups with a phrase whose first word is not spelled out: tried on every text. */
  private scanned: readonly number[] | undefined;
  private readonly matchers: (PhraseMatcher<T> | undefined)[] = [];

  constructor(groups: readonly (readonly [phrases: string, value: T])[]) {
    this.sources = groups.map(([phrases]) => phrases);
    this.values = groups.map(([, value]) => value);
  }

  /** The first match of each group that matches `words`, in group order. */
  match(words: readonly string[]): PhraseMatch<T>[] {
    this.scanned ??= this.sources.flatMap((source, group) =>
      SCANNED_FIRST.test(source) ? [group] : [],
    );
    const candidates = new Set<number>(this.scanned);
    for (const word of new Set(words))
      for (const group of this.groupsOf(word)) candidates.add(group);
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

  private groupsOf(word: string): readonly number[] {
    let groups = this.byWord.get(word);
    if (groups === undefined) {
      groups = this.sources.flatMap((source, group) => (hasWord(source, word) ? [group] : []));
      if (this.byWord.size >= REMEMBERED_WORDS) this.byWord.clear();
      this.byWord.set(word, groups);
    }
    return groups;
  }
}

/** Whether `word` occurs in `source` between delimiters. */
function hasWord(source: string, word: string): boolean {
  for (let at = source.indexOf(word); at >= 0; at = source.indexOf(word, at + 1)) {
    const before = at === 0 ? ';' : (source[at - 1] ?? ';');
    const after = source[at + word.length] ?? ';';
    if (DELIMITERS.includes(before) && DELIMITERS.includes(after)) return true;
  }
  return false;
}
