import type { SkillEntry } from '../../skills/index.js';

/** The JSON form of a skill in listings (`skills list --json`). */
export function skillSummary(entry: SkillEntry): Record<string, unknown> {
  const definition = entry.definition;
  return {
    name: definition.name,
    description: definition.description,
    allowedTools: definition.allowedTools ?? null,
    scope: entry.scope,
    source: entry.file,
    files: entry.extraFiles,
    managed: entry.managed,
  };
}

/** The full JSON form (`skills show --json`). */
export function skillDetail(entry: SkillEntry): Record<string, unknown> {
  const definition = entry.definition;
  return {
    ...skillSummary(entry),
    model: definition.model ?? null,
    disableModelInvocation: definition.disableModelInvocation,
    userInvocable: definition.userInvocable,
    frontmatter: definition.frontmatter,
    unknownFields: definition.unknownFields,
    body: definition.body,
  };
}
