import { statSync } from 'node:fs';
import { join } from 'node:path';
import { projectConfigPath, userConfigPath } from '../config/index.js';
import { printable } from '../files/index.js';
import { NO_POLICY, compilePolicy } from './policy.js';
import type { Policy } from './policy.js';
import { readPolicyFile } from './policy-file.js';
import type { PolicyKeys } from './policy-file.js';

export interface ProjectPoliciesOptions {
  readonly hybridHome: string;
  /**
   * Where a project's policy going bad or good again is noted, one line per change (not per
   * event): daemon.log in the daemon.
   * @default notes nothing
   */
  readonly log?: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A project whose configured Bash policy cannot be used, for `daemon status`. */
export interface PolicyProblem {
  readonly root: string;
  /** What is wrong, one line, control characters escaped. */
  readonly problem: string;
  /**
   * `kept-last`: the patterns last read cleanly apply; `deny-all`: every Bash command is denied
   * (hooks.onBadPolicy is deny, or there is nothing clean to fall back on).
   */
  readonly action: 'kept-last' | 'deny-all';
  /** When it was first seen (epoch ms). */
  readonly since: number;
}

interface Known {
  readonly stamp: string;
  readonly policy: Policy;
  readonly problem: PolicyProblem | undefined;
}

/**
 * The Bash policy of each project: `hooks.denyBash` from the user's and the project's config
 * files (both apply). Read synchronously, so the first event of a project is already checked,
 * and re-read when either file changes (by mtime and size). It fails closed: a file whose policy
 * cannot be trusted (policy-file.ts) falls back on the patterns it last held cleanly, or denies
 * every Bash command (hooks.onBadPolicy), and says so once per change.
 */
export class ProjectPolicies {
  private readonly known = new Map<string, Known>();
  private readonly cacheDir: string;
  private readonly now: () => number;

  constructor(private readonly options: ProjectPoliciesOptions) {
    this.cacheDir = join(options.hybridHome, 'cache', 'config');
    this.now = options.now ?? Date.now;
  }

  /** The policy in force for the project at `projectRoot`. */
  policyFor(projectRoot: string): Policy {
    const files = [userConfigPath(this.options.hybridHome), projectConfigPath(projectRoot)];
    const stamp = files.map(stampOf).join('|');
    const known = this.known.get(projectRoot);
    if (known?.stamp === stamp) return known.policy;
    const { policy, problem } = this.read(projectRoot, files, known?.problem);
    this.known.set(projectRoot, { stamp, policy, problem });
    if (problem?.problem !== known?.problem?.problem || problem?.action !== known?.problem?.action)
      this.note(projectRoot, problem, policy);
    return policy;
  }

  /** Every project whose policy is not the configured one right now. */
  problems(): PolicyProblem[] {
    const problems: PolicyProblem[] = [];
    for (const known of this.known.values())
      if (known.problem !== undefined) problems.push(known.problem);
    return problems;
  }

  private read(
    root: string,
    files: readonly string[],
    previous: PolicyProblem | undefined,
  ): { policy: Policy; problem: PolicyProblem | undefined } {
    const patterns: string[] = [];
    const problems: string[] = [];
    let fallback = true;
    // The project file's choice wins, then the user file's: each as now, or as last clean.
    let onBadPolicy: PolicyKeys['onBadPolicy'];
    for (const file of [...files].reverse()) {
      const read = readPolicyFile(file, this.cacheDir);
      const keys = 'keys' in read ? read.keys : read.lastClean;
      onBadPolicy ??= keys?.onBadPolicy;
      if ('problem' in read) {
        problems.push(read.problem);
        if (read.lastClean === undefined) fallback = false;
      }
      patterns.unshift(...(keys?.denyBash ?? []));
    }
    let policy: Policy;
    try {
      policy = compilePolicy(patterns);
    } catch (error) {
      // Validated patterns compile; this is a cache written by another version, or a bug.
      problems.push(printable(error instanceof Error ? error.message : String(error)));
      fallback = false;
      policy = NO_POLICY;
    }
    const first = problems[0];
    if (first === undefined) return { policy, problem: undefined };
    const denyAll = onBadPolicy === 'deny' || !fallback;
    const problem = problems.length > 1 ? `${first} (and ${problems.length - 1} more)` : first;
    return {
      policy: denyAll
        ? {
            ...policy,
            denyAll: `the Bash deny policy cannot be read (${problem}); every Bash command is denied until it is fixed (hooks.onBadPolicy)`,
          }
        : policy,
      problem: {
        root,
        problem,
        action: denyAll ? 'deny-all' : 'kept-last',
        since: previous?.problem === problem ? previous.since : this.now(),
      },
    };
  }

  private note(root: string, problem: PolicyProblem | undefined, policy: Policy): void {
    const at = new Date(this.now()).toISOString();
    const where = printable(root, 300);
    if (problem === undefined)
      this.options.log?.(
        `${at} policy ${where}: Bash deny policy in force again (${policy.rules.length} pattern${policy.rules.length === 1 ? '' : 's'})`,
      );
    else
      this.options.log?.(
        `${at} policy ${where}: ${problem.problem}; ${
          problem.action === 'deny-all'
            ? 'denying every Bash command until it is fixed'
            : `keeping the ${policy.rules.length} pattern${policy.rules.length === 1 ? '' : 's'} last read cleanly`
        }`,
      );
  }
}

/** The policy function of a new ProjectPolicies (the in-process hook's, which lives one event). */
export function projectPolicies(hybridHome: string): (projectRoot: string) => Policy {
  const policies = new ProjectPolicies({
    hybridHome,
    log: (line) => {
      process.stderr.write(`claude-hybrid hook: ${line}\n`);
    },
  });
  return (projectRoot) => policies.policyFor(projectRoot);
}

function stampOf(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return '-';
  }
}
