import { mkdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Folder creation one level at a time, with no error classes (the CLI's entry uses it for the
 * code cache, and must stay small): private-files.ts builds the named errors on top.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Makes the error a failure is reported with: `message` names the path and the errno code. */
export type DirFailure = (message: string, cause?: unknown) => Error;

export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown'; // fs errors carry an errno code
}

/** The stats of `path`; undefined when nothing is there (or a level above is a file). */
export function statOrUndefined(path: string, fail: DirFailure): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if (errnoCode(error) === 'ENOTDIR') return undefined; // the walk up finds the file
    throw fail(`cannot examine ${path} (${errnoCode(error)})`, error);
  }
}

/**
 * Creates every missing level of `dir` with mode 0700, deepest last. Not `mkdir -p`: under
 * procfs a recursive mkdir can answer "done" forever without a folder appearing, so each level
 * must be seen to exist before the next. Throws `fail(...)` when a level is a file, cannot be
 * created, or does not appear.
 */
export function makeDirLevels(dir: string, fail: DirFailure): void {
  const target = resolve(dir);
  // The missing levels, deepest last; the walk up ends at the root, so it always terminates.
  const missing: string[] = [];
  let current = target;
  for (;;) {
    const stats = statOrUndefined(current, fail);
    if (stats !== undefined) {
      if (!stats.isDirectory()) throw fail(`cannot use ${current}: it is a file, not a directory`);
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    try {
      mkdirSync(level, { mode: PRIVATE_DIR_MODE });
    } catch (error) {
      // Another process made it between our stat and our mkdir: fine when it is a folder.
      if (errnoCode(error) !== 'EEXIST' || statOrUndefined(level, fail)?.isDirectory() !== true)
        throw fail(`cannot create ${level} (${errnoCode(error)})`, error);
    }
    // procfs and friends can answer "done" without a folder appearing: that is no progress.
    if (statOrUndefined(level, fail)?.isDirectory() !== true)
      throw fail(`cannot create ${level} (no folder appeared)`);
  }
}
