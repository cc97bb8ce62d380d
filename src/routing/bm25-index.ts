/**
 * A BM25F inverted index over a few weighted fields. Everything that does not depend on the
 * query is computed once at build time: each posting stores its finished contribution
 * idf · W / (k1 + W), so scoring a query is a sum over the postings of its terms.
 */
export const ROUTING_FIELDS = ['name', 'keywords', 'description', 'headings'] as const;
export type RoutingField = (typeof ROUTING_FIELDS)[number];

export interface Bm25Options {
  /** Weight of each field. @default name 3, keywords 2.5, description 1, headings 0.5 */
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
};

export type FieldTerms = Readonly<Record<RoutingField, readonly string[]>>;

interface Posting {
  readonly document: number;
  readonly score: number;
  /** Bit i set when the term occurs in ROUTING_FIELDS[i]. */
  readonly fields: number;
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
  private readonly postings = new Map<string, Posting[]>();
  readonly size: number;

  constructor(documents: readonly FieldTerms[], options: Bm25Options = {}) {
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
      this.postings.set(
        term,
        list.map((entry) => ({
          document: entry.document,
          score: (idf * entry.weighted) / (k1 + entry.weighted),
          fields: entry.fields,
        })),
      );
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
      for (const posting of list)
        scores[posting.document] = (scores[posting.document] ?? 0) + posting.score;
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
      const posting = this.postings.get(term)?.find((entry) => entry.document === document);
      if (posting === undefined) continue;
      result.push({
        term,
        fields: ROUTING_FIELDS.filter((_, bit) => (posting.fields & (1 << bit)) !== 0),
      });
    }
    return result;
  }
}
