/**
 * Entries for concurrency tests and benches that are never near-duplicates of each other:
 * eight pseudo-words from a seeded generator, so two entries share almost no words or trigrams,
 * and a token that names the writer and the entry.
 */
export function distinctText(writer: number, index: number): string {
  let seed = (writer * 1_000_003 + index * 7_919 + 17) >>> 0;
  const next = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed;
  };
  const words: string[] = [];
  for (let word = 0; word < 8; word += 1) {
    let text = '';
    const length = 5 + (next() % 5);
    for (let letter = 0; letter < length; letter += 1)
      text += String.fromCharCode(97 + (next() % 26));
    words.push(text);
  }
  // One token names the writer and the entry; it is unique, like the words around it.
  return `${words.join(' ')} w${writer}n${index}`;
}
