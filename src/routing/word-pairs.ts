/**
 * Adjacent-word pairs: "terms of service", "blog post", "load test" mean more together than their
 * words apart. An agent's short fields (keywords, description, examples) are indexed with the
 * pairs of their terms as extra terms, and a task's pairs are matched at a reduced weight, so sharing a phrase with an agent's description outranks sharing its words scattered
 * over a long prompt. A pair is two normalised terms joined by a space, which no term contains.
 * Names, headings and prompts get no pairs: a name is a few words, and the pairs of headings and
 * long prompts, measured, added nothing but index size.
 */

/** Weight of a pair of the task's terms, against 1 for each of its words. */
export const PAIR_WEIGHT = 0.3;

/** The pairs of neighbouring terms, in order ("a", "b", "c" → "a b", "b c"). */
export function pairs(terms: readonly string[]): string[] {
  const result: string[] = [];
  for (let at = 1; at < terms.length; at += 1) result.push(`${terms[at - 1]} ${terms[at]}`);
  return result;
}

/** `terms` followed by their pairs: what a short field is indexed as. */
export function withPairs(terms: readonly string[]): string[] {
  return [...terms, ...pairs(terms)];
}
