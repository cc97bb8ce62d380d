/**
 * Text normalisation shared by the index and the queries: lower-case word tokens, English stop
 * words removed, light suffix stemming. The same function runs on both sides, so a stemming
 * choice only has to be consistent, not linguistically perfect.
 */

/**
 * Bump when stop words, stemming, tokenising or the indexed fields change: cached indexes carry
 * terms normalised the old way, and this is part of their key.
 */
export const NORMALISATION_REVISION = 8;

/** Tasks longer than this are scored on their first part: routing needs the gist, not 5 MB. */
export const MAX_SCORED_CHARS = 20_000;

const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing done down during each few for from further ' +
    'get got had has have having he her here hers him his how i if in into is it its itself just let ' +
    'like make me might more most must my need needs no nor not now of off on once only or other our ' +
    'out over own please same she should so some such than that the their them then there these they ' +
    'this those through to too under until up us use using very want was we were what when where which ' +
    "while who whom why will with would you your yours can't don't it's i'm help thanks hi hey " +
    'something anything everything thing things way one two new never always ever even still really ' +
    'actually already just s t d m ll re ve ' +
    // what the tokeniser leaves of "don't", "isn't" and the like
    'don doesn didn isn aren wasn weren won wouldn couldn shouldn haven hasn hadn ain'
  ).split(' '),
);

const TOKEN = /[a-z0-9][a-z0-9+#]*/g;
/**
 * A bare number ("6 seconds", "2000 lines", step "3.") says nothing about the kind of work, yet
 * is rare enough in agent prompts to score as a telling word. Numbers with letters (p99, 5xx,
 * s3, 10x) are kept.
 */
const NUMBER = /^\d+$/;

/** Light stemming: plurals, -ing, -ed, -ly, a few derivations. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return trimDouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return trimDouble(word.slice(0, -2));
  if (word.endsWith('ers') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('er') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('ly') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('ation') && word.length > 7) return word.slice(0, -5);
  if (word.endsWith('ment') && word.length > 6) return word.slice(0, -4);
  if (word.endsWith('es') && /(?:s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) {
    return word.slice(0, -1);
  }
  return word;
}

function trimDouble(word: string): string {
  const last = word.charCodeAt(word.length - 1);
  return word.length > 3 &&
    last === word.charCodeAt(word.length - 2) &&
    !'lsz'.includes(word[word.length - 1] ?? '')
    ? word.slice(0, -1)
    : word;
}

/** Normalised terms of `text`, in order, stop words removed (hyphens and dots separate words). */
export function terms(text: string): string[] {
  const source = text.length > MAX_SCORED_CHARS ? text.slice(0, MAX_SCORED_CHARS) : text;
  const result: string[] = [];
  for (const match of source.toLowerCase().matchAll(TOKEN)) {
    const word = match[0];
    if (STOP_WORDS.has(word) || NUMBER.test(word)) continue;
    result.push(stem(word));
  }
  return result;
}
