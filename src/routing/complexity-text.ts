/**
 * What the complexity classifier reads off a task's text: its regular expressions, the plain
 * string tests that decide whether each is worth compiling, and the counts built on them
 * (units, files, list parts, pasted errors). complexity.ts turns these into features.
 */

export const STEP = /(?:^|\n)\s*(?:[-*\u2022]|\d+[.)])\s+/g;
export const CODE_BLOCK = /```[\s\S]*?(?:```|$)/g;
const STACK_TRACE = /\n\s+at [\w.<>$]+ ?\(|Traceback \(most recent call last\)|panicked at/;
/** An error named in the task: `TypeError`, `error[E0502]:`, `npm ERR!`, `errno`. */
const ERROR_NAME = /[a-z](?:Error|Exception)\b/;
const ERROR_LINE = /error\[?\w*\]?:|\bERR!?\b|\berrno\b|segfault|warning:/i;
export const WORD = /[a-z0-9']+/g;
/** A file path or file name with an extension, once quotes and punctuation are trimmed. */
const FILE = /^(?:[\w.-]+\/)+[\w.*-]*$|^[\w-]+\.[a-z]{1,4}$/;
const EDGE_PUNCTUATION = /^[`'"(<[]+|[`'")>\],.:;!?]+$/g;
/** A quantity that signals scale: 120M rows, 2TB, 5,000 requests, ~400 controllers. */
export const LARGE_NUMBER =
  /(?:~\s?\d{2,}|\b\d{1,3}(?:,\d{3})+|\b\d{4,}|\b\d+(?:\.\d+)?\s?(?:k|m|gb|tb|million|billion)\b)(?!\s?(?:px|ms|s|min|%))/gi;
/**
 * Many parts of one kind: 20 services, ~60 components, 40 legacy files. A count, then a unit,
 * maybe after one other word. Matched as a count and a lookup of the word after it: as one
 * case-blind regular expression with the units as alternatives, compiling it took 1.5 ms of
 * every cold `route`.
 */
const COUNT = /\b(\d+)\+?\s+/g;
const WORD_THEN_SPACE = /[A-Za-z-]+\s/y;
const WORD_RUN = /\w+/y;
const UNITS = words(
  'services files components repos repositories packages routes tables controllers modules endpoints resources teams apps microservices pages screens jobs functions queries workflows regions tenants agents clusters databases',
);
/** A move to another major version: Vue 2→3, Node 16 to 20, onto Python 3.12, to .NET 8. */
export const VERSION_JUMP =
  /\bv?\d+(?:\.\d+)*(?:\.x)?\s*(?:\u2192|->|to)\s*v?\d+(?:\.\d+)*(?:\.x)?\b|\b(?:to|onto)\s+(?:[A-Z.][\w.#+-]*\s?v?\d+(?:\.\d+)*|v?\d+\.\d+)\b/;
/** A function, method or identifier named in the task: `slugify()`, getBadgeColor, parse_date. */
export const CODE_NAME = /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b|\b[a-z]+(?:_[a-z0-9]+)+\b|\b\w+\(\)/g;
/** A how-to question about one thing. */
export const HOW_TO =
  /\bhow (?:do|can|would) (?:i|you)\b|\bwhat(?:'s| is) the (?:right|best|correct|proper) way\b/i;

/*
 * Each regular expression above costs 50-500 µs to compile, on first use, in every cold
 * `route`: more than the rest of the classifier. So each runs only when a plain string test
 * shows the text could match it (a digit before a unit, a lower-case letter before a capital,
 * "to" for a version jump, ...); the tests may let through text that then does not match, never
 * the other way round, so the features are exactly what the expressions alone give.
 */

/** Parts of a list written in a sentence: "reserve, release and query" (commas and semicolons). */
export function listSeparators(prose: string): number {
  let total = 0;
  for (let index = 0; index < prose.length; index += 1) {
    const code = prose.charCodeAt(index);
    if (code === 44 || code === 59) total += 1; // , ;
  }
  return total;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isLetterOrDigit = (code: number): boolean =>
  isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
/** The first letters of LARGE_NUMBER's units: k, m, gb, tb, million, billion, either case. */
const isUnitInitial = (code: number): boolean => {
  const lower = code | 32;
  return lower === 107 || lower === 109 || lower === 103 || lower === 116 || lower === 98;
};

/**
 * What the digits of `prose` allow: a digit at all; a large number (two digits in a row, or a
 * digit then a unit's first letter, maybe after one other character: LARGE_NUMBER); a count
 * (a digit then a character that is not a letter or digit: COUNT's `\+?\s+`).
 */
export function digitShapes(prose: string): { any: boolean; large: boolean; count: boolean } {
  let any = false;
  let large = false;
  let count = false;
  for (let index = 0; index < prose.length; index += 1) {
    if (!isDigit(prose.charCodeAt(index))) continue;
    any = true;
    const next = prose.charCodeAt(index + 1); // NaN past the end
    if (isDigit(next) || isUnitInitial(next)) large = true;
    else if (!Number.isNaN(next) && !isLetterOrDigit(next)) {
      count = true;
      if (isUnitInitial(prose.charCodeAt(index + 2))) large = true;
    }
    if (large && count) break;
  }
  return { any, large, count };
}

/** A lower-case letter right before a capital: what CODE_NAME's camelCase needs. */
export function hasCamelCase(prose: string): boolean {
  for (let index = 1; index < prose.length; index += 1) {
    const code = prose.charCodeAt(index);
    if (code >= 65 && code <= 90) {
      const before = prose.charCodeAt(index - 1);
      if (before >= 97 && before <= 122) return true;
    }
  }
  return false;
}

/** Whether STEP could match: a line break, or text that opens with a bullet or a digit. */
export function couldHaveSteps(text: string): boolean {
  if (text.includes('\n')) return true;
  const first = text.trimStart().charCodeAt(0);
  return first === 45 || first === 42 || first === 0x2022 || isDigit(first); // - * •
}

export function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}

export function count(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let total = 0;
  while (pattern.exec(text) !== null) total += 1;
  return total;
}

/** The largest count of units in `prose` (see COUNT), or 0. */
export function mostUnits(prose: string): number {
  let most = 0;
  COUNT.lastIndex = 0;
  for (let found = COUNT.exec(prose); found !== null; found = COUNT.exec(prose)) {
    const at = COUNT.lastIndex;
    WORD_THEN_SPACE.lastIndex = at;
    const unit =
      unitAt(prose, at) ||
      (WORD_THEN_SPACE.test(prose) && unitAt(prose, WORD_THEN_SPACE.lastIndex));
    if (unit) most = Math.max(most, Number(found[1]));
  }
  return most;
}

/** Whether the word at `at` is a unit: the whole word, as `\b` after the unit required. */
function unitAt(text: string, at: number): boolean {
  WORD_RUN.lastIndex = at;
  const run = WORD_RUN.exec(text);
  return run !== null && UNITS.has(run[0].toLowerCase());
}

/** How many distinct files or paths the task names. */
export function namedFiles(chunks: readonly string[]): number {
  const files = new Set<string>();
  for (const chunk of chunks) {
    if (!chunk.includes('/') && !chunk.includes('.')) continue;
    const trimmed = chunk.replace(EDGE_PUNCTUATION, '');
    if (FILE.test(trimmed)) files.add(trimmed);
  }
  return files.size;
}

/** A stack trace or an error line in `text` (which has no code block, so is the prose). */
export function looksPasted(text: string, lowerText: string): boolean {
  return (
    (text.includes('\n') && STACK_TRACE.test(text)) ||
    text.includes('Traceback (most recent call last)') ||
    text.includes('panicked at') ||
    ((text.includes('Error') || text.includes('Exception')) && ERROR_NAME.test(text)) ||
    ((lowerText.includes('err') ||
      lowerText.includes('segfault') ||
      lowerText.includes('warning:')) &&
      ERROR_LINE.test(text))
  );
}
