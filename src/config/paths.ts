import { existsSync, statSync } from 'node:fs';
import { userHome } from '../files/home-dir.js';
import { dirname, join, resolve } from 'node:path';

/** Name of the per-project folder, and of the user folder under the home directory. */
export const PROJECT_DIR = '.claude-hybrid';
export const CONFIG_FILE = 'config.yaml';

/** `$CLAUDE_HYBRID_HOME`, or `~/.claude-hybrid`. */
export function resolveHybridHome(env: NodeJS.ProcessEnv): string {
  const configured = env.CLAUDE_HYBRID_HOME;
  if (configured !== undefined && configured !== '') return resolve(configured);
  return join(userHome(env), PROJECT_DIR);
}

/**
 * The nearest folder at or above `cwd` that holds a `.claude-hybrid/` folder, like git finds
 * its repository. The user home's `.claude-hybrid` is the user tier, not a project, so it is
 * skipped. Without one, the project root is `cwd` itself (not yet initialised).
 */
export function findProjectRoot(
  cwd: string,
  hybridHome: string,
): { root: string; initialized: boolean } {
  let current = resolve(cwd);
  for (;;) {
    const candidate = join(current, PROJECT_DIR);
    if (candidate !== hybridHome && isDirectory(candidate))
      return { root: current, initialized: true };
    const parent = dirname(current);
    if (parent === current) return { root: resolve(cwd), initialized: false };
    current = parent;
  }
}

function isDirectory(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function projectConfigPath(projectRoot: string): string {
  return join(projectRoot, PROJECT_DIR, CONFIG_FILE);
}

export function userConfigPath(hybridHome: string): string {
  return join(hybridHome, CONFIG_FILE);
}

export function stateDbPath(projectRoot: string): string {
  return join(projectRoot, PROJECT_DIR, 'state.db');
}
