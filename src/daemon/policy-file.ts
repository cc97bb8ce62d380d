import { statSync } from 'node:fs';
import { formatIssue } from '../config/index.js';
// Not through config/index.ts: exporting the file reader there put the YAML stack into the CLI's
// entry bundle, which every command starts with.
import { readConfigFile } from '../config/config-file.js';
import { printable } from '../files/index.js';
import { cachedLayer, lastCleanLayer } from '../config/validated-config-cache.js';

/** The policy keys of one config file (`hooks`), as validated. */
export interface PolicyKeys {
  readonly denyBash?: readonly string[];
  readonly onBadPolicy?: 'keep-last' | 'deny';
}

/**
 * What one config file says about the Bash policy: its `hooks` keys, or why they cannot be
 * trusted, with the keys it last validated cleanly to (if ever) to fall back on.
 */
export type PolicyFileRead =
  | { readonly keys: PolicyKeys }
  | { readonly problem: string; readonly lastClean: PolicyKeys | undefined };

/**
 * Reads the policy keys of `file` for the daemon or the in-process hook. Anything that makes
 * the file's `hooks` untrustworthy is a problem, never "no rules": a YAML error anywhere (nothing
 * in the file can be trusted then), an invalid value under `hooks` (a misspelt `denyBash`, a
 * string instead of a list, a pattern the linear-time engine refuses), a non-mapping root, an
 * unreadable or oversized file, and a file deleted after it held patterns. Invalid values
 * elsewhere (`engine`, `routing`) leave the policy alone. A clean read is remembered in
 * `cacheDir` (the validated-config cache), which is where `lastClean` comes from.
 */
export function readPolicyFile(file: string, cacheDir: string): PolicyFileRead {
  const lastClean = (): PolicyKeys | undefined => {
    const layer = lastCleanLayer(cacheDir, file);
    return layer === undefined ? undefined : policyKeysOf(layer);
  };
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return {
        problem: printable(`cannot read ${file}: ${String(error)}`),
        lastClean: lastClean(),
      };
    }
    // No file is no policy, unless the file is gone after holding patterns: deleting the file
    // must not be how a deny rule disappears without a word.
    const last = lastClean();
    const held = last?.denyBash?.length ?? 0;
    if (held === 0) return { keys: {} };
    return {
      problem: printable(
        `${file} is gone, and it held ${held} hooks.denyBash pattern${held === 1 ? '' : 's'} (write the file again, with the patterns you want, or none)`,
      ),
      lastClean: last,
    };
  }
  const cached = cachedLayer(cacheDir, file);
  if (cached !== undefined) return { keys: policyKeysOf(cached) };
  let read: ReturnType<typeof readConfigFile>;
  try {
    read = readConfigFile(file, cacheDir);
  } catch (error) {
    // ConfigError: invalid YAML, unreadable, too large; anything else (an alias bomb in the YAML
    // library) is no better a policy.
    const message = error instanceof Error ? error.message : String(error);
    return { problem: printable(message), lastClean: lastClean() };
  }
  const policyIssues = read.issues.filter(
    (issue) => issue.key === '(root)' || issue.key === 'hooks' || issue.key.startsWith('hooks.'),
  );
  const first = policyIssues[0];
  if (first !== undefined) {
    const more = policyIssues.length > 1 ? ` (and ${policyIssues.length - 1} more)` : '';
    return { problem: printable(`${formatIssue(first)}${more}`), lastClean: lastClean() };
  }
  return { keys: policyKeysOf(read.layer) };
}

/** The policy keys of a layer whose `hooks` validated (schema.ts): a list and an enum. */
function policyKeysOf(layer: Record<string, unknown>): PolicyKeys {
  const hooks = layer['hooks'];
  if (hooks === null || typeof hooks !== 'object') return {};
  const { denyBash, onBadPolicy } = hooks as { denyBash?: unknown; onBadPolicy?: unknown };
  return {
    ...(Array.isArray(denyBash)
      ? { denyBash: denyBash.filter((item): item is string => typeof item === 'string') }
      : {}),
    ...(onBadPolicy === 'keep-last' || onBadPolicy === 'deny' ? { onBadPolicy } : {}),
  };
}
