import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Where the reading of one growing file stands. */
export interface TailState {
  /** Bytes consumed: every whole line before this offset has been read. */
  offset: number;
  /** Inside a line too long to keep: its rest is discarded up to the next newline. */
  skipping: boolean;
}

export interface TailLimits {
  /** Longest line kept; a longer one is skipped. */
  readonly maxLineBytes: number;
  /** Most bytes read in one call; the rest waits for the next call. Above maxLineBytes. */
  readonly maxReadBytes: number;
}

export interface TailRead {
  /** The whole lines added since the last read, in order. */
  readonly lines: string[];
  /** Lines skipped for their length. */
  readonly skipped: number;
  /** True when the file holds more than this call read (maxReadBytes). */
  readonly more: boolean;
}

export function newTailState(): TailState {
  return { offset: 0, skipping: false };
}

const NEWLINE = 0x0a;

/**
 * Reads the whole lines appended to `path` since `state` (which it advances). A line still
 * being written (no newline yet) is left for the next call, unless it is already longer than
 * maxLineBytes: then it is skipped up to its newline. A file shorter than the offset was
 * replaced: it is read again from the start. A missing or unreadable file reads as nothing.
 */
export function readNewLines(path: string, state: TailState, limits: TailLimits): TailRead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { lines: [], skipped: 0, more: false };
  }
  try {
    const size = fstatSync(fd).size;
    if (size < state.offset) Object.assign(state, newTailState());
    const length = Math.min(size - state.offset, limits.maxReadBytes);
    if (length <= 0) return { lines: [], skipped: 0, more: false };
    const buffer = Buffer.allocUnsafe(length);
    const read = readSync(fd, buffer, 0, length, state.offset);
    const lines: string[] = [];
    let skipped = 0;
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, 0); end !== -1 && end < read;) {
      if (state.skipping) state.skipping = false;
      else if (end - start > limits.maxLineBytes) skipped += 1;
      else lines.push(buffer.toString('utf8', start, end));
      start = end + 1;
      end = buffer.indexOf(NEWLINE, start);
    }
    // What follows the last newline: a line still being written, or the head of a long one.
    if (read - start > limits.maxLineBytes || (state.skipping && read > start)) {
      if (!state.skipping) skipped += 1;
      state.skipping = true;
      start = read;
    }
    state.offset += start;
    return { lines, skipped, more: length === limits.maxReadBytes && state.offset < size };
  } catch {
    return { lines: [], skipped: 0, more: false };
  } finally {
    closeSync(fd);
  }
}
