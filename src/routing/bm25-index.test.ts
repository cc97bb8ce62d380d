import { describe, expect, it } from 'vitest';
import { fstatSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { Bm25Index, queryOf } from './bm25-index.js';
import { bufferSource, fileSource } from './posting-blocks.js';
import type { ByteSource } from './posting-blocks.js';
import type { FieldTerms } from './bm25-index.js';
import { terms } from './text.js';

function document(name: string, description: string): FieldTerms {
  return {
    name: terms(name),
    keywords: [],
    description: terms(description),
    examples: [],
    headings: [],
    body: [],
  };
}

const documents = [
  document('tester', 'writes unit tests and raises coverage'),
  document('deployer', 'ships releases through the ci pipeline'),
  document('translator', 'übersetzt texte ins deutsche, naïve café résumé'),
];

describe('Bm25Index', () => {
  const built = Bm25Index.build(documents);

  it('ranks by the query terms, weighting each', () => {
    expect(built.search(queryOf(terms('raise test coverage')), 2)[0]?.document).toBe(0);
    const weighted = new Map([
      ['test', 0.1],
      ['pipeline', 1],
    ]);
    expect(built.search(weighted, 1)[0]?.document).toBe(1);
    expect(built.matches(queryOf(terms('unit tests in ci')), 0)).toEqual([
      { term: 'unit', fields: ['description'] },
      { term: 'test', fields: ['name', 'description'] }, // "tester" stems to "test"
    ]);
  });

  it('scores and explains a resolved query like the query itself', () => {
    const query = new Map([
      ['unit', 1],
      ['test', 1],
      ['zzz', 1],
      ['unit test', 0.3],
      ['zzz test', 0.3],
    ]);
    const resolved = built.resolve(query);
    expect(resolved.ranges.map((range) => range.term)).toEqual(['unit', 'test']);
    expect(built.search(resolved, 3)).toEqual(built.search(query, 3));
    expect(built.matches(resolved, 0)).toEqual(built.matches(query, 0));
  });

  it('multiplies an emphasised term where a document has it in the emphasised field', () => {
    const query = queryOf(terms('ci coverage'));
    const plain = built.search(query, 3);
    const emphasised = built.search(
      built.resolve(query, { field: 'description', terms: new Set(['ci']), factor: 2 }),
      3,
    );
    const score = (hits: readonly { document: number; score: number }[], at: number): number =>
      hits.find((hit) => hit.document === at)?.score ?? 0;
    const ci = score(built.search(queryOf(['ci']), 3), 1);
    expect(score(emphasised, 1)).toBeCloseTo(score(plain, 1) + ci, 6); // "ci" in its description
    expect(score(emphasised, 0)).toBeCloseTo(score(plain, 0), 6); // no "ci" there
  });

  it('counts identical copies once in document frequencies', () => {
    const copies = [
      document('reviewer', 'reviews diffs'),
      document('reviewer', 'reviews diffs'),
      document('writer', 'writes guides'),
    ];
    const score = (index: Bm25Index, text: string, at: number): number =>
      index.search(queryOf(terms(text)), 3).find((hit) => hit.document === at)?.score ?? 0;
    const plain = Bm25Index.build(copies);
    expect(score(plain, 'diffs', 0)).toBeLessThan(score(plain, 'guides', 2));
    const grouped = Bm25Index.build(copies, {}, [0, 0, 2]);
    expect(score(grouped, 'diffs', 0)).toBeCloseTo(score(grouped, 'guides', 2), 6);
    expect(score(grouped, 'diffs', 1)).toBeCloseTo(score(grouped, 'diffs', 0), 6);
  });

  it('scores as if each group of copies were one document', () => {
    const long = document('auditor', 'audits code configuration dependencies secrets and access');
    const short = document('writer', 'writes guides');
    const once = Bm25Index.build([long, short]);
    const twice = Bm25Index.build([long, long, short], {}, [0, 0, 2]);
    for (const text of ['audit secrets', 'write guides', 'guides for code']) {
      expect(twice.search(queryOf(terms(text)), 3).map((hit) => hit.score)).toEqual(
        once
          .search(queryOf(terms(text)), 3)
          .flatMap((hit) => (hit.document === 0 ? [hit.score, hit.score] : [hit.score])),
      );
    }
  });

  it('reads back what it wrote, aligned or not, non-ASCII terms included', () => {
    const bytes = built.serialize();
    const unaligned = Buffer.alloc(bytes.length + 1).subarray(1);
    bytes.copy(unaligned);
    for (const buffer of [bytes, unaligned]) {
      const loaded = Bm25Index.deserialize(buffer);
      expect(loaded).toBeDefined();
      for (const query of ['raise test coverage', 'café résumé', 'ci pipeline', 'zzz']) {
        expect(loaded?.search(queryOf(terms(query)), 3)).toEqual(
          built.search(queryOf(terms(query)), 3),
        );
      }
    }
  });

  it('refuses damaged or foreign bytes', () => {
    const bytes = built.serialize();
    expect(Bm25Index.deserialize(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(Bm25Index.deserialize(Buffer.from('not an index at all, no'))).toBeUndefined();
    const other = Buffer.from(bytes);
    other.writeUInt32LE(3, 4); // an older format
    expect(Bm25Index.deserialize(other)).toBeUndefined();
  });

  describe('opened from its bytes', () => {
    // 300 documents of 3 words each out of 900: about 30 blocks of terms.
    const vocabulary = Array.from({ length: 900 }, (_, index) => `w${index.toString(36)}`);
    const many = Array.from({ length: 300 }, (_, index) =>
      document(
        `agent ${vocabulary[index] ?? ''}`,
        [0, 1, 2].map((step) => vocabulary[(index * 7 + step * 311) % 900] ?? '').join(' '),
      ),
    );
    const large = Bm25Index.build(many);
    const bytes = large.serialize();
    /** A source over `bytes` that records what is read. */
    const recorded = (): { source: ByteSource; reads: number[] } => {
      const inner = bufferSource(bytes);
      const reads: number[] = [];
      return {
        reads,
        source: {
          length: inner.length,
          read: (offset, length) => {
            reads.push(length);
            return inner.read(offset, length);
          },
          close: () => {
            inner.close();
          },
        },
      };
    };

    it('scores every term as the built index does', () => {
      const opened = Bm25Index.open(recorded().source);
      for (const term of [...vocabulary, 'agent', 'missing', '']) {
        expect(opened?.search(queryOf([term]), 5), term).toEqual(large.search(queryOf([term]), 5));
      }
    });

    it('reads the directory and then only the blocks a query falls in', () => {
      const { source, reads } = recorded();
      const opened = Bm25Index.open(source);
      const directory = reads.reduce((sum, length) => sum + length, 0);
      expect(directory).toBeLessThan(bytes.length / 4);
      expect(opened?.search(queryOf(['w1', 'w2']), 3)).toHaveLength(3);
      const read = reads.reduce((sum, length) => sum + length, 0);
      expect(read).toBeLessThan(bytes.length / 4);
      expect(reads.length).toBeLessThanOrEqual(4); // header, directory, at most two blocks
      opened?.search(queryOf(['w1', 'w2']), 3);
      expect(reads.reduce((sum, length) => sum + length, 0)).toBe(read); // blocks are kept
    });

    it('loses the terms of a damaged block, not the others, and does not throw', () => {
      const damaged = Buffer.from(bytes);
      // The header's block count and first-term bytes locate the last block's term count.
      const blocks = damaged.readUInt32LE(16);
      const firstText = damaged.readUInt32LE(20);
      const blocksStart = 24 + (blocks + 1) * 8 + firstText + ((4 - (firstText % 4)) % 4);
      const lastBlock =
        blocksStart + damaged.readUInt32LE(24 + (blocks + 1) * 4 + (blocks - 1) * 4);
      damaged.writeUInt32LE(0xffff_ffff, lastBlock);
      const opened = Bm25Index.deserialize(damaged);
      expect(opened).toBeDefined();
      const last = [...vocabulary].sort().at(-1) ?? '';
      expect(large.search(queryOf([last]), 3)).not.toEqual([]);
      expect(opened?.search(queryOf([last]), 3)).toEqual([]);
      expect(opened?.search(queryOf(['agent']), 3)).toEqual(large.search(queryOf(['agent']), 3));
    });

    it('reads a file block by block, and closes it', () => {
      const { dir, cleanup } = makeTempDir();
      try {
        const file = join(dir, 'index');
        writeFileSync(file, bytes);
        const fd = openSync(file, 'r');
        const opened = Bm25Index.open(fileSource(fd, 0, bytes.length));
        expect(opened?.search(queryOf(['w1']), 3)).toEqual(large.search(queryOf(['w1']), 3));
        opened?.close();
        expect(() => fstatSync(fd)).toThrow(); // the descriptor is closed
        expect(() => opened?.search(queryOf(['w2', 'zz']), 3)).toThrow(/after it was closed/);
      } finally {
        cleanup();
      }
    });
  });
});
