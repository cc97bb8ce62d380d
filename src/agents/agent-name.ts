/**
 * The agent-name rule, in one place: agent files, `agents new`, and the config keys that name an
 * agent (`routing.defaultAgent`, `routing.generalist`) all check it. A name becomes a file name
 * (`<name>.md`), a memory directory and an `@mention`, so it must never carry a path or spaces.
 * Claude Code itself only refuses names that start with "-"; we accept the subset that is safe
 * as a file name and a mention: lower-case letters and digits separated by single "-", "." or
 * "_" (e.g. `powershell-5.1-expert`). Only kebab-case is portable; the rest loads with a
 * warning. No imports: the config schema uses it without loading the agents code.
 */
export const AGENT_NAME_PATTERN = /^[a-z0-9]+(?:[-._][a-z0-9]+)*$/;

/** Names every tool and file system handles alike: kebab-case. */
export const PORTABLE_AGENT_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Agent names are at most this long (Claude Code's own limit for subagent names). */
export const MAX_AGENT_NAME_LENGTH = 64;

/** What an agent name looks like, for "expected ..." messages. */
export const AGENT_NAME_EXPECTED =
  'an agent name: lower-case letters and digits separated by single "-", "." or "_", at most 64 characters';

/** Checks an agent name; returns the reason it is invalid, or undefined when it is fine. */
export function agentNameProblem(name: string): string | undefined {
  if (name.includes('/') || name.includes('\\') || name.includes('..')) {
    return `agent name "${name}" must not contain path separators or ".."`;
  }
  if (!AGENT_NAME_PATTERN.test(name)) {
    return `agent name "${name}" must be lower-case letters and digits separated by single "-", "." or "_" (e.g. code-reviewer): Claude Hybrid uses names as file names and @mentions`;
  }
  if (name.length > MAX_AGENT_NAME_LENGTH)
    return `agent name "${name}" is longer than ${MAX_AGENT_NAME_LENGTH} characters`;
  return undefined;
}

/** For a valid name outside kebab-case, why it is not portable; undefined when it is kebab-case. */
export function agentNamePortabilityWarning(name: string): string | undefined {
  if (PORTABLE_AGENT_NAME_PATTERN.test(name)) return undefined;
  const extra = [...new Set(name.replace(/[a-z0-9-]/g, ''))].map((c) => `"${c}"`).join(', ');
  return `agent name "${name}" has characters outside [a-z0-9-] (${extra}): Claude Code loads it, but tools that expect kebab-case names may not; prefer hyphens`;
}
