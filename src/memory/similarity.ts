/**
 * How alike two memories are, to catch a fact that is already remembered in other words or with
 * other punctuation before it is stored twice. Two cheap measures, and the larger one wins: words
 * in common (ignores order and filler words) and three-character runs in common (forgives typos,
 * plurals and changed endings). Both ignore case and punctuation.
 *
 * Limit: neither looks at word order, so "use pnpm, not npm" and "use npm, not pnpm" score as
 * duplicates. Treat a near-duplicate as a merge candidate to show, not as proof.
 */

/** Score at or above which two memories count as the same fact said twice. */
export const NEAR_DUPLICATE = 0.85;

/**
 * Filler words that say nothing about the fact. Negations ("not", "never", "no") and modals such
 * as "must" are deliberately absent: they flip or strengthen the meaning.
 */
const STOP_WORDS = new Set([
  ...['the', 'an', 'and', 'or', 'but', 'if', 'then', 'so', 'of', 'to', 'in', 'on', 'at', 'by'],
  ...['for', 'with', 'from', 'as', 'into', 'about', 'is', 'are', 'was', 'were', 'be', 'been'],
  ...['it', 'its', 'this', 'that', 'these', 'those', 'there', 'me', 'my', 'we', 'our', 'us'],
  ...['you', 'your', 'he', 'she', 'they', 'them', 'their', 'do', 'does', 'did', 'has', 'have'],
  ...['had', 'will', 'would', 'should', 'can', 'could', 'just', 'also', 'very', 'please'],
]);

/** Runs of anything but letters, combining marks and digits, in any script. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;

/** Lowercase words and numbers joined by single spaces: what both measures compare. */
function normalizedText(text: string): string {
  return text.toLowerCase().replace(SEPARATORS, ' ').trim();
}

function tokensOf(normalized: string): Set<string> {
  const tokens = new Set<string>();
  if (normalized === '') return tokens;
  for (const word of normalized.split(' ')) {
    if (word.length > 1 && !STOP_WORDS.has(word)) tokens.add(word);
  }
  return tokens;
}

/** The distinct lowercase words of `text` that carry meaning: no filler words, no single letters. */
export function normalizedTokens(text: string): Set<string> {
  return tokensOf(normalizedText(text));
}

/**
 * Scratch table from UTF-16 code unit to a small id (1-1023), shared by the two texts of one
 * comparison and cleared before `similarity` returns. Ten-bit ids let three characters pack into
 * one 30-bit integer, which V8 keeps unboxed: a set of those is several times faster than a set of
 * strings or of wider numbers, in any script.
 */
const CHARACTER_IDS = new Uint16Array(65_536);
const MAX_CHARACTER_IDS = 1023;

/** Packed trigrams of `padded`, or undefined past {@link MAX_CHARACTER_IDS} distinct characters. */
function packedTrigrams(padded: string, assigned: number[]): Set<number> | undefined {
  const trigrams = new Set<number>();
  let key = 0;
  for (let index = 0; index < padded.length; index += 1) {
    const code = padded.charCodeAt(index);
    let id = CHARACTER_IDS[code] ?? 0;
    if (id === 0) {
      if (assigned.length === MAX_CHARACTER_IDS) return undefined;
      assigned.push(code);
      id = assigned.length;
      CHARACTER_IDS[code] = id;
    }
    key = ((key & 0xfffff) << 10) | id;
    if (index >= 2) trigrams.add(key);
  }
  return trigrams;
}

/** The same runs as strings, for the rare text pair with more than 1023 distinct characters. */
function stringTrigrams(padded: string): Set<string> {
  const trigrams = new Set<string>();
  for (let index = 3; index <= padded.length; index += 1) {
    trigrams.add(padded.slice(index - 3, index));
  }
  return trigrams;
}

/** Jaccard index of the character trigrams of ` left ` and ` right `. */
function trigramSimilarity(left: string, right: string): number {
  const assigned: number[] = [];
  const leftTrigrams = packedTrigrams(` ${left} `, assigned);
  const rightTrigrams = leftTrigrams && packedTrigrams(` ${right} `, assigned);
  for (const code of assigned) CHARACTER_IDS[code] = 0;
  if (leftTrigrams === undefined || rightTrigrams === undefined) {
    return jaccard(stringTrigrams(` ${left} `), stringTrigrams(` ${right} `));
  }
  return jaccard(leftTrigrams, rightTrigrams);
}

function jaccard<T>(left: ReadonlySet<T>, right: ReadonlySet<T>): number {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  if (large.size === 0) return 0;
  let shared = 0;
  for (const item of small) if (large.has(item)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * Similarity of two texts in [0, 1]: the larger of the Jaccard index of their word sets and of
 * their character-trigram sets. Texts equal after lowercasing and dropping punctuation score 1;
 * so do two texts with no letters or digits at all, while such a text against a real one scores 0.
 */
export function similarity(left: string, right: string): number {
  if (left === right) return 1;
  const leftText = normalizedText(left);
  const rightText = normalizedText(right);
  if (leftText === rightText) return 1;
  if (leftText === '' || rightText === '') return 0;
  const words = jaccard(tokensOf(leftText), tokensOf(rightText));
  return Math.max(words, trigramSimilarity(leftText, rightText));
}
