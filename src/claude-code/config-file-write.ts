import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { HybridError } from '../errors.js';
import type { ErrorCode } from '../error-codes.js';
import { writeFileAtomic } from '../files/index.js';

/**
 * Writing the files Claude Code owns as well (settings, `.mcp.json`, `~/.claude.json`): in the
 * file's own format, never over a change it made while we edited, atomically, and with the
 * permission bits asked for.
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

export function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * `value` serialised like the file already was, so a diff shows only our change: same
 * indentation (tab or N spaces; 2 for a new file, as Claude Code writes), line endings,
 * byte-order mark and final newline (a new file gets one). A file with keys on one line
 * (compact JSON) stays on one line, so removing our change gives back its bytes.
 */
export function serializeLike(
  value: object,
  original: { readonly exists: boolean; readonly text: string },
): string {
  const sample = original.exists ? stripBom(original.text) : '';
  const indentMatch = /\n([ \t]+)\S/.exec(sample);
  const compact = original.exists && sample.includes(':') && !/\n/.test(sample.trimEnd());
  const indent = indentMatch?.[1]?.startsWith('\t') === true ? '\t' : (indentMatch?.[1] ?? '  ');
  let text = compact ? JSON.stringify(value) : JSON.stringify(value, null, indent);
  if (!original.exists || /\r?\n$/.test(sample)) text += '\n';
  if (sample.includes('\r\n')) text = text.replace(/\n/g, '\r\n');
  return original.text.startsWith('\uFEFF') ? `\uFEFF${text}` : text;
}
