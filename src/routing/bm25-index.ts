/**
 * A BM25F inverted index over a few weighted fields. Everything that does not depend on the
 * query is computed once at build time: each posting stores its finished contribution
 * idf · W / (k1 + W), so scoring a query is a sum over the postings of its terms.
 *
 * Layout: terms sorted, and per term a run of postings in three parallel typed arrays. Lookup
 * is a binary search, so the index needs no Map, and it serialises to one Buffer that loads
 * as zero-copy views (the on-disk cache of router-cache.ts).
 */
export const ROUTING_FIELDS = ['name', 'keywords', 'description', 'headings', 'body'] as const;
export type RoutingField = (typeof ROUTING_FIELDS)[number];

export interface Bm25Options {
  /** Weight of each field. @default name 3, keywords 2.5, description 1, headings 0.5, body 0.5 */
  readonly weights?: Partial<Record<RoutingField, number>>;
  /** Term-frequency saturation. @default 1.2 */
  readonly k1?: number;
  /** Length normalisation, 0 (none) to 1 (full). @default 0.75 */
  readonly b?: number;
}

export const DEFAULT_FIELD_WEIGHTS: Readonly<Record<RoutingField, number>> = {
  name: 3,
  keywords: 2.5,
  description: 1,
  headings: 0.5,
  body: 0.5,
};

export type FieldTerms = Readonly<Record<RoutingField, readonly string[]>>;

/** Distinct query terms and the weight of each (1 for the task's own words). */
export type Query = ReadonlyMap<string, number>;

/** A query of `terms`, each with weight 1. */
export function queryOf(terms: readonly string[]): Query {
  return new Map(terms.map((term) => [term, 1]));
}

export interface Bm25Hit {
  readonly document: number;
  readonly score: number;
}

export interface TermMatch {
  readonly term: string;
  readonly fields: readonly RoutingField[];
}

interface Columns {
  readonly size: number;
  /** Sorted terms. */
  readonly terms: readonly string[];
  /** Postings of terms[i] are at offsets[i] .. offsets[i + 1]. */
  readonly offsets: Uint32Array;
  readonly documents: Uint32Array;
  readonly scores: Float32Array;
  /** Bit i set when the term occurs in ROUTING_FIELDS[i]. */
  readonly fields: Uint8Array;
}

const MAGIC = 0x42_4d_32_35; // "BM25"
const FORMAT = 1;

export class Bm25Index {
  private readonly columns: Columns;

  get size(): number {
    return this.columns.size;
  }

  private constructor(columns: Columns) {
    this.columns = columns;
  }

  static build(documents: readonly FieldTerms[], options: Bm25Options = {}): Bm25Index {
    const weights = { ...DEFAULT_FIELD_WEIGHTS, ...options.weights };
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const count = documents.length;
    const averageLength = ROUTING_FIELDS.map((field) =>
      Math.max(
        1,
        documents.reduce((sum, document) => sum + document[field].length, 0) / Math.max(1, count),
      ),
    );
    // Per term: the documents it occurs in, with the weighted normalised frequency W and fields.
    const perTerm = new Map<string, { document: number; weighted: number; fields: number }[]>();
    documents.forEach((document, index) => {
      const local = new Map<string, { weighted: number; fields: number }>();
      ROUTING_FIELDS.forEach((field, bit) => {
        const fieldTerms = document[field];
        if (fieldTerms.length === 0) return;
        const norm = 1 - b + (b * fieldTerms.length) / (averageLength[bit] ?? 1);
        for (const term of fieldTerms) {
          const entry = local.get(term) ?? { weighted: 0, fields: 0 };
          entry.weighted += weights[field] / norm;
          entry.fields |= 1 << bit;
          local.set(term, entry);
        }
      });
      for (const [term, entry] of local) {
        const list = perTerm.get(term) ?? [];
        list.push({ document: index, ...entry });
        perTerm.set(term, list);
      }
    });
    const terms = [...perTerm.keys()].sort();
    const total = terms.reduce((sum, term) => sum + (perTerm.get(term)?.length ?? 0), 0);
    const offsets = new Uint32Array(terms.length + 1);
    const postingDocuments = new Uint32Array(total);
    const scores = new Float32Array(total);
    const fields = new Uint8Array(total);
    let at = 0;
    terms.forEach((term, position) => {
      offsets[position] = at;
      const list = perTerm.get(term) ?? [];
      const idf = Math.log(1 + (count - list.length + 0.5) / (list.length + 0.5));
      for (const entry of list) {
        postingDocuments[at] = entry.document;
        scores[at] = (idf * entry.weighted) / (k1 + entry.weighted);
        fields[at] = entry.fields;
        at += 1;
      }
    });
    offsets[terms.length] = at;
    return new Bm25Index({
      size: count,
      terms,
      offsets,
      documents: postingDocuments,
      scores,
      fields,
    });
  }

  private find(term: string): number {
    const { terms } = this.columns;
    let low = 0;
    let high = terms.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = terms[middle] ?? '';
      if (candidate === term) return middle;
      if (candidate < term) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /**
   * The posting range [start, end) and weight of each query term that is in the index, in query
   * order: what both scoring and explaining walk.
   */
  private *ranges(
    query: Query,
  ): Generator<{ term: string; weight: number; start: number; end: number }> {
    const { offsets } = this.columns;
    for (const [term, weight] of query) {
      const position = this.find(term);
      if (position < 0) continue;
      yield { term, weight, start: offsets[position] ?? 0, end: offsets[position + 1] ?? 0 };
    }
  }

  /** Scores every document containing a query term; returns the best `limit`, best first. */
  search(query: Query, limit: number): Bm25Hit[] {
    const { documents, scores: postingScores } = this.columns;
    const scores = new Float64Array(this.size);
    for (const { weight, start, end } of this.ranges(query)) {
      for (let at = start; at < end; at += 1) {
        const document = documents[at] ?? 0;
        scores[document] = (scores[document] ?? 0) + weight * (postingScores[at] ?? 0);
      }
    }
    const hits: Bm25Hit[] = [];
    for (let document = 0; document < scores.length; document += 1) {
      const score = scores[document] ?? 0;
      if (score > 0) hits.push({ document, score });
    }
    hits.sort((left, right) => right.score - left.score || left.document - right.document);
    return hits.slice(0, limit);
  }

  /** Which query terms matched `document`, and in which fields: the explanation of a score. */
  matches(query: Query, document: number): TermMatch[] {
    const { documents, fields } = this.columns;
    const result: TermMatch[] = [];
    for (const { term, start, end } of this.ranges(query)) {
      for (let at = start; at < end; at += 1) {
        if (documents[at] !== document) continue;
        const mask = fields[at] ?? 0;
        result.push({ term, fields: ROUTING_FIELDS.filter((_, bit) => (mask & (1 << bit)) !== 0) });
        break;
      }
    }
    return result;
  }

  /**
   * One Buffer: a 16-byte header (magic, format, document count, term count), the sorted terms
   * as newline-separated UTF-8 padded to 4 bytes, then offsets, documents, scores and fields.
   */
  serialize(): Buffer {
    const { size, terms, offsets, documents, scores, fields } = this.columns;
    const text = Buffer.from(terms.join('\n'), 'utf8');
    const textLength = Math.ceil(text.length / 4) * 4;
    const header = Buffer.alloc(20);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeUInt32LE(size, 8);
    header.writeUInt32LE(terms.length, 12);
    header.writeUInt32LE(text.length, 16);
    return Buffer.concat([
      header,
      text,
      Buffer.alloc(textLength - text.length),
      Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength),
      Buffer.from(documents.buffer, documents.byteOffset, documents.byteLength),
      Buffer.from(scores.buffer, scores.byteOffset, scores.byteLength),
      Buffer.from(fields.buffer, fields.byteOffset, fields.byteLength),
    ]);
  }

  /** Reads `serialize()` output; returns undefined for anything damaged or of another format. */
  static deserialize(buffer: Buffer): Bm25Index | undefined {
    if (buffer.length < 20 || buffer.readUInt32LE(0) !== MAGIC || buffer.readUInt32LE(4) !== FORMAT)
      return undefined;
    const size = buffer.readUInt32LE(8);
    const termCount = buffer.readUInt32LE(12);
    const textLength = buffer.readUInt32LE(16);
    const textEnd = 20 + textLength;
    let at = 20 + Math.ceil(textLength / 4) * 4;
    const offsetsBytes = (termCount + 1) * 4;
    if (buffer.length < at + offsetsBytes) return undefined;
    // Copy into an aligned ArrayBuffer once; typed-array views over it need 4-byte alignment.
    const aligned = new Uint8Array(buffer.length - at);
    aligned.set(buffer.subarray(at));
    const offsets = new Uint32Array(aligned.buffer, 0, termCount + 1);
    const total = offsets[termCount] ?? 0;
    const expected = offsetsBytes + total * 9;
    if (aligned.length !== expected) return undefined;
    at = offsetsBytes;
    const documents = new Uint32Array(aligned.buffer, at, total);
    at += total * 4;
    const scores = new Float32Array(aligned.buffer, at, total);
    at += total * 4;
    const fields = new Uint8Array(aligned.buffer, at, total);
    const terms = termCount === 0 ? [] : buffer.toString('utf8', 20, textEnd).split('\n');
    if (terms.length !== termCount) return undefined;
    return new Bm25Index({ size, terms, offsets, documents, scores, fields });
  }
}
