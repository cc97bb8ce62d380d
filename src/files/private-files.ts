import { chmodSync, closeSync, lstatSync, openSync, readdirSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { HybridError } from '../errors.js';
import {
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  errnoCode,
  makeDirLevels,
  statOrUndefined as statIfThere,
} from './dir-levels.js';

export { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE };

/**
 * Files that hold user data (prompts, tool output, model answers, memories, tokens) are readable
 * by their owner only: our folders are 0700 and our data files 0600, whatever the umask. The
 * folders are the real fence (nothing inside a 0700 folder is reachable by others); the file
 * modes are a second one, for a folder someone loosens later.
 *
 * Invariants:
 * - We create folders one level at a time and stop when a level makes no progress. Node's
 *   recursive mkdir retries forever where mkdir answers ENOENT for a parent that exists (procfs),
 *   which spun a CPU at 100% for a home under /proc.
 * - We only ever chmod what we own and may call ours: a folder we created, a folder named
 *   `.claude-hybrid`, or the configured home. Never `/`, `$HOME`, a sticky folder (such as /tmp)
 *   or anything owned by another user.
 * - Cheap on the hot path: a folder that exists costs one stat (nothing is remembered between
 *   calls, so a long-lived daemon notices a folder removed under it).
 */
/** Bits that let anyone but the owner in. */
const GROUP_OTHER = 0o077;
/** The name of our folders, in the home and in each project. */
const OUR_FOLDER = '.claude-hybrid';
const DEFAULT_HINT = 'use a directory you can write to, or fix its permissions';
/** How deep the one-time tightening of an old install goes (cache/v8/…, memories/…). */
const SWEEP_DEPTH = 4;

/**
 * The error for a folder or file we cannot create or write; always the user's to fix (exit 2).
 * `message` names the path, e.g. `cannot create /x/y (EACCES)`.
 */
export function notWritableError(
  message: string,
  cause?: unknown,
  hint: string = DEFAULT_HINT,
): HybridError {
  return new HybridError('fs.not_writable', message, {
    hint,
    exitCode: 2,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The stats of `path`; undefined when nothing is there (or a level above is a file). */
function statOrUndefined(path: string): Stats | undefined {
  return statIfThere(path, (message, cause) => notWritableError(message, cause));
}

export interface PrivateDirOptions {
  /**
   * Also tighten the folder when it already exists with looser modes (an install made before
   * 0700), and, the first time, the data files inside it. Only for a folder that is ours: the
   * home or a `.claude-hybrid` folder.
   * @default false
   */
  readonly tighten?: boolean;
  /**
   * The hint of the `fs.not_writable` error, e.g. what to point `CLAUDE_HYBRID_HOME` at.
   * @default 'use a directory you can write to, or fix its permissions'
   */
  readonly hint?: string;
}

/**
 * Makes `dir` exist as a folder, creating each missing level with mode 0700. Throws
 * `fs.not_writable` (exit 2) when a level is a file, cannot be created, or is not created.
 */
export function ensurePrivateDir(dir: string, options: PrivateDirOptions = {}): void {
  const target = resolve(dir);
  const { hint } = options;
  const stats = statOrUndefined(target);
  if (stats === undefined) createLevels(target, hint);
  else if (!stats.isDirectory())
    throw notWritableError(`cannot use ${target}: it is a file, not a directory`, undefined, hint);
  else if (options.tighten === true) tightenOurDir(target, stats);
}

/** Ensures the folder a file of ours goes into; the file is then written with PRIVATE_FILE_MODE. */
export function ensurePrivateDirFor(file: string): void {
  ensurePrivateDir(dirname(resolve(file)));
}

function createLevels(target: string, hint: string | undefined): void {
  makeDirLevels(target, (message, cause) => notWritableError(message, cause, hint));
}

/** Whether we may chmod `dir`: ours by name or by being the configured home, never shared. */
function mayTighten(dir: string, stats: Stats): boolean {
  if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) return false;
  if ((stats.mode & 0o1000) !== 0) return false; // sticky: a shared folder such as /tmp
  if (dir === dirname(dir)) return false;
  const home = process.env.HOME;
  if (home !== undefined && home !== '' && resolve(home) === dir) return false;
  return true;
}

function tightenOurDir(dir: string, stats: Stats): void {
  if ((stats.mode & GROUP_OTHER) === 0 || !mayTighten(dir, stats)) return;
  try {
    chmodSync(dir, stats.mode & PRIVATE_DIR_MODE);
  } catch {
    return; // a read-only mount or a folder we cannot change: nothing more we can do
  }
  // The folder was open until now, so its data files may be too: a one-time sweep (the next
  // open finds the folder private and stops at the stat above).
  sweep(dir, SWEEP_DEPTH, basename(dir) === OUR_FOLDER);
}

/**
 * Files a home folder of another name holds that are ours: the databases, caches, memories,
 * logs and daemon files. In a `.claude-hybrid` folder everything is ours.
 */
const HOME_DATA =
  /^(cache|spool|memories|agents|daemon\.|relay\.curlrc|secret\.key|.*\.db(-wal|-shm)?$|.*\.log$)/;

/** Whether a file or folder named `name` in the home is one of our data files (HOME_DATA). */
export function isHomeDataName(name: string): boolean {
  return HOME_DATA.test(name);
}

function sweep(dir: string, depth: number, everything: boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!everything && !HOME_DATA.test(name)) continue;
    const path = join(dir, name);
    let stats: Stats;
    try {
      stats = lstatSync(path); // symbolic links are never followed
    } catch {
      continue;
    }
    if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) continue;
    if (stats.isDirectory()) {
      tightenMode(path, stats, PRIVATE_DIR_MODE);
      if (depth > 1) sweep(path, depth - 1, true);
    } else if (stats.isFile()) tightenMode(path, stats, PRIVATE_FILE_MODE);
  }
}

function tightenMode(path: string, stats: Stats, keep: number): void {
  if ((stats.mode & GROUP_OTHER) === 0) return;
  try {
    chmodSync(path, stats.mode & keep & 0o777);
  } catch {
    // Best effort: the folder around it is already 0700.
  }
}

/**
 * Drops group and other permissions from an existing data file of ours (a database and its
 * `-wal`/`-shm` from an older install). Missing files and files of other users are left alone.
 */
export function tightenPrivateFile(file: string): void {
  let stats: Stats | undefined;
  try {
    stats = statOrUndefined(file);
  } catch {
    return;
  }
  if (stats === undefined || !stats.isFile()) return;
  if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) return;
  tightenMode(file, stats, PRIVATE_FILE_MODE);
}

/**
 * Gets a SQLite database's files ready to be opened privately: an existing database, `-wal` and
 * `-shm` lose group and other permissions, and a missing database is created empty with mode
 * 0600 (SQLite then creates its `-wal` and `-shm` with the database's mode). For a database that
 * may be empty (a cache); the state database is created whole under a temp name instead.
 */
export function preparePrivateDatabase(file: string, create: boolean): void {
  if (create) {
    try {
      // 'a' creates without truncating, so a database another process just made is kept.
      closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    } catch (error) {
      throw notWritableError(`cannot create ${file} (${errnoCode(error)})`, error);
    }
  }
  for (const suffix of ['', '-wal', '-shm']) tightenPrivateFile(`${file}${suffix}`);
}
