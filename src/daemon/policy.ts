/** A Bash command pattern the project denies (config `hooks.denyBash`). */
export interface PolicyRule {
  /** The pattern as configured, a regular expression. */
  readonly pattern: string;
  readonly regex: RegExp;
  readonly reason: string;
}

/**
 * Compiles the configured patterns. A pattern that is not a valid regular expression is matched
 * as plain text instead: a typo in a safety rule must not switch the rule off.
 */
export function compilePolicy(patterns: readonly string[]): PolicyRule[] {
  return patterns.map((pattern) => {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern);
    } catch {
      regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    return { pattern, regex, reason: 'the command matches a denied pattern' };
  });
}

/** The first rule `command` breaks, if any. */
export function deniedBy(command: string, rules: readonly PolicyRule[]): PolicyRule | undefined {
  if (command === '') return undefined;
  return rules.find((rule) => rule.regex.test(command));
}
