import { ConfigError } from '../errors.js';

/** One invalid value: where it is, which key, what was expected, and what was found. */
export interface ConfigIssue {
  /** A file path, `env`, or `flags`. */
  readonly source: string;
  readonly line: number | undefined;
  /** Dotted key path (or the environment variable name). */
  readonly key: string;
  readonly expected: string;
  readonly found: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.source : `${issue.source}:${issue.line}`;
  return `${where}: ${issue.key}: expected ${issue.expected}, found ${issue.found}`;
}

/** Thrown when any layer holds invalid values; carries every issue for `config validate`. */
export class ConfigInvalidError extends ConfigError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(
      'config.invalid',
      `invalid config: ${first === undefined ? 'unknown problem' : formatIssue(first)}${more}`,
      {
        hint: "fix the value; 'claude-hybrid config validate' lists every problem",
      },
    );
    this.issues = issues;
  }
}
