/**
 * Finds phrases in text by walking its words once: no per-phrase regular expressions to compile
 * at start-up, which for a few dozen alternations cost milliseconds on every CLI run.
 *
 * A pattern is words separated by spaces. Within a word, `a|b` means either; `abc*` a prefix;
 * `*.md` a suffix; `#` a number such as `2000`; `#k` a count of thousands such as `50k`. A word `*` skips up to three words
 * and `**` up to eight (`expected ** got`).
 */

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

/** A pattern as written, compiled the first time a text contains one of its first words. */
interface LazyPattern<T> {
  readonly source: string;
  readonly value: T;
  compiled?: Pattern<T>;
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

export class PhraseMatcher<T> {
  /**
   * Patterns by exact first word, compiled on first use: a CLI run routes one short task, which
   * meets the first words of a few patterns out of hundreds.
   */
  private readonly byFirst = new Map<string, LazyPattern<T>[]>();
  /** Patterns whose first word is a prefix, suffix or class: tried at every position. */
  private readonly scanned: Pattern<T>[] = [];

  constructor(entries: Iterable<readonly [pattern: string, value: T]>) {
    for (const [source, value] of entries) {
      const first = source.trim().split(' ', 1)[0] ?? '';
      if (first.includes('*') || first.includes('#')) {
        this.scanned.push(compile(source, value));
        continue;
      }
      const lazy: LazyPattern<T> = { source, value };
      for (const word of first.split('|')) {
        const list = this.byFirst.get(word) ?? [];
        list.push(lazy);
        this.byFirst.set(word, list);
      }
    }
  }

  /** Every match, in order of where it starts; `key` decides which matches are duplicates. */
  match(words: readonly string[], key: (match: PhraseMatch<T>) => unknown): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    const seen = new Set<unknown>();
    for (let start = 0; start < words.length; start += 1) {
      const word = words[start] ?? '';
      const candidates = (this.byFirst.get(word) ?? []).map(
        (lazy) => (lazy.compiled ??= compile(lazy.source, lazy.value)),
      );
      for (const pattern of [...candidates, ...this.scanned]) {
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
