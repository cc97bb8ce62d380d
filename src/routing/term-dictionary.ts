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
    const found = this.search(term);
    return found >= 0 ? found : -1;
  }

  /** The position of the last term at or before `term` in byte order, or -1 when none is. */
  floor(term: string): number {
    const found = this.search(term);
    return found >= 0 ? found : -found - 2;
  }

  /**
   * The position of `term` when it is there, else -(insertion point) - 1: a number, not an
   * object, as routes look terms up on a hot path.
   */
  private search(term: string): number {
    // Encoded into a scratch buffer and compared byte by byte: a route looks up dozens of terms
    // in one short process, where a Buffer per term and Buffer#compare's checks add up.
    const query = term.length * 3 <= SCRATCH.length ? SCRATCH : Buffer.from(term, 'utf8');
    const length = query === SCRATCH ? SCRATCH.write(term, 0, 'utf8') : query.length;
    const { text, starts } = this;
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareBytes(text, starts[middle] ?? 0, starts[middle + 1] ?? 0, query, length);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -low - 1;
  }
}

/** Room for any term of up to 256 UTF-16 units, encoded. */
const SCRATCH = Buffer.alloc(768);

/** `text[start, end)` against `query[0, length)`, bytewise: negative, 0 or positive. */
function compareBytes(
  text: Uint8Array,
  start: number,
  end: number,
  query: Uint8Array,
  length: number,
): number {
  const shorter = Math.min(end - start, length);
  for (let at = 0; at < shorter; at += 1) {
    const difference = (text[start + at] ?? 0) - (query[at] ?? 0);
    if (difference !== 0) return difference;
  }
  return end - start - length;
}
