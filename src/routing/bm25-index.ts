/**
 * A BM25F inverted index over a few weighted fields. Everything that does not depend on the
 * query is computed once at build time: each posting stores its finished contribution
 * idf · W / (k1 + W), so scoring a query is a sum over the postings of its terms.
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

/**
 * A term's postings as a flat list of triples: document, score contribution, field mask (bit i
 * set when the term occurs in ROUTING_FIELDS[i]). Flat numbers keep the index cheap to build,
 * to search, and to store and reload as JSON.
 */
type Postings = readonly number[];

/** The index as stored on disk (format version 1). */
export interface SerializedBm25Index {
  readonly size: number;
  readonly terms: Readonly<Record<string, Postings>>;
}

export interface Bm25Hit {
  readonly document: number;
  readonly score: number;
}

export interface TermMatch {
  readonly term: string;
  readonly fields: readonly RoutingField[];
}

export class Bm25Index {
  private readonly postings: Map<string, Postings>;
  readonly size: number;

  /** Rebuilds an index from `serialize()` output. */
  static fromSerialized(data: SerializedBm25Index): Bm25Index {
    return new Bm25Index([], {}, data);
  }

  constructor(
    documents: readonly FieldTerms[],
    options: Bm25Options = {},
    serialized?: SerializedBm25Index,
  ) {
    if (serialized !== undefined) {
      this.size = serialized.size;
      this.postings = new Map(Object.entries(serialized.terms));
      return;
    }
    this.postings = new Map();
    const weights = { ...DEFAULT_FIELD_WEIGHTS, ...options.weights };
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    this.size = documents.length;
    const averageLength = Object.fromEntries(
      ROUTING_FIELDS.map((field) => [
        field,
        Math.max(
          1,
          documents.reduce((sum, document) => sum + document[field].length, 0) /
            Math.max(1, documents.length),
        ),
      ]),
    ) as Record<RoutingField, number>; // one entry per field, built just above
    // Pass 1: per document, the weighted normalised term frequency W and the field mask.
    const perTerm = new Map<string, { document: number; weighted: number; fields: number }[]>();
    documents.forEach((document, index) => {
      const local = new Map<string, { weighted: number; fields: number }>();
      ROUTING_FIELDS.forEach((field, bit) => {
        const fieldTerms = document[field];
        if (fieldTerms.length === 0) return;
        const norm = 1 - b + (b * fieldTerms.length) / averageLength[field];
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
    // Pass 2: fold idf and saturation into each posting.
    const count = documents.length;
    for (const [term, list] of perTerm) {
      const idf = Math.log(1 + (count - list.length + 0.5) / (list.length + 0.5));
      const flat: number[] = [];
      for (const entry of list)
        flat.push(
          entry.document,
          round6((idf * entry.weighted) / (k1 + entry.weighted)),
          entry.fields,
        );
      this.postings.set(term, flat);
    }
  }

  /** Scores every document containing a query term; returns the best `limit`, best first. */
  search(queryTerms: readonly string[], limit: number): Bm25Hit[] {
    const scores = new Float64Array(this.size);
    const seen = new Set<string>();
    for (const term of queryTerms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const list = this.postings.get(term);
      if (list === undefined) continue;
      for (let at = 0; at < list.length; at += 3) {
        const document = list[at] ?? 0;
        scores[document] = (scores[document] ?? 0) + (list[at + 1] ?? 0);
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
  matches(queryTerms: readonly string[], document: number): TermMatch[] {
    const result: TermMatch[] = [];
    const seen = new Set<string>();
    for (const term of queryTerms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const list = this.postings.get(term) ?? [];
      for (let at = 0; at < list.length; at += 3) {
        if (list[at] !== document) continue;
        const mask = list[at + 2] ?? 0;
        result.push({ term, fields: ROUTING_FIELDS.filter((_, bit) => (mask & (1 << bit)) !== 0) });
        break;
      }
    }
    return result;
  }

  serialize(): SerializedBm25Index {
    return { size: this.size, terms: Object.fromEntries(this.postings) };
  }
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
