import { hooksStatus, settingsPath } from '../claude-code/hooks-installer.js';
import type { ScopeStatus } from '../claude-code/hooks-installer.js';
import type { HookScope } from '../claude-code/hooks-settings.js';
import { findProjectRoot, resolveHybridHome } from '../config/paths.js';
import type { DoctorInput } from './check-result.js';

/** The Claude Code settings scopes our hooks can be installed in, as `hooks status` reads them. */
export const HOOK_SCOPES: readonly HookScope[] = ['project', 'local', 'user'];

/** The project the doctor looks at: the one found from `cwd`, else `cwd` itself. */
export function projectRootOf(input: DoctorInput): string {
  return findProjectRoot(input.cwd, resolveHybridHome(input.env)).root;
}

/** What each scope's settings file holds of ours; a file that cannot be read is a `problem`. */
export function readHookScopes(input: DoctorInput): ScopeStatus[] {
  const projectRoot = projectRootOf(input);
  return HOOK_SCOPES.map((scope) => {
    const file = settingsPath(scope, { projectRoot, env: input.env });
    try {
      return hooksStatus({ file, scope });
    } catch (error) {
      return { scope, file, exists: true, problem: (error as Error).message };
    }
  });
}
