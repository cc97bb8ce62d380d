/**
 * Where a BM25 index keeps its terms and postings, and their serialised form.
 *
 * The sorted terms are cut into blocks of BLOCK_TERMS consecutive terms, each stored with the
 * postings of its terms, behind a small directory of each block's first term and position. A
 * route looks up some twenty terms, so an index loaded from the cache reads the directory and
 * then only the blocks those terms fall in: tens of kilobytes instead of the whole file (1.2 MB
 * for the 360 agents of the two public corpora), which was most of a cold `route`'s I/O. Built
 * in memory, an index is one block holding every term.
 */
import { closeSync, readSync } from 'node:fs';
import { TermDictionary } from './term-dictionary.js';

/** The postings of one term: parallel arrays, one entry per document holding the term. */
export interface Postings {
  readonly documents: Uint32Array;
  /** Each posting's finished contribution (see Bm25Index.build). */
  readonly scores: Float32Array;
  /** Bit i set when the term occurs in ROUTING_FIELDS[i]. */
  readonly fields: Uint8Array;
}

/** Terms, sorted by their bytes, with the postings of term i at offsets[i] .. offsets[i + 1]. */
export class PostingBlock {
  constructor(
    readonly terms: TermDictionary,
    readonly offsets: Uint32Array,
    readonly documents: Uint32Array,
    readonly scores: Float32Array,
    readonly fields: Uint8Array,
  ) {}

  /** The postings of `term`, or undefined when the block lacks it. */
  lookup(term: string): Postings | undefined {
    const position = this.terms.find(term);
    if (position < 0) return undefined;
    const start = this.offsets[position] ?? 0;
    const end = this.offsets[position + 1] ?? 0;
    return {
      documents: this.documents.subarray(start, end),
      scores: this.scores.subarray(start, end),
      fields: this.fields.subarray(start, end),
    };
  }

  /** Terms first .. end of this block as a block of their own (views, no copy). */
  slice(first: number, end: number): PostingBlock {
    const { starts, text } = this.terms;
    const textStart = starts[first] ?? 0;
    const postingStart = this.offsets[first] ?? 0;
    const postingEnd = this.offsets[end] ?? 0;
    const terms = TermDictionary.view(
      text.subarray(textStart, starts[end] ?? 0),
      starts.slice(first, end + 1).map((start) => start - textStart),
    );
    if (terms === undefined) throw new Error('a slice of a valid block is valid');
    return new PostingBlock(
      terms,
      this.offsets.slice(first, end + 1).map((offset) => offset - postingStart),
      this.documents.subarray(postingStart, postingEnd),
      this.scores.subarray(postingStart, postingEnd),
      this.fields.subarray(postingStart, postingEnd),
    );
  }
}

/** Bytes of a serialised index, read at any offset: a Buffer held whole, or an open file. */
export interface ByteSource {
  readonly length: number;
  /** Exactly `length` bytes at `offset`, in memory of their own (4-byte aligned). */
  read(offset: number, length: number): Buffer | undefined;
  close(): void;
}

/** A source over bytes already in memory. */
export function bufferSource(bytes: Buffer): ByteSource {
  return {
    length: bytes.length,
    read: (offset, length) =>
      offset + length > bytes.length ? undefined : aligned(bytes.subarray(offset, offset + length)),
    close: () => undefined,
  };
}

/**
 * A source over bytes `start` .. `start + length` of an open file, which it owns: `close()`
 * closes it, after which a read is a programming error and throws. `prefix` holds the first
 * bytes of that range when the caller has read them already; reads within it need no call.
 */
export function fileSource(
  fd: number,
  start: number,
  length: number,
  prefix: Buffer = Buffer.alloc(0),
): ByteSource {
  let open = true;
  return {
    length,
    read(offset, count) {
      if (!open) throw new Error('a route index was read after it was closed');
      if (offset + count > length) return undefined;
      if (offset + count <= prefix.length) return aligned(prefix.subarray(offset, offset + count));
      const bytes = Buffer.allocUnsafeSlow(count); // its own memory: aligned for typed views
      try {
        return readSync(fd, bytes, 0, count, start + offset) === count ? bytes : undefined;
      } catch {
        return undefined;
      }
    },
    close() {
      if (!open) return;
      open = false;
      try {
        closeSync(fd);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
}

/** Where the terms of an index are looked up: one block in memory, or blocks read on demand. */
export interface PostingTable {
  lookup(term: string): Postings | undefined;
  /** The index in its serialised form (see serializeBlocks). */
  serialize(size: number): Buffer;
  /** Releases the file behind the table, if any. */
  close(): void;
}

/** Every term in one block: what `Bm25Index.build` makes. */
export class MemoryTable implements PostingTable {
  constructor(private readonly block: PostingBlock) {}

  lookup(term: string): Postings | undefined {
    return this.block.lookup(term);
  }

  serialize(size: number): Buffer {
    return serializeBlocks(size, this.block);
  }

  close(): void {}
}

const MAGIC = 0x42_4d_32_35; // "BM25"
/** Bump when the layout or what a posting's score means changes: older caches are rebuilt. */
export const INDEX_FORMAT = 4;
/** magic, format, documents, terms, blocks, bytes of the first terms' text. */
const HEADER_BYTES = 24;
/** Three counts: terms, text bytes, postings. */
const BLOCK_HEADER_BYTES = 12;
/**
 * Terms per block. Smaller blocks read fewer bytes per lookup but make the directory, read
 * whole, larger; at 32 the directory of the corpora's 15,000 terms is 9 KB and a block about 3 KB.
 */
const BLOCK_TERMS = 32;

/**
 * The header; the directory (each block's first term as a dictionary, and the blocks' byte
 * offsets from the start of the first); then the blocks, each 4-byte aligned: its three counts,
 * term starts, posting offsets, documents, scores, term bytes, fields.
 */
export function serializeBlocks(size: number, whole: PostingBlock): Buffer {
  const termCount = whole.terms.count;
  const blocks: Buffer[] = [];
  const firsts: Buffer[] = [];
  for (let first = 0; first < termCount; first += BLOCK_TERMS) {
    const block = whole.slice(first, Math.min(termCount, first + BLOCK_TERMS));
    firsts.push(block.terms.text.subarray(0, block.terms.starts[1] ?? 0));
    blocks.push(blockBytes(block));
  }
  const firstStarts = new Uint32Array(blocks.length + 1);
  const blockOffsets = new Uint32Array(blocks.length + 1);
  for (let index = 0; index < blocks.length; index += 1) {
    firstStarts[index + 1] = (firstStarts[index] ?? 0) + (firsts[index]?.length ?? 0);
    blockOffsets[index + 1] = (blockOffsets[index] ?? 0) + (blocks[index]?.length ?? 0);
  }
  const firstText = Buffer.concat(firsts);
  const header = Buffer.alloc(HEADER_BYTES);
  [MAGIC, INDEX_FORMAT, size, termCount, blocks.length, firstText.length].forEach((value, at) =>
    header.writeUInt32LE(value, at * 4),
  );
  return Buffer.concat([
    header,
    bytesOf(firstStarts),
    bytesOf(blockOffsets),
    firstText,
    Buffer.alloc(padding(firstText.length)),
    ...blocks,
  ]);
}

function blockBytes(block: PostingBlock): Buffer {
  const { terms, offsets, documents, scores, fields } = block;
  const counts = Buffer.alloc(BLOCK_HEADER_BYTES);
  counts.writeUInt32LE(terms.count, 0);
  counts.writeUInt32LE(terms.text.length, 4);
  counts.writeUInt32LE(documents.length, 8);
  const tail = terms.text.length + fields.length;
  return Buffer.concat([
    counts,
    bytesOf(terms.starts),
    bytesOf(offsets),
    bytesOf(documents),
    bytesOf(scores),
    terms.text,
    fields,
    Buffer.alloc(padding(tail)),
  ]);
}

/** A block read back; undefined when its bytes do not add up. */
function parseBlock(bytes: Buffer): PostingBlock | undefined {
  if (bytes.length < BLOCK_HEADER_BYTES) return undefined;
  const count = bytes.readUInt32LE(0);
  const textLength = bytes.readUInt32LE(4);
  const postings = bytes.readUInt32LE(8);
  const words = (count + 1) * 2 + postings * 2;
  const expected = BLOCK_HEADER_BYTES + words * 4 + textLength + postings;
  if (expected + padding(textLength + postings) !== bytes.length) return undefined;
  let at = bytes.byteOffset + BLOCK_HEADER_BYTES;
  const take = <T>(make: (at: number) => T, bytesTaken: number): T => {
    const view = make(at);
    at += bytesTaken;
    return view;
  };
  const starts = take((from) => new Uint32Array(bytes.buffer, from, count + 1), (count + 1) * 4);
  const offsets = take((from) => new Uint32Array(bytes.buffer, from, count + 1), (count + 1) * 4);
  const documents = take((from) => new Uint32Array(bytes.buffer, from, postings), postings * 4);
  const scores = take((from) => new Float32Array(bytes.buffer, from, postings), postings * 4);
  const text = take((from) => Buffer.from(bytes.buffer, from, textLength), textLength);
  const fields = new Uint8Array(bytes.buffer, at, postings);
  if ((offsets[count] ?? 0) !== postings || !ascending(offsets)) return undefined;
  const terms = TermDictionary.view(text, starts);
  return terms === undefined || !ascending(starts)
    ? undefined
    : new PostingBlock(terms, offsets, documents, scores, fields);
}

/**
 * An index's table over `source`: reads the header and the directory now, a block when a term
 * first falls in it. Returns undefined (and closes nothing) for bytes of another format or a
 * directory that does not fit the source.
 */
export function openBlocks(source: ByteSource): { size: number; table: PostingTable } | undefined {
  const header = source.read(0, HEADER_BYTES);
  if (
    header === undefined ||
    header.readUInt32LE(0) !== MAGIC ||
    header.readUInt32LE(4) !== INDEX_FORMAT
  )
    return undefined;
  const size = header.readUInt32LE(8);
  const termCount = header.readUInt32LE(12);
  const blockCount = header.readUInt32LE(16);
  const firstTextLength = header.readUInt32LE(20);
  if (blockCount !== Math.ceil(termCount / BLOCK_TERMS)) return undefined;
  const directoryBytes = (blockCount + 1) * 8 + firstTextLength + padding(firstTextLength);
  if (HEADER_BYTES + directoryBytes > source.length) return undefined;
  const directory = source.read(HEADER_BYTES, directoryBytes);
  if (directory === undefined) return undefined;
  const firstStarts = new Uint32Array(directory.buffer, directory.byteOffset, blockCount + 1);
  const blockOffsets = new Uint32Array(
    directory.buffer,
    directory.byteOffset + (blockCount + 1) * 4,
    blockCount + 1,
  );
  const blocksStart = HEADER_BYTES + directoryBytes;
  const firsts = TermDictionary.view(
    directory.subarray((blockCount + 1) * 8, (blockCount + 1) * 8 + firstTextLength),
    firstStarts,
  );
  if (
    firsts === undefined ||
    !ascending(firstStarts) ||
    !ascending(blockOffsets) ||
    blocksStart + (blockOffsets[blockCount] ?? 0) !== source.length
  )
    return undefined;
  return { size, table: new BlockTable(source, firsts, blockOffsets, blocksStart) };
}

/** Blocks read from `source` the first time a term falls in them. */
class BlockTable implements PostingTable {
  /** null: read and found damaged; undefined: not read yet. */
  private readonly blocks: (PostingBlock | null | undefined)[] = [];

  constructor(
    private readonly source: ByteSource,
    private readonly firsts: TermDictionary,
    private readonly blockOffsets: Uint32Array,
    private readonly blocksStart: number,
  ) {}

  lookup(term: string): Postings | undefined {
    const index = this.firsts.floor(term);
    if (index < 0) return undefined;
    let block = this.blocks[index];
    if (block === undefined) {
      const start = this.blockOffsets[index] ?? 0;
      const bytes = this.source.read(
        this.blocksStart + start,
        (this.blockOffsets[index + 1] ?? 0) - start,
      );
      // A damaged block (the file was changed under us) loses its terms, not the route.
      block = (bytes === undefined ? undefined : parseBlock(bytes)) ?? null;
      this.blocks[index] = block;
    }
    return block?.lookup(term);
  }

  serialize(): Buffer {
    const bytes = this.source.read(0, this.source.length);
    if (bytes === undefined) throw new Error('the index file could not be read back');
    return bytes;
  }

  close(): void {
    this.source.close();
  }
}

function ascending(values: Uint32Array): boolean {
  for (let at = 1; at < values.length; at += 1)
    if ((values[at] ?? 0) < (values[at - 1] ?? 0)) return false;
  return true;
}

function bytesOf(array: Uint32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** A copy at offset 0 of its own memory when `bytes` is not 4-byte aligned. */
function aligned(bytes: Buffer): Buffer {
  if (bytes.byteOffset % 4 === 0) return bytes;
  const copy = Buffer.alloc(bytes.length); // Buffer.alloc never hands out a pooled slice
  bytes.copy(copy);
  return copy;
}

/** Bytes that pad `length` to a multiple of 4, so typed-array views that follow are aligned. */
export function padding(length: number): number {
  return (4 - (length % 4)) % 4;
}
