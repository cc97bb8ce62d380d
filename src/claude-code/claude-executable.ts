/**
 * The Claude Code executable, one rule for every place that runs it (`code` and the claude-code
 * provider): `CLAUDE_HYBRID_CLAUDE` when set (a path, or a name looked up on PATH), else
 * `claude` on PATH.
 */
export function claudeExecutable(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env['CLAUDE_HYBRID_CLAUDE'];
  return configured !== undefined && configured !== '' ? configured : 'claude';
}
