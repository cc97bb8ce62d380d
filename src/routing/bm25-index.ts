/**
 * A BM25F inverted index over a few weighted fields. Everything that does not depend on the
 * query is computed once at build time: each posting stores its finished contribution
 * idf · W / (k1 + W), so scoring a query is a sum over the postings of its terms.
 *
 * Layout: terms sorted, and per term a run of postings in three parallel typed arrays. Lookup
 * is a binary search, so the index needs no Map. Serialised (the on-disk cache of
 * router-cache.ts), the terms are cut into blocks that load on first use (posting-blocks.ts).
 */
import { TermDictionary } from './term-dictionary.js';
import { MemoryTable, PostingBlock, bufferSource, openBlocks } from './posting-blocks.js';
import type { ByteSource, PostingTable, Postings } from './posting-blocks.js';

export const ROUTING_FIELDS = [
  'name',
  'keywords',
  'description',
  'examples',
  'headings',
  'body',
] as const;
export type RoutingField = (typeof ROUTING_FIELDS)[number];

export interface Bm25Options {
  /** Weight of each field. @default name 3, keywords 2.5, description 1, examples 0.5, headings 0.5, body 0.5 */
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
  examples: 0.5,
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

interface TermRange {
  readonly term: string;
  readonly weight: number;
  /** The factor for documents that have the term in the emphasised field (1: none). */
  readonly emphasis: number;
  readonly postings: Postings;
}

/** A query with its terms looked up in one index (Bm25Index.resolve). */
export interface ResolvedQuery {
  readonly ranges: readonly TermRange[];
  /** The bit of the emphasised field in the postings' field masks (0: none). */
  readonly emphasisMask: number;
}

/** Some query terms count `factor` times in documents that have them in `field`. */
export interface FieldEmphasis {
  readonly field: RoutingField;
  readonly terms: ReadonlySet<string>;
  readonly factor: number;
}

/** A multiplier for one document's score. */
export interface DocumentPrior {
  readonly document: number;
  readonly factor: number;
}

export interface TermMatch {
  readonly term: string;
  readonly fields: readonly RoutingField[];
}

/**
 * How much a field's own idf counts against the idf over all fields (a weighted mean, 0–1).
 * Per field, "review" in a name is telling while in the boilerplate of prompts it is everywhere;
 * but a field's own frequencies come from few words (a name has two or three), so a word that
 * is rare in names yet common everywhere else ("page") keeps part of its everyday weakness.
 */
const FIELD_IDF_SHARE = 0.5;
interface Occurrence {
  readonly document: number;
  /** The weighted normalised frequency in each field, indexed as ROUTING_FIELDS. */
  readonly byField: number[];
  fields: number;
}

/** BM25's idf of a term that `frequency` of `documents` documents hold. */
function inverseFrequency(documents: number, frequency: number): number {
  return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
}

export class Bm25Index {
  private constructor(
    /** Documents indexed. */
    readonly size: number,
    private readonly table: PostingTable,
  ) {}

  /**
   * Indexes `documents`. `copyOf` (position of the first identical document, per document) makes
   * copies count once in the collection statistics (document frequencies, average field lengths):
   * a word is no more common, nor a field longer, because one document shipped under three names.
   */
  static build(
    documents: readonly FieldTerms[],
    options: Bm25Options = {},
    copyOf?: readonly number[],
  ): Bm25Index {
    const weights = { ...DEFAULT_FIELD_WEIGHTS, ...options.weights };
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const group = (document: number): number => copyOf?.[document] ?? document;
    const originals = documents.filter((_, index) => group(index) === index);
    const averageLength = ROUTING_FIELDS.map((field) =>
      Math.max(
        1,
        originals.reduce((sum, document) => sum + document[field].length, 0) /
          Math.max(1, originals.length),
      ),
    );
    // Per term: the documents it occurs in, with the weighted normalised frequency W of each
    // field (and their total), and the fields as a bit mask.
    const perTerm = new Map<string, Occurrence[]>();
    documents.forEach((document, index) => {
      const local = new Map<string, Occurrence>();
      ROUTING_FIELDS.forEach((field, bit) => {
        const fieldTerms = document[field];
        if (fieldTerms.length === 0) return;
        const norm = 1 - b + (b * fieldTerms.length) / (averageLength[bit] ?? 1);
        for (const term of fieldTerms) {
          let entry = local.get(term);
          if (entry === undefined) {
            // A plain array: one typed array per occurrence costs the cold build its time in GC.
            entry = { document: index, byField: ROUTING_FIELDS.map(() => 0), fields: 0 };
            local.set(term, entry);
          }
          entry.byField[bit] = (entry.byField[bit] ?? 0) + weights[field] / norm;
          entry.fields |= 1 << bit;
        }
      });
      for (const [term, entry] of local) {
        const list = perTerm.get(term) ?? [];
        list.push(entry);
        perTerm.set(term, list);
      }
    });
    const { dictionary, sorted: terms } = TermDictionary.of(perTerm.keys());
    const total = terms.reduce((sum, term) => sum + (perTerm.get(term)?.length ?? 0), 0);
    const offsets = new Uint32Array(terms.length + 1);
    const postingDocuments = new Uint32Array(total);
    const scores = new Float32Array(total);
    const fields = new Uint8Array(total);
    const idf = new Float64Array(ROUTING_FIELDS.length);
    const holders = new Uint32Array(ROUTING_FIELDS.length);
    let at = 0;
    terms.forEach((term, position) => {
      offsets[position] = at;
      const list = perTerm.get(term) ?? [];
      // One pass: the fields each group of copies holds the term in, then the counts per field.
      const groupFields = new Map<number, number>();
      for (const entry of list) {
        const owner = group(entry.document);
        groupFields.set(owner, (groupFields.get(owner) ?? 0) | entry.fields);
      }
      const anywhere = inverseFrequency(originals.length, groupFields.size);
      holders.fill(0);
      for (const mask of groupFields.values())
        for (let bit = 0; bit < holders.length; bit += 1)
          if ((mask & (1 << bit)) !== 0) holders[bit] = (holders[bit] ?? 0) + 1;
      holders.forEach((count, bit) => {
        const own = inverseFrequency(originals.length, count);
        idf[bit] = own * FIELD_IDF_SHARE + anywhere * (1 - FIELD_IDF_SHARE);
      });
      for (const entry of list) {
        // The term saturates over all its fields at once (BM25F), and each field's share of it
        // counts with that field's own idf: "review" in a name is rare and telling, in the
        // boilerplate of prompts it is everywhere and says nothing.
        let weighted = 0;
        let informed = 0;
        entry.byField.forEach((value, bit) => {
          weighted += value;
          informed += value * (idf[bit] ?? 0);
        });
        postingDocuments[at] = entry.document;
        scores[at] = informed / (k1 + weighted);
        fields[at] = entry.fields;
        at += 1;
      }
    });
    offsets[terms.length] = at;
    return new Bm25Index(
      documents.length,
      new MemoryTable(new PostingBlock(dictionary, offsets, postingDocuments, scores, fields)),
    );
  }

  /**
   * The postings and weight of each query term that is in the index, in query
   * order: what both scoring and explaining walk. Resolve a query once to search and explain it
   * without looking its terms up twice. A word pair ("a b") is only looked up when both its words
   * were found, so list a query's words before their pairs.
   */
  resolve(query: Query, emphasis?: FieldEmphasis): ResolvedQuery {
    const ranges: TermRange[] = [];
    const missing = new Set<string>();
    for (const [term, weight] of query) {
      const space = term.indexOf(' ');
      if (space > 0 && (missing.has(term.slice(0, space)) || missing.has(term.slice(space + 1))))
        continue; // a pair is indexed only where both its words are
      const postings = this.table.lookup(term);
      if (postings === undefined) {
        missing.add(term);
        continue;
      }
      ranges.push({
        term,
        weight,
        emphasis: emphasis?.terms.has(term) === true ? emphasis.factor : 1,
        postings,
      });
    }
    return {
      ranges,
      emphasisMask: emphasis === undefined ? 0 : 1 << ROUTING_FIELDS.indexOf(emphasis.field),
    };
  }

  private resolved(query: Query | ResolvedQuery): ResolvedQuery {
    return 'ranges' in query ? query : this.resolve(query);
  }

  /**
   * Scores every document containing a query term; returns the best `limit`, best first. A
   * `prior` multiplies one document's score before ranking.
   */
  search(query: Query | ResolvedQuery, limit: number, prior?: DocumentPrior): Bm25Hit[] {
    const scores = new Float64Array(this.size);
    const { ranges, emphasisMask } = this.resolved(query);
    for (const { weight, emphasis, postings } of ranges) {
      const { documents, scores: postingScores, fields } = postings;
      for (let at = 0; at < documents.length; at += 1) {
        const document = documents[at] ?? 0;
        const factor = emphasis !== 1 && ((fields[at] ?? 0) & emphasisMask) !== 0 ? emphasis : 1;
        scores[document] = (scores[document] ?? 0) + weight * factor * (postingScores[at] ?? 0);
      }
    }
    if (prior !== undefined && prior.document < scores.length)
      scores[prior.document] = (scores[prior.document] ?? 0) * prior.factor;
    const hits: Bm25Hit[] = [];
    for (let document = 0; document < scores.length; document += 1) {
      const score = scores[document] ?? 0;
      if (score > 0) hits.push({ document, score });
    }
    hits.sort((left, right) => right.score - left.score || left.document - right.document);
    return hits.slice(0, limit);
  }

  /** Which query terms matched `document`, and in which fields: the explanation of a score. */
  matches(query: Query | ResolvedQuery, document: number): TermMatch[] {
    const result: TermMatch[] = [];
    for (const { term, postings } of this.resolved(query).ranges) {
      const { documents, fields } = postings;
      for (let at = 0; at < documents.length; at += 1) {
        if (documents[at] !== document) continue;
        const mask = fields[at] ?? 0;
        result.push({ term, fields: ROUTING_FIELDS.filter((_, bit) => (mask & (1 << bit)) !== 0) });
        break;
      }
    }
    return result;
  }

  /**
   * How much each query term (of `only`, when given) adds to the score of each of `documents`
   * (before any prior), by term: what tells whether a cue's words speak for the chosen agent or
   * for another.
   */
  contributions(
    query: Query | ResolvedQuery,
    documents: readonly number[],
    only?: ReadonlySet<string>,
  ): Map<string, Float64Array> {
    const { ranges, emphasisMask } = this.resolved(query);
    const result = new Map<string, Float64Array>();
    for (const { term, weight, emphasis, postings } of ranges) {
      if (only !== undefined && !only.has(term)) continue;
      const { documents: postingDocuments, scores, fields } = postings;
      const row = new Float64Array(documents.length);
      for (let at = 0; at < postingDocuments.length; at += 1) {
        const slot = documents.indexOf(postingDocuments[at] ?? -1);
        if (slot < 0) continue;
        const factor = emphasis !== 1 && ((fields[at] ?? 0) & emphasisMask) !== 0 ? emphasis : 1;
        row[slot] = weight * factor * (scores[at] ?? 0);
      }
      result.set(term, row);
    }
    return result;
  }

  /** The index as bytes that `deserialize` and `open` read back (see serializeBlocks). */
  serialize(): Buffer {
    return this.table.serialize(this.size);
  }

  /** Reads `serialize()` output whole; undefined for anything damaged or of another format. */
  static deserialize(input: Buffer): Bm25Index | undefined {
    return Bm25Index.open(bufferSource(input));
  }

  /**
   * An index over serialised bytes that reads each block of terms when a query first needs it.
   * It owns `source` once opened: `close()` releases it. Undefined (source untouched) for bytes
   * of another format or a directory that does not fit them.
   */
  static open(source: ByteSource): Bm25Index | undefined {
    const opened = openBlocks(source);
    return opened === undefined ? undefined : new Bm25Index(opened.size, opened.table);
  }

  /** Releases the file an opened index reads from; a built one holds none. */
  close(): void {
    this.table.close();
  }
}
