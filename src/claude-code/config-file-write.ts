import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { HybridError } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';
import { writeFileAtomic } from '../files/index.js';

/**
 * Writing the files Claude Code owns as well (settings, `.mcp.json`, `~/.claude.json`): never
 * over a change it made while we edited, atomically, and with the permission bits asked for.
 */

/** Throws `code` when `file` no longer holds `expected` (undefined: it did not exist). */
export function assertUnchanged(file: string, expected: string | undefined, code: ErrorCode): void {
  const now = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (now !== expected)
    throw new HybridError(code, `${file} changed while we edited it`, {
      hint: 'run the command again',
    });
}

/** Replaces `file` with `text` and gives it exactly `mode`, whatever the umask. */
export function writeWithMode(file: string, text: string, mode: number): void {
  try {
    writeFileAtomic(file, text, mode);
    chmodSync(file, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown'; // fs errors carry an errno code
    throw new HybridError('fs.not_writable', `cannot write ${file} (${code})`, {
      hint: 'check the directory permissions',
      cause: error,
      exitCode: 2,
    });
  }
}
