import { compileDenyPattern } from '../config/deny-pattern.js';
import { ConfigError } from '../errors.js';
import type { DenyPattern } from '../config/deny-pattern.js';

/** A Bash command pattern the project denies (config `hooks.denyBash`). */
export interface PolicyRule {
  /** The pattern as configured, a regular expression in RE2 syntax. */
  readonly pattern: string;
  readonly compiled: DenyPattern;
  readonly reason: string;
}

/** The Bash policy in force for a project. */
export interface Policy {
  readonly rules: readonly PolicyRule[];
  /**
   * Set when the configured policy cannot be used and nothing may stand in for it
   * (`hooks.onBadPolicy`): every Bash command is denied with this reason.
   */
  readonly denyAll?: string;
  /** Sum of the rules' program sizes: what each character of a command costs to check. */
  readonly size: number;
}

/** Why a command is denied: the rule it matched, or the policy's own reason. */
export interface Denial {
  readonly reason: string;
  /** The pattern it matched, when a rule denied it. */
  readonly pattern?: string;
}

/**
 * Most work one command's check may take, in characters times instructions: about 4 ms at the
 * re2js NFA's worst (1 ns each), far less on its DFA. It bounds what a project's patterns cost
 * the daemon's one thread per event; a command too long to check under it is denied, since
 * checking only a part of it would let `rm -rf /` hide behind a long prefix. With a typical
 * policy (a few patterns, 100 instructions) that is 40,000 characters.
 */
export const MAX_MATCH_COST = 4_000_000;

export const NO_POLICY: Policy = { rules: [], size: 0 };

/**
 * Compiles the configured patterns. They were validated with the config (schema.ts), so one
 * that does not compile here throws a config.invalid ConfigError: the caller turns it into a
 * policy problem.
 */
export function compilePolicy(patterns: readonly string[]): Policy {
  const rules = patterns.map((pattern): PolicyRule => {
    const compiled = compileDenyPattern(pattern);
    if ('problem' in compiled)
      throw new ConfigError(
        'config.invalid',
        `hooks.denyBash: expected a linear-time (RE2) regular expression: ${compiled.problem}, found ${JSON.stringify(pattern.slice(0, 80))}`,
        { hint: "fix the pattern; 'claude-hybrid config validate' lists every problem" },
      );
    return { pattern, compiled: compiled.pattern, reason: 'the command matches a denied pattern' };
  });
  return { rules, size: rules.reduce((sum, rule) => sum + rule.compiled.size, 0) };
}

/** Why `command` is denied under `policy`, or undefined when it may run. */
export function deniedBy(command: string, policy: Policy): Denial | undefined {
  if (policy.denyAll !== undefined) return { reason: policy.denyAll };
  if (command === '' || policy.rules.length === 0) return undefined;
  if (command.length * policy.size > MAX_MATCH_COST)
    return {
      reason: `the command is too long to check against the deny patterns (${command.length} characters; at most ${Math.floor(MAX_MATCH_COST / policy.size)} with these patterns)`,
    };
  for (const rule of policy.rules)
    if (rule.compiled.test(command)) return { reason: rule.reason, pattern: rule.pattern };
  return undefined;
}
