/**
 * Finds phrases in text by walking its words once: no per-phrase regular expressions to compile
 * at start-up, which for a few dozen alternations cost milliseconds on every CLI run.
 *
 * A pattern is words separated by spaces. Within a word, `a|b` means either; `abc*` a prefix;
 * `*.md` a suffix; `#` a number such as `2000`; `#k` a count of thousands such as `50k`. A word
 * `*` skips up to three words and `**` up to eight (`expected ** got`). Patterns are given as
 * lists separated by `;`, each list with one value.
 */
import { JoinedLines } from './joined-lines.js';

/** Lower-case words as the matcher sees them: `.`, `/`, `'` stay inside a word, `-` splits. */
const WORD = /[a-z0-9_#][a-z0-9_+#./']*[a-z0-9_+#]|[a-z0-9_+#]/g;

export function phraseWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/\u2019/g, "'")
      .match(WORD) ?? []
  );
}

type WordTest = (word: string) => boolean;

interface Step {
  readonly test: WordTest;
  /** Words that may be skipped before this step (0 for adjacent). */
  readonly gap: number;
}

interface Pattern<T> {
  readonly steps: readonly Step[];
  readonly value: T;
}

export interface PhraseMatch<T> {
  readonly value: T;
  /** The words of the text that matched, joined by spaces. */
  readonly phrase: string;
}

const THOUSANDS = /^\d+k$/;
const NUMBER = /^\d+$/;
/** The word classes, which match by pattern rather than by spelling. */
const CLASSES: Readonly<Record<string, RegExp>> = { '#': NUMBER, '#k': THOUSANDS };

/** The test for one pattern word, and the exact words it accepts when it has no wildcard. */
function wordTest(spec: string): { test: WordTest; exact: readonly string[] | undefined } {
  if (!spec.includes('|') && !spec.includes('*') && CLASSES[spec] === undefined)
    return { test: (word) => word === spec, exact: [spec] };
  const options = spec.split('|');
  const exact = options.filter((option) => !option.includes('*') && CLASSES[option] === undefined);
  const tests = options
    .filter((option) => option.includes('*') || CLASSES[option] !== undefined)
    .map((option): WordTest => {
      const pattern = CLASSES[option];
      if (pattern !== undefined) return (word) => pattern.test(word);
      if (option.startsWith('*')) {
        const suffix = option.slice(1);
        return (word) => word.length > suffix.length && word.endsWith(suffix);
      }
      const prefix = option.slice(0, -1);
      return (word) => word.startsWith(prefix);
    });
  return {
    test: (word) => exact.includes(word) || tests.some((test) => test(word)),
    exact: tests.length === 0 ? exact : undefined,
  };
}

function compile<T>(source: string, value: T): Pattern<T> {
  const steps: Step[] = [];
  let gap = 0;
  for (const spec of source.trim().split(' ')) {
    if (spec === '') continue;
    if (spec === '*' || spec === '**') {
      gap = spec === '*' ? 3 : 8;
      continue;
    }
    steps.push({ test: wordTest(spec).test, gap });
    gap = 0;
  }
  return { steps, value };
}

/**
 * Whether `source[at]` separates alternatives, words or patterns (or lies outside `source`); a
 * line break separates the entries of joined lists.
 */
function isSeparator(source: string, at: number): boolean {
  const character = source[at];
  return (
    character === undefined ||
    character === '|' ||
    character === ' ' ||
    character === ';' ||
    character === '\n'
  );
}

/**
 * The pattern of `source` (patterns separated by `;`) around position `at`, when `at` lies in
 * its first word: the pattern's bounds, and whether that first word holds a wildcard or class.
 */
function patternAt(
  source: string,
  at: number,
): { start: number; end: number; scanned: boolean } | undefined {
  const start = source.lastIndexOf(';', at - 1) + 1;
  const found = source.indexOf(';', at);
  const end = found < 0 ? source.length : found;
  let first = start;
  while (source[first] === ' ') first += 1;
  const space = source.indexOf(' ', first);
  const firstEnd = space < 0 || space > end ? end : space;
  if (at < first || at >= firstEnd) return undefined;
  const word = source.slice(first, firstEnd);
  return { start, end, scanned: word.includes('*') || word.includes('#') };
}

export class PhraseMatcher<T> {
  /**
   * Each entry's patterns, separated by `;`, all with the entry's value: kept as written and
   * searched only for the words a text holds. A CLI run matches one short task, whose words
   * begin a few patterns out of hundreds; splitting and indexing them all cost milliseconds.
   */
  private readonly entries: readonly (readonly [patterns: string, value: T])[];
  /** The compiled patterns that begin with each word looked up so far, in entry order. */
  private readonly byFirst = new Map<string, readonly Pattern<T>[]>();
  /** Patterns whose first word is a prefix, suffix or class: tried at every position. */
  private scannedPatterns: readonly Pattern<T>[] | undefined;

  /** The entries' pattern lists as one text to search (built on first use). */
  private joined: JoinedLines | undefined;

  constructor(entries: Iterable<readonly [patterns: string, value: T]>) {
    this.entries = [...entries];
  }

  /** The patterns whose first word has `word` as one of its plain alternatives. */
  private startingWith(word: string): readonly Pattern<T>[] {
    const known = this.byFirst.get(word);
    if (known !== undefined) return known;
    const found =
      word === '' || /[ ;|\n]/.test(word)
        ? []
        : this.patternsAt(this.positionsOf([word]), word.length);
    this.byFirst.set(word, found);
    return found;
  }

  /** The patterns to try at every position, found on first use. */
  private scanned(): readonly Pattern<T>[] {
    this.scannedPatterns ??= this.patternsAt(this.positionsOf(['*', '#']));
    return this.scannedPatterns;
  }

  /** The entries' pattern lists as one text, built on first use. */
  private lines(): JoinedLines {
    this.joined ??= new JoinedLines(this.entries.map(([source]) => source));
    return this.joined;
  }

  /** Where `needles` occur in the joined lists, in increasing order. */
  private positionsOf(needles: readonly string[]): number[] {
    const lines = this.lines();
    const positions = needles.flatMap((needle) => lines.positionsOf(needle));
    if (needles.length > 1) positions.sort((left, right) => left - right);
    return positions;
  }

  /**
   * The patterns whose first word holds one of `positions` (of the joined lists), each once, in
   * entry order: with a `wordLength`, those where the position starts a whole plain alternative
   * of that length; without, those whose first word has a wildcard or class.
   */
  private patternsAt(positions: readonly number[], wordLength?: number): Pattern<T>[] {
    const lines = this.lines();
    const found: Pattern<T>[] = [];
    let entry = -1;
    let last = -1;
    for (const position of positions) {
      // A plain word must be a whole alternative: checked on the joined text, where a line
      // break bounds an entry, before finding the entry.
      if (
        wordLength !== undefined &&
        (!isSeparator(lines.text, position - 1) || !isSeparator(lines.text, position + wordLength))
      )
        continue;
      const line = lines.lineAt(position);
      if (line !== entry) {
        entry = line;
        last = -1;
      }
      const item = this.entries[entry];
      if (item === undefined) continue;
      const [source, value] = item;
      const at = position - lines.startOf(entry);
      const pattern = patternAt(source, at);
      if (pattern === undefined || pattern.scanned !== (wordLength === undefined)) continue;
      if (pattern.start === last) continue;
      last = pattern.start;
      found.push(compile(source.slice(pattern.start, pattern.end), value));
    }
    return found;
  }

  /** Every match, in order of where it starts; `key` decides which matches are duplicates. */
  match(words: readonly string[], key: (match: PhraseMatch<T>) => unknown): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    const seen = new Set<unknown>();
    const scanned = this.scanned();
    for (let start = 0; start < words.length; start += 1) {
      const word = words[start] ?? '';
      for (const pattern of [...this.startingWith(word), ...scanned]) {
        if (pattern.steps[0]?.test(word) !== true) continue;
        const end = matchFrom(pattern.steps, 1, words, start + 1);
        if (end < 0) continue;
        const match = { value: pattern.value, phrase: words.slice(start, end).join(' ') };
        const id = key(match);
        if (seen.has(id)) continue;
        seen.add(id);
        found.push(match);
      }
    }
    return found;
  }
}

/** Where a match of steps[step..] beginning at words[at] ends (exclusive), or -1. */
function matchFrom(
  steps: readonly Step[],
  step: number,
  words: readonly string[],
  at: number,
): number {
  const current = steps[step];
  if (current === undefined) return at;
  const last = Math.min(words.length - 1, at + current.gap);
  for (let position = at; position <= last; position += 1) {
    if (!current.test(words[position] ?? '')) continue;
    const end = matchFrom(steps, step + 1, words, position + 1);
    if (end >= 0) return end;
  }
  return -1;
}
