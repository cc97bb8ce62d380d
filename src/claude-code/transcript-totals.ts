/**
 * Running totals of a Claude Code transcript (.jsonl), read incrementally: per path, the byte
 * offset read so far and the totals so far are kept, so a call after the file grew reads only
 * the new bytes. The status line asks on every prompt and tool call, and the dashboard's
 * Sessions view for every session, so neither may re-read a transcript of megabytes each time.
 *
 * Invariants:
 * - `offset` is always just after a newline (or 0): a partial last line (one still being
 *   written) is not consumed, and is read again whole next time.
 * - A file that shrank, was replaced (another inode) or whose first bytes changed is read again
 *   from the start: the totals are of the file as it is now.
 * - Usage is counted once per API message: Claude Code writes one streamed message as one line
 *   per content block, each repeating the message's id and usage, and the last line written for
 *   a message wins (as in session-report.ts). Those lines are adjacent, so only the most recent
 *   ids are remembered (RECENT_MESSAGE_IDS), which keeps the memory per path bounded.
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { windowOf } from '../daemon/context-meter.js';
import { bundledModelTable } from '../models/index.js';
import type { ModelTable } from '../models/index.js';
import { emptyTotals, messageCost, modelInfoFor } from './session-cost.js';
import { roundUsd } from '../models/index.js';
import type { TokenTotals } from './session-report-types.js';

/** The model Claude Code writes on messages it made up itself (API errors); never billed. */
const SYNTHETIC_MODEL = '<synthetic>';
/** Message ids remembered per path to fold repeated lines of one message (they are adjacent). */
const RECENT_MESSAGE_IDS = 64;
/** Open delegations remembered per path: a session rarely runs more than a few at once. */
const MAX_OPEN_DELEGATIONS = 32;
/** Bytes read per `read` call; a longer line is assembled from several. */
const CHUNK_BYTES = 1024 * 1024;
/** Bytes of the file's head compared on each call to notice a file rewritten in place. */
const HEAD_BYTES = 64;

export interface TranscriptTotals extends Readonly<TokenTotals> {
  /** The latest main-chain assistant message's model ('' before the first one). */
  readonly model: string;
  /** The latest main-chain assistant message's prompt: input + cache-write + cache-read tokens. */
  readonly contextTokens: number;
  /** The model's context window, from the model table (200,000 for a model it does not list). */
  readonly contextWindow: number;
  /** Models the table has no price for: their messages count 0 USD. */
  readonly unpricedModels: readonly string[];
  /**
   * The subagent type of the latest delegation (an `Agent`/`Task` call in the main chain) that
   * has no result yet, or undefined when none is running.
   */
  readonly activeSubagent: string | undefined;
  /** Bytes of the file counted so far (up to the last complete line). */
  readonly bytesRead: number;
  /**
   * False when this call stopped at `maxReadBytes` with complete lines still unread: the totals
   * are of the file's start, and the next calls go on from there.
   */
  readonly complete: boolean;
}

export interface TranscriptTotalsReaderOptions {
  /**
   * Transcripts whose state is kept; the least recently read is forgotten beyond this.
   * @default 256
   */
  readonly maxPaths?: number;
  /** @default the bundled model table */
  readonly modelTable?: ModelTable;
  /**
   * Bytes of complete lines one call reads at most (a longer single line is still read whole):
   * a server bounds the time one request spends on a transcript of many megabytes seen for the
   * first time, and catches up over the next calls.
   * @default no limit
   */
  readonly maxReadBytes?: number;
}

interface Counted {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheWriteTokens: number;
  readonly cacheReadTokens: number;
  readonly costUsd: number;
}

interface PathState {
  dev: number;
  ino: number;
  head: Buffer;
  offset: number;
  totals: TokenTotals;
  model: string;
  contextTokens: number;
  unpriced: Set<string>;
  /** Message id → what it added to the totals; insertion order is recency. */
  recent: Map<string, Counted>;
  /** tool_use id → subagent type, in the order the delegations started. */
  delegations: Map<string, string>;
}

/** Reads transcripts incrementally and keeps each one's totals (see the file comment). */
export class TranscriptTotalsReader {
  private readonly states = new Map<string, PathState>();
  private readonly maxPaths: number;
  private readonly table: ModelTable;
  private readonly maxReadBytes: number;

  constructor(options: TranscriptTotalsReaderOptions = {}) {
    this.maxPaths = Math.max(1, options.maxPaths ?? 256);
    this.table = options.modelTable ?? bundledModelTable();
    this.maxReadBytes = Math.max(1, options.maxReadBytes ?? Number.POSITIVE_INFINITY);
  }

  /** How many transcripts are remembered. */
  get size(): number {
    return this.states.size;
  }

  /**
   * The totals of the transcript at `path` as it is now, or undefined when it is missing, not a
   * regular `.jsonl` file (a FIFO or a device would block), or unreadable. Never throws.
   */
  read(path: string): TranscriptTotals | undefined {
    let fd: number;
    try {
      if (!path.endsWith('.jsonl') || !lstatSync(path).isFile()) {
        this.states.delete(path);
        return undefined;
      }
      fd = openSync(path, 'r');
    } catch {
      this.states.delete(path);
      return undefined;
    }
    try {
      const stat = fstatSync(fd);
      let state = this.states.get(path);
      if (state !== undefined) this.states.delete(path); // re-inserted below: most recent last
      if (state === undefined || !sameFile(fd, state, stat.dev, stat.ino, stat.size))
        state = freshState(stat.dev, stat.ino);
      if (state.head.length < HEAD_BYTES && stat.size > state.head.length)
        state.head = readHead(fd, Math.min(HEAD_BYTES, stat.size));
      const complete = this.consume(fd, state, stat.size);
      this.states.set(path, state);
      while (this.states.size > this.maxPaths) {
        const oldest = this.states.keys().next().value;
        if (oldest === undefined) break;
        this.states.delete(oldest);
      }
      return snapshot(state, complete);
    } catch {
      this.states.delete(path);
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Forgets one transcript's state (a finished session). */
  forget(path: string): void {
    this.states.delete(path);
  }

  /**
   * Reads from `state.offset` to `size`, counting every complete line; false when it stopped at
   * maxReadBytes before the end.
   */
  private consume(fd: number, state: PathState, size: number): boolean {
    let carry: Buffer | undefined;
    let position = state.offset;
    const stopAt = state.offset + this.maxReadBytes;
    while (position < size && state.offset < stopAt) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
      const got = readSync(fd, chunk, 0, chunk.length, position);
      if (got <= 0) break;
      position += got;
      const bytes =
        carry === undefined
          ? chunk.subarray(0, got)
          : Buffer.concat([carry, chunk.subarray(0, got)]);
      let start = 0;
      for (
        let newline = bytes.indexOf(10, start);
        newline !== -1;
        newline = bytes.indexOf(10, start)
      ) {
        this.line(state, bytes.toString('utf8', start, newline));
        start = newline + 1;
      }
      state.offset = position - (bytes.length - start);
      carry = start < bytes.length ? bytes.subarray(start) : undefined;
    }
    return position >= size;
  }

  private line(state: PathState, line: string): void {
    // Cheap tests first: most lines (tool results, attachments) are neither usage nor a result
    // for an open delegation, and need no JSON.parse.
    if (line.includes('"usage"') && line.includes('"assistant"')) {
      this.assistant(state, line);
      return;
    }
    if (state.delegations.size > 0 && line.includes('"tool_result"'))
      for (const id of state.delegations.keys())
        if (line.includes(id)) {
          const entry = parse(line);
          if (entry !== undefined && entry.type === 'user') closeDelegations(state, entry);
          return;
        }
  }

  private assistant(state: PathState, line: string): void {
    const entry = parse(line);
    if (entry === undefined || entry.type !== 'assistant') return;
    const message = objectOr(entry.message);
    const usage = objectOr(message?.usage);
    const model = typeof message?.model === 'string' ? message.model : '';
    if (message === undefined || usage === undefined) return;
    const sidechain = entry.isSidechain === true;
    if (!sidechain) {
      openDelegations(state, message.content);
      if (model !== SYNTHETIC_MODEL) {
        state.model = model;
        state.contextTokens =
          count(usage, 'input_tokens') +
          count(usage, 'cache_creation_input_tokens') +
          count(usage, 'cache_read_input_tokens');
      }
    }
    if (model === '' || model === SYNTHETIC_MODEL) return;
    const creation = objectOr(usage.cache_creation);
    const tokens = {
      inputTokens: count(usage, 'input_tokens'),
      outputTokens: count(usage, 'output_tokens'),
      cacheWriteTokens: count(usage, 'cache_creation_input_tokens'),
      cacheReadTokens: count(usage, 'cache_read_input_tokens'),
      cacheWrite1hTokens: creation === undefined ? 0 : count(creation, 'ephemeral_1h_input_tokens'),
    };
    const info = modelInfoFor(model, this.table);
    if (info === undefined) state.unpriced.add(model);
    const counted: Counted = {
      inputTokens: tokens.inputTokens,
      outputTokens: tokens.outputTokens,
      cacheWriteTokens: tokens.cacheWriteTokens,
      cacheReadTokens: tokens.cacheReadTokens,
      costUsd: info === undefined ? 0 : messageCost(tokens, info),
    };
    const id = typeof message.id === 'string' ? message.id : undefined;
    const before = id === undefined ? undefined : state.recent.get(id);
    if (before !== undefined) add(state.totals, before, -1);
    else state.totals.messages += 1;
    add(state.totals, counted, 1);
    if (id !== undefined) {
      state.recent.delete(id);
      state.recent.set(id, counted);
      if (state.recent.size > RECENT_MESSAGE_IDS) {
        const oldest = state.recent.keys().next().value;
        if (oldest !== undefined) state.recent.delete(oldest);
      }
    }
  }
}

type JsonObject = Record<string, unknown>;

function objectOr(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject) // a plain JSON object: each field is checked where it is read
    : undefined;
}

function parse(line: string): JsonObject | undefined {
  try {
    return objectOr(JSON.parse(line));
  } catch {
    return undefined; // a line that is not JSON counts for nothing, as in transcript.ts
  }
}

function count(object: JsonObject, key: string): number {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function add(totals: TokenTotals, counted: Counted, sign: 1 | -1): void {
  totals.inputTokens += sign * counted.inputTokens;
  totals.outputTokens += sign * counted.outputTokens;
  totals.cacheWriteTokens += sign * counted.cacheWriteTokens;
  totals.cacheReadTokens += sign * counted.cacheReadTokens;
  totals.costUsd = roundUsd(totals.costUsd + sign * counted.costUsd);
}

/** Agent (or older Task) calls in a main-chain assistant message start delegations. */
function openDelegations(state: PathState, content: unknown): void {
  if (!Array.isArray(content)) return;
  for (const block of content) {
    const item = objectOr(block);
    if (item?.type !== 'tool_use' || (item.name !== 'Agent' && item.name !== 'Task')) continue;
    if (typeof item.id !== 'string' || item.id === '') continue;
    const input = objectOr(item.input);
    const type = typeof input?.subagent_type === 'string' ? input.subagent_type : '';
    state.delegations.delete(item.id);
    state.delegations.set(item.id, type === '' ? 'general-purpose' : type);
    if (state.delegations.size > MAX_OPEN_DELEGATIONS) {
      const oldest = state.delegations.keys().next().value;
      if (oldest !== undefined) state.delegations.delete(oldest);
    }
  }
}

/** A user message's tool results end the delegations they answer. */
function closeDelegations(state: PathState, entry: JsonObject): void {
  const content = objectOr(entry.message)?.content;
  if (!Array.isArray(content)) return;
  for (const block of content) {
    const item = objectOr(block);
    if (item?.type === 'tool_result' && typeof item.tool_use_id === 'string')
      state.delegations.delete(item.tool_use_id);
  }
}

function freshState(dev: number, ino: number): PathState {
  return {
    dev,
    ino,
    head: Buffer.alloc(0),
    offset: 0,
    totals: emptyTotals(),
    model: '',
    contextTokens: 0,
    unpriced: new Set(),
    recent: new Map(),
    delegations: new Map(),
  };
}

function readHead(fd: number, length: number): Buffer {
  const head = Buffer.alloc(length);
  const got = readSync(fd, head, 0, length, 0);
  return head.subarray(0, got);
}

/** The same file, only grown: same inode, not shorter, and the same first bytes. */
function sameFile(fd: number, state: PathState, dev: number, ino: number, size: number): boolean {
  if (state.dev !== dev || state.ino !== ino || size < state.offset) return false;
  if (state.head.length === 0) return true;
  return readHead(fd, state.head.length).equals(state.head);
}

function snapshot(state: PathState, complete: boolean): TranscriptTotals {
  let activeSubagent: string | undefined;
  for (const type of state.delegations.values()) activeSubagent = type; // the latest started
  return {
    ...state.totals,
    model: state.model,
    contextTokens: state.contextTokens,
    contextWindow: windowOf(state.model),
    unpricedModels: [...state.unpriced],
    activeSubagent,
    bytesRead: state.offset,
    complete,
  };
}
