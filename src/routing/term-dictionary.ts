/**
 * The sorted terms of an index as one UTF-8 byte string plus start offsets: loading it from the
 * cache file is two views over the file's bytes, with no string per term to allocate, and a
 * lookup is a binary search comparing bytes.
 */
export class TermDictionary {
  /** `text` holds the terms back to back in byte order; term i is text[starts[i], starts[i+1]). */
  private constructor(
    readonly text: Buffer,
    readonly starts: Uint32Array,
  ) {}

  get count(): number {
    return this.starts.length - 1;
  }

  /** A dictionary of `terms` (distinct), sorted by their UTF-8 bytes. */
  static of(terms: Iterable<string>): { dictionary: TermDictionary; sorted: string[] } {
    const encoded = [...terms].map((term) => Buffer.from(term, 'utf8'));
    encoded.sort((left, right) => Buffer.compare(left, right));
    const starts = new Uint32Array(encoded.length + 1);
    let at = 0;
    encoded.forEach((bytes, index) => {
      starts[index] = at;
      at += bytes.length;
    });
    starts[encoded.length] = at;
    return {
      dictionary: new TermDictionary(Buffer.concat(encoded), starts),
      sorted: encoded.map((bytes) => bytes.toString('utf8')),
    };
  }

  /** Views over serialised parts; the caller has checked their sizes. */
  static view(text: Buffer, starts: Uint32Array): TermDictionary | undefined {
    if (starts.length === 0 || (starts[starts.length - 1] ?? 0) !== text.length) return undefined;
    return new TermDictionary(text, starts);
  }

  /** The position of `term`, or -1. */
  find(term: string): number {
    const query = Buffer.from(term, 'utf8');
    const { text, starts } = this;
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = text.compare(
        query,
        0,
        query.length,
        starts[middle] ?? 0,
        starts[middle + 1] ?? 0,
      );
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}
