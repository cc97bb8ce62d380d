/**
 * The agent-name rule, in one place: agent files, `agents new`, and the config keys that name an
 * agent (`routing.defaultAgent`, `routing.generalist`) all check it. A name becomes a file name
 * (`<name>.md`) and a memory directory, so it must never carry a path. No imports: the config
 * schema uses it without loading the agents code.
 */
export const AGENT_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Agent names are at most this long (Claude Code's own limit for subagent names). */
export const MAX_AGENT_NAME_LENGTH = 64;

/** What an agent name looks like, for "expected ..." messages. */
export const AGENT_NAME_EXPECTED =
  'an agent name: kebab-case (lower-case letters, digits and single hyphens), at most 64 characters';

/** Checks an agent name; returns the reason it is invalid, or undefined when it is fine. */
export function agentNameProblem(name: string): string | undefined {
  if (name.includes('/') || name.includes('\\') || name.includes('..')) {
    return `agent name "${name}" must not contain path separators or ".."`;
  }
  if (!AGENT_NAME_PATTERN.test(name)) {
    return `agent name "${name}" must be kebab-case (lower-case letters, digits and single hyphens)`;
  }
  if (name.length > MAX_AGENT_NAME_LENGTH)
    return `agent name "${name}" is longer than ${MAX_AGENT_NAME_LENGTH} characters`;
  return undefined;
}
