import {
  chmodSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { HybridError } from '../errors.js';

/**
 * Writes a built marketplace into a folder. Invariants: only what a build writes is ever written
 * or removed: the build's own files are listed in a marker file (BUILD_MARKER), and a folder is
 * accepted only when it is missing, empty, or holds that marker (a previous build), so a wrong
 * `--out` never overwrites someone's files. A file whose bytes are already right is not rewritten,
 * so a rebuild of the same input changes no byte. The output is a distributable, not user data:
 * files are 0644 and folders 0755 whatever the umask.
 */

/** The marker of a build: the list of files it wrote, relative to the output folder. */
export const BUILD_MARKER = '.claude-plugin/claude-hybrid-build.json';
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
/** The only places a build writes to (or removes from), so a tampered marker cannot reach out. */
const OWNED_PREFIXES = ['.claude-plugin/', 'plugins/claude-hybrid/'];

export type BuildFiles = ReadonlyMap<string, string | Buffer>;

function badOut(dir: string, problem: string): HybridError {
  return new HybridError('plugin.bad_out', `cannot build the plugin into ${dir}: ${problem}`, {
    hint: 'pass --out a new or empty folder, or one a previous plugin build wrote',
    exitCode: 2,
  });
}

function owned(path: string): boolean {
  return (
    OWNED_PREFIXES.some((prefix) => path.startsWith(prefix)) &&
    !path.split('/').some((part) => part === '' || part === '.' || part === '..')
  );
}

/** The file list of the previous build in `dir`, or undefined when `dir` holds none. */
function previousBuild(dir: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, BUILD_MARKER), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as { files?: unknown }; // checked just below
    if (!Array.isArray(value.files)) return undefined;
    return value.files.filter((file): file is string => typeof file === 'string' && owned(file));
  } catch {
    return undefined;
  }
}

/** The marker's bytes for a build writing `paths`. */
function markerText(paths: readonly string[]): string {
  const files = [...paths, BUILD_MARKER].sort();
  return `${JSON.stringify({ builtBy: 'claude-hybrid plugin build', files }, null, 2)}\n`;
}

function sameBytes(file: string, content: string | Buffer): boolean {
  try {
    const existing = readFileSync(file);
    return existing.equals(typeof content === 'string' ? Buffer.from(content) : content);
  } catch {
    return false;
  }
}

function ensureDir(root: string, relative: string): void {
  let path = root;
  for (const part of relative.split('/')) {
    path = join(path, part);
    mkdirSync(path, { recursive: true });
    if ((statSync(path).mode & 0o777) !== DIR_MODE) chmodSync(path, DIR_MODE);
  }
}

/** Removes empty folders from `relative`'s parent up to (not including) the output folder. */
function pruneEmpty(root: string, relative: string): void {
  for (let parent = dirname(relative); parent !== '.'; parent = dirname(parent)) {
    try {
      rmdirSync(join(root, parent));
    } catch {
      return; // not empty (or gone): the folders above are not empty either
    }
  }
}

export interface WriteReport {
  /** Files whose bytes changed (written or created), relative to the output folder. */
  readonly written: readonly string[];
  /** Files of the previous build that this build no longer has, removed. */
  readonly removed: readonly string[];
}

/**
 * Writes `files` (paths relative to `dir`, `/`-separated) and the marker into `dir`, removing
 * files the previous build wrote and this one does not. `adopt` accepts a folder that is not a
 * previous build (the repository root, which holds other files): still only owned paths are
 * touched. @throws plugin.bad_out for a file, or a non-empty folder that is not a previous build.
 */
export function writeMarketplace(
  dir: string,
  files: BuildFiles,
  options: { readonly adopt?: boolean } = {},
): WriteReport {
  let previous: string[] | undefined;
  try {
    if (!statSync(dir).isDirectory()) throw badOut(dir, 'it is a file');
    previous = previousBuild(dir);
    if (previous === undefined && options.adopt !== true && readdirSync(dir).length > 0)
      throw badOut(dir, 'the folder is not empty and holds no previous plugin build');
  } catch (error) {
    if (error instanceof HybridError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // fs errors carry a code
  }
  for (const path of files.keys())
    if (!owned(path)) throw new Error(`plugin build: ${path} is outside the plugin's folders`);
  if (previous === undefined) {
    mkdirSync(dir, { recursive: true });
    if (readdirSync(dir).length === 0) chmodSync(dir, DIR_MODE); // a folder of our own
  }
  const all = new Map(files);
  all.set(BUILD_MARKER, markerText([...files.keys()]));
  const removed = (previous ?? []).filter((path) => !all.has(path)).sort();
  for (const path of removed) {
    rmSync(join(dir, path), { force: true });
    pruneEmpty(dir, path);
  }
  const written: string[] = [];
  for (const path of [...all.keys()].sort()) {
    const content = all.get(path) ?? '';
    const file = join(dir, path);
    ensureDir(dir, dirname(path));
    if (!sameBytes(file, content)) {
      writeFileSync(file, content, { mode: FILE_MODE });
      written.push(path);
    }
    if ((statSync(file).mode & 0o777) !== FILE_MODE) chmodSync(file, FILE_MODE);
  }
  return { written, removed };
}

/** Paths of `files` (plus the marker) whose bytes in `dir` differ or are missing: a staleness check. */
export function staleFiles(dir: string, files: BuildFiles): string[] {
  const all = new Map(files);
  all.set(BUILD_MARKER, markerText([...files.keys()]));
  const stale = [...all].filter(([path, content]) => !sameBytes(join(dir, path), content));
  const extra = (previousBuild(dir) ?? []).filter((path) => !all.has(path));
  return [...stale.map(([path]) => path), ...extra].sort();
}
