import { MAX_AGENT_NAME_LENGTH, PORTABLE_AGENT_NAME_PATTERN } from '../agents/agent-name.js';

/**
 * The skill-name rule (Claude Code's and the Agent Skills format's): lower-case letters and
 * digits separated by single hyphens, at most 64 characters, and the same as the folder's name
 * (the folder name is the `/command` and what deploy writes). No path can hide in such a name.
 */
export function skillNameProblem(name: string, folder: string): string | undefined {
  if (!PORTABLE_AGENT_NAME_PATTERN.test(name)) {
    return `skill name "${name}" must be lower-case letters and digits separated by single hyphens (e.g. review-change)`;
  }
  if (name.length > MAX_AGENT_NAME_LENGTH)
    return `skill name "${name}" is longer than ${MAX_AGENT_NAME_LENGTH} characters`;
  if (name !== folder)
    return `skill name "${name}" differs from its folder "${folder}": rename the folder or the name so they match`;
  return undefined;
}

/** Words the Agent Skills API reserves in names: Claude Code loads them, the API refuses them. */
const RESERVED_WORDS = ['anthropic', 'claude'];

export function skillNamePortabilityWarning(name: string): string | undefined {
  const word = RESERVED_WORDS.find((reserved) => name.includes(reserved));
  return word === undefined
    ? undefined
    : `skill name "${name}" contains the reserved word "${word}": Claude Code loads it, but the Agent Skills API refuses it`;
}
