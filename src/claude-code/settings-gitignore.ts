/**
 * Keeps what `hooks install` writes for this machine out of commits: `.claude/settings.local.json`
 * holds the daemon token in local scope, and `<settings>.claude-hybrid.bak` copies hold the
 * previous bytes. Claude Code git-ignores settings.local.json when it creates the file itself,
 * but here claude-hybrid may create it. The entries go in the project's own `.gitignore`, and only
 * where a user expects one: in a git work tree (a `.git` in the project or above) or beside an
 * existing `.gitignore`. Elsewhere nothing is created.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/index.js';
import { BACKUP_SUFFIX } from './hooks-installer.js';
import type { HookScope } from './hooks-settings.js';

/** How far up a `.git` is looked for: a project is rarely deeper in its repository. */
const MAX_DEPTH = 32;

function inGitWorkTree(dir: string): boolean {
  let current = dir;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (existsSync(join(current, '.git'))) return true;
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
  return false;
}

/** The entries a project's `.gitignore` needs for `scope` (none for user scope). */
export function ignoredEntries(scope: HookScope): readonly string[] {
  if (scope === 'user') return [];
  const backups = `.claude/*${BACKUP_SUFFIX}`;
  return scope === 'local' ? ['.claude/settings.local.json', backups] : [backups];
}

export interface GitignoreReport {
  /** The `.gitignore` written, when entries were added. */
  readonly file: string | undefined;
  /** The entries added (empty when all were there, or there was no place for them). */
  readonly added: readonly string[];
}

/**
 * Appends the entries for `scope` to `<projectRoot>/.gitignore` when missing. An entry counts as
 * present when a line says exactly it (with or without a leading `/`), or ignores `.claude/` as a
 * whole. Never throws for the `.gitignore`: the hooks are installed either way.
 */
export function ensureGitignored(projectRoot: string, scope: HookScope): GitignoreReport {
  const entries = ignoredEntries(scope);
  const file = join(projectRoot, '.gitignore');
  const none: GitignoreReport = { file: undefined, added: [] };
  if (entries.length === 0) return none;
  let text = '';
  let mode = 0o644;
  try {
    if (existsSync(file)) {
      const stat = statSync(file);
      if (!stat.isFile()) return none;
      mode = stat.mode & 0o777;
      text = readFileSync(file, 'utf8');
    } else if (!inGitWorkTree(projectRoot)) return none;
    const lines = new Set(text.split(/\r?\n/).map((line) => line.trim().replace(/^\//, '')));
    if (lines.has('.claude/') || lines.has('.claude') || lines.has('.claude/*')) return none;
    const missing = entries.filter((entry) => !lines.has(entry));
    if (missing.length === 0) return none;
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const separator = text === '' || text.endsWith('\n') ? '' : newline;
    const block = [
      '# claude-hybrid: machine-local Claude Code settings (they hold the daemon token)',
      ...missing,
    ].join(newline);
    writeFileAtomic(file, `${text}${separator}${block}${newline}`, mode);
    return { file, added: missing };
  } catch {
    return none; // unreadable or unwritable: the install itself still stands
  }
}
