import { accessSync, constants, lstatSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR, findProjectRoot, resolveHybridHome } from '../config/paths.js';
import { isHomeDataName } from '../files/private-files.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

/** Bits that let anyone but the owner in. */
const GROUP_OTHER = 0o077;
/** How deep the scan for loose modes goes (cache/v8/…, memories/…), as the tightening sweep. */
const SCAN_DEPTH = 4;
/** A folder with more entries than this is not scanned further: the doctor stays quick. */
const SCAN_LIMIT = 5_000;
/** Loose paths named one by one in a fix; more become one recursive chmod. */
const LISTED = 3;

/** A path for a shell command: quoted only when it needs it. */
export function shellPath(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

function ownedByUs(stats: Stats): boolean {
  return typeof process.getuid !== 'function' || stats.uid === process.getuid();
}

/** Our data files and folders under `dir` that others may read (symbolic links are not followed). */
function loosePaths(dir: string, depth: number, everything: boolean, found: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.slice(0, SCAN_LIMIT)) {
    if (!everything && !isHomeDataName(name)) continue;
    const path = join(dir, name);
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch {
      continue;
    }
    if (!ownedByUs(stats) || (!stats.isDirectory() && !stats.isFile())) continue;
    if ((stats.mode & GROUP_OTHER) !== 0) found.push(path);
    if (stats.isDirectory() && depth > 1) loosePaths(path, depth - 1, true, found);
  }
}

/**
 * One of our folders: there, writable, 0700, and its data files 0600. `everything`: every entry
 * is ours (a `.claude-hybrid` folder); otherwise only the home's data files are looked at.
 */
function privateFolderCheck(
  id: string,
  title: string,
  dir: string,
  everything: boolean,
): DoctorCheck {
  let stats: Stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown'; // fs errors carry an errno code
    if (code === 'ENOENT')
      return checkResult(id, title, 'ok', `${dir} (not created yet: the first command makes it)`);
    return checkResult(
      id,
      title,
      'fail',
      `cannot read ${dir} (${code})`,
      `fix the permissions of ${dir} or of a folder above it`,
    );
  }
  if (!stats.isDirectory())
    return checkResult(
      id,
      title,
      'fail',
      `${dir} is a file, not a folder`,
      id === 'home'
        ? `move ${shellPath(dir)} away, or set CLAUDE_HYBRID_HOME to a folder you can write to`
        : `move ${shellPath(dir)} away, then run claude-hybrid init`,
    );
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return checkResult(
      id,
      title,
      'fail',
      `${dir} is not writable by you`,
      id === 'home'
        ? `chmod u+rwx ${shellPath(dir)}, or set CLAUDE_HYBRID_HOME to a folder you can write to`
        : `chmod u+rwx ${shellPath(dir)}`,
    );
  }
  if ((stats.mode & GROUP_OTHER) !== 0 && ownedByUs(stats))
    return checkResult(
      id,
      title,
      'fail',
      `${dir} is mode ${octal(stats.mode)}: other users can read the prompts, answers and tokens in it`,
      `chmod -R go-rwx ${shellPath(dir)}`,
    );
  const loose: string[] = [];
  loosePaths(dir, SCAN_DEPTH, everything, loose);
  if (loose.length === 0) return checkResult(id, title, 'ok', `${dir} (private: 0700, files 0600)`);
  const named = loose
    .slice(0, LISTED)
    .map((path) => `${path} (${octal(lstatSync(path).mode)})`)
    .join(', ');
  const more = loose.length > LISTED ? ` and ${loose.length - LISTED} more` : '';
  return checkResult(
    id,
    title,
    'warn',
    `${loose.length} data path${loose.length === 1 ? '' : 's'} open to other users: ${named}${more}; the folder itself is private`,
    loose.length > LISTED
      ? `chmod -R go-rwx ${shellPath(dir)}`
      : `chmod go-rwx ${loose.map(shellPath).join(' ')}`,
  );
}

/** The user folder: `CLAUDE_HYBRID_HOME`, or `~/.claude-hybrid`. */
export function checkHome(input: DoctorInput): DoctorCheck {
  const home = resolveHybridHome(input.env);
  const title = `Claude Hybrid home${(input.env.CLAUDE_HYBRID_HOME ?? '') === '' ? '' : ' (CLAUDE_HYBRID_HOME)'}`;
  return privateFolderCheck('home', title, home, false);
}

/** The project's `.claude-hybrid/` folder, found from `cwd` upwards. */
export function checkProjectDir(input: DoctorInput): DoctorCheck {
  const home = resolveHybridHome(input.env);
  const project = findProjectRoot(input.cwd, home);
  const title = 'Project folder (.claude-hybrid/)';
  if (!project.initialized)
    return checkResult(
      'project',
      title,
      'warn',
      `no ${PROJECT_DIR}/ in ${project.root} or any folder above it`,
      'claude-hybrid init (in the project root)',
    );
  return privateFolderCheck('project', title, join(project.root, PROJECT_DIR), true);
}
