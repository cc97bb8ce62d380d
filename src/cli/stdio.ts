import { fstatSync, readFileSync, statSync, writeSync } from 'node:fs';
import type { isatty as IsAtty } from 'node:tty';
import { lazyRequire } from '../files/lazy-require.js';

/** The part of a writable stream the CLI uses. */
export interface OutputTarget {
  write(chunk: string): unknown;
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

/**
 * Writes straight to a file descriptor. Creating `process.stdout` costs about 2 ms of a short
 * command's run, so output goes out with synchronous writes instead; that also means nothing
 * is lost when the process exits right after. If the descriptor is non-blocking and full
 * (EAGAIN), the rest, and everything after it, goes through the stream so order is kept.
 * A closed pipe (`claude-hybrid agents list | head`) ends the process quietly.
 */
export function fdOutput(fd: 1 | 2, stream: () => NodeJS.WriteStream): OutputTarget {
  let fallback: NodeJS.WriteStream | undefined;
  let tty: boolean | undefined;
  const isTTY = (): boolean => (tty ??= isTerminal(fd));
  /** EPIPE ends quietly; EAGAIN hands `rest` (and all later output) to the stream. */
  const handleWriteError = (error: unknown, rest: string | Uint8Array): boolean => {
    const code = (error as NodeJS.ErrnoException).code; // fs errors carry an errno code
    if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (code !== 'EAGAIN') throw error;
    fallback = stream();
    return fallback.write(rest);
  };
  return {
    get isTTY(): boolean {
      return isTTY();
    },
    get columns(): number | undefined {
      return isTTY() ? stream().columns : undefined;
    },
    write(chunk: string): boolean {
      if (fallback !== undefined) return fallback.write(chunk);
      // Common case: one write takes the whole string, with no Buffer copy.
      let written: number;
      try {
        written = writeSync(fd, chunk);
      } catch (error) {
        return handleWriteError(error, chunk);
      }
      if (written === Buffer.byteLength(chunk, 'utf8')) return true;
      const bytes = Buffer.from(chunk, 'utf8');
      let offset = written;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset, bytes.length - offset);
        } catch (error) {
          return handleWriteError(error, bytes.subarray(offset));
        }
      }
      return true;
    },
  };
}

/**
 * `tty.isatty`, without loading `node:tty` (which pulls in the whole net and stream stack, a few
 * milliseconds) when the descriptor is a pipe or a file, as it is whenever output is captured.
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    // `> /dev/null` is a character device too, and the commonest one: no terminal, no node:tty.
    if (stat.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  const tty = lazyRequire('node:tty') as { isatty: typeof IsAtty }; // the builtin's own type
  return tty.isatty(fd);
}

/** Reading a task from standard input stops here; a task past this is not a task. */
const MAX_STDIN_BYTES = 64 * 1024 * 1024;

/** The task the positionals spell: joined words, or standard input for a lone `-`. */
export function readTask(positionals: readonly string[]): string {
  if (positionals.length !== 1 || positionals[0] !== '-') return positionals.join(' ');
  return readFileSync(0).subarray(0, MAX_STDIN_BYTES).toString('utf8');
}
