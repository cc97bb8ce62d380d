import { readFileSync, statSync } from 'node:fs';

/** Agent files larger than this are rejected unread: no real definition comes close. */
export const MAX_AGENT_FILE_BYTES = 1024 * 1024;

export type ReadOutcome =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly mtimeMs: number;
      readonly size: number;
    }
  | {
      readonly kind: 'error';
      readonly error: string;
      readonly mtimeMs: number;
      readonly size: number;
    };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Stats a path (following symlinks) for the registry cache. Returns an error string for
 * symlink loops, broken links and unreadable entries, so a listing never crashes on them.
 */
export function statAgentFile(
  file: string,
):
  | { readonly mtimeMs: number; readonly size: number; readonly isFile: boolean }
  | { readonly error: string } {
  try {
    const stats = statSync(file);
    return { mtimeMs: stats.mtimeMs, size: stats.size, isFile: stats.isFile() };
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

/** Reads an agent file as UTF-8 text, refusing oversized and binary files with a reason. */
export function readAgentFile(file: string, mtimeMs: number, size: number): ReadOutcome {
  if (size > MAX_AGENT_FILE_BYTES) {
    return {
      kind: 'error',
      error: `file is ${size} bytes; agent files are limited to 1 MiB`,
      mtimeMs,
      size,
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { kind: 'error', error: describeFsError(error), mtimeMs, size };
  }
  if (bytes.includes(0)) {
    return {
      kind: 'error',
      error: 'binary file: contains NUL bytes, expected UTF-8 markdown',
      mtimeMs,
      size,
    };
  }
  try {
    return { kind: 'text', text: utf8.decode(bytes), mtimeMs, size };
  } catch {
    return {
      kind: 'error',
      error: 'binary file: not valid UTF-8, expected markdown text',
      mtimeMs,
      size,
    };
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code; // fs errors carry an errno code
  switch (code) {
    case 'ELOOP':
      return 'symlink loop: the link resolves back to itself';
    case 'ENOENT':
      return 'not found (a broken symlink, or the file was removed)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'path too long';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
