import { statSync } from 'node:fs';
import { projectConfigPath, userConfigPath } from '../config/index.js';
// Not through config/index.ts: exporting the file reader there put the YAML stack into the CLI's
// entry bundle, which every command starts with.
import { readConfigFile } from '../config/config-file.js';
import { compilePolicy } from './policy.js';
import type { PolicyRule } from './policy.js';

/**
 * The Bash policy of each project: `hooks.denyBash` from the user's and the project's config
 * files (both apply). Read synchronously, so the first event of a project is already checked,
 * and re-read when either file changes.
 */
export function projectPolicies(
  hybridHome: string,
): (projectRoot: string) => readonly PolicyRule[] {
  const cache = new Map<string, { stamp: string; rules: PolicyRule[] }>();
  return (projectRoot) => {
    const files = [userConfigPath(hybridHome), projectConfigPath(projectRoot)];
    const stamp = files.map(stampOf).join('|');
    const known = cache.get(projectRoot);
    if (known?.stamp === stamp) return known.rules;
    const patterns: string[] = [];
    for (const file of files) {
      if (stampOf(file) === '-') continue;
      try {
        const hooks = readConfigFile(file).layer['hooks'] as { denyBash?: unknown } | undefined;
        if (Array.isArray(hooks?.denyBash))
          for (const pattern of hooks.denyBash)
            if (typeof pattern === 'string') patterns.push(pattern);
      } catch {
        // A config file that cannot be read adds no rules; `config validate` reports it.
      }
    }
    const rules = compilePolicy(patterns);
    cache.set(projectRoot, { stamp, rules });
    return rules;
  };
}

function stampOf(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return '-';
  }
}
