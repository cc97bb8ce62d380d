import type { AgentEntry } from '../../agents/index.js';

/** The JSON form of an agent in listings (`agents list --json`). */
export function agentSummary(entry: AgentEntry): Record<string, unknown> {
  const definition = entry.definition;
  return {
    name: definition.name,
    description: definition.description,
    model: definition.model ?? null,
    tier: definition.tier ?? null,
    scope: entry.scope,
    source: entry.file,
    keywords: definition.keywords,
    tools: definition.tools ?? null,
    managed: entry.managed,
  };
}

/** The full JSON form (`agents show --json`). */
export function agentDetail(entry: AgentEntry): Record<string, unknown> {
  const definition = entry.definition;
  return {
    ...agentSummary(entry),
    examples: definition.examples,
    disallowedTools: definition.disallowedTools ?? null,
    color: definition.color ?? null,
    permissionMode: definition.permissionMode ?? null,
    maxTurns: definition.maxTurns ?? null,
    skills: definition.skills ?? null,
    mcpServers: definition.mcpServers ?? null,
    hooks: definition.hooks ?? null,
    memory: definition.memory ?? null,
    background: definition.background ?? null,
    isolation: definition.isolation ?? null,
    effort: definition.effort ?? null,
    unknownFields: Object.fromEntries(
      definition.unknownFields.map((key) => [key, definition.frontmatter[key]]),
    ),
    prompt: definition.prompt,
  };
}
