/**
 * Where project and local settings may be written: inside the project's own `.claude/`. A
 * repository can commit `.claude/settings.local.json` (or `.claude/` itself) as a symlink to a
 * tracked file; following it would write the daemon token (local scope) or this machine's paths
 * into that file, and from there into a commit. Local settings linked to the project settings
 * inside `.claude/` (`settings.json`, which is tracked) are refused for the same reason. User settings are left to follow links: a
 * dotfiles repository linking `~/.claude/settings.json` is the user's own choice.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { HybridError } from '../errors.js';
import type { HookScope } from './hooks-settings.js';

function inside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // missing (or a dangling link, checked by the caller with lstat)
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function refused(file: string, why: string): HybridError {
  return new HybridError('hooks.symlinked_settings', `refusing to write ${file}: ${why}`, {
    hint: 'replace the symlink with a real file (or folder) of this project, then run the command again; nothing was written',
    exitCode: 2,
  });
}

/**
 * Throws `hooks.symlinked_settings` when the settings file of project or local scope, or the
 * `.claude/` folder holding it, is a symlink that leads out of that folder (out of the project,
 * for the folder). `file` is `<project>/.claude/settings[.local].json` (settingsPath()).
 */
export function assertSettingsContained(file: string, scope: HookScope): void {
  if (scope === 'user') return;
  const claudeDir = dirname(file);
  const projectRoot = dirname(claudeDir);
  const realRoot = realOrUndefined(projectRoot) ?? projectRoot;
  if (isSymlink(claudeDir)) {
    const target = realOrUndefined(claudeDir);
    if (target === undefined || !inside(realRoot, target))
      throw refused(
        file,
        `${claudeDir} is a symlink to ${target ?? 'a missing path'}, outside the project`,
      );
  }
  if (isSymlink(file)) {
    const realDir = realOrUndefined(claudeDir) ?? claudeDir;
    const target = realOrUndefined(file);
    if (target === undefined || !inside(realDir, target))
      throw refused(
        file,
        `${basename(file)} is a symlink to ${target ?? 'a missing path'}, outside ${claudeDir}${scope === 'local' ? ' (the daemon token would be written there)' : ''}`,
      );
    // Inside .claude/ but onto the project settings, which the repository tracks: the token
    // would be committed all the same.
    if (scope === 'local' && target === join(realDir, 'settings.json'))
      throw refused(
        file,
        `${basename(file)} is a symlink to the project settings ${target}, which the repository tracks (the daemon token would be written there)`,
      );
  }
}
