import {
  CONTROL_WARNING,
  TERMINAL_CONTROL,
  readFrontmatterFields,
} from '../agents/frontmatter-fields.js';
import { FieldError, optionalString, requiredString, stringList } from '../agents/field-readers.js';
import type { SkillDefinition, SkillFileProblem, SkillFileWarning } from './definition.js';
import { skillNamePortabilityWarning, skillNameProblem } from './skill-name.js';

export type SkillParseOutcome =
  | {
      readonly kind: 'ok';
      readonly definition: SkillDefinition;
      readonly warnings: SkillFileWarning[];
    }
  | { readonly kind: 'invalid'; readonly problem: SkillFileProblem };

/** Claude Code lists at most this much of a description to the model; the format's limit. */
export const MAX_SKILL_DESCRIPTION_CHARS = 1024;

/** Frontmatter keys Claude Code reads from a SKILL.md (its skill and command schema). */
const KNOWN_FIELDS = new Set([
  'name',
  'description',
  'allowed-tools',
  'disallowed-tools',
  'model',
  'argument-hint',
  'arguments',
  'disable-model-invocation',
  'user-invocable',
  'effort',
  'shell',
  'version',
  'when_to_use',
  'paths',
  'hooks',
  'context',
  'agent',
  'license',
  'metadata',
  'compatibility',
]);

/** Where Claude Code runs a skill: in the conversation, or in a forked subagent. */
const CONTEXTS = new Set(['inline', 'fork']);

/**
 * Parses one SKILL.md's text. Pure: no I/O. `folder` is the name of the folder holding it, which
 * the skill's name must equal. The frontmatter goes through the agents' reader, so the same
 * hostile-input guards hold (alias bombs refused, prototype keys refused).
 */
export function parseSkillText(text: string, file: string, folder: string): SkillParseOutcome {
  const read = readFrontmatterFields(text, file);
  if (read.kind === 'invalid') return read;
  const { fields, lineOf } = read;
  const warnings: SkillFileWarning[] = read.warnings;
  const warn = (key: string, warning: string, kind: 'portability' | 'other' = 'other'): void => {
    warnings.push({ file, line: lineOf(key), warning, kind });
  };
  try {
    const name = requiredString(fields, 'name');
    const nameProblem = skillNameProblem(name, folder);
    if (nameProblem !== undefined) throw new FieldError('name', nameProblem);
    const reserved = skillNamePortabilityWarning(name);
    if (reserved !== undefined) warn('name', reserved, 'portability');
    const description = requiredString(fields, 'description');
    if (description.length > MAX_SKILL_DESCRIPTION_CHARS) {
      throw new FieldError(
        'description',
        `"description" is ${description.length} characters; skills allow at most ${MAX_SKILL_DESCRIPTION_CHARS}: keep what it does and when to use it, move the rest to the body`,
      );
    }
    if (/<[a-zA-Z/][^>]*>/.test(description))
      warn(
        'description',
        'the description contains XML tags: Claude Code loads it, but the Agent Skills API refuses it',
        'portability',
      );
    if (TERMINAL_CONTROL.test(description))
      warn('description', CONTROL_WARNING.replace('{field}', 'the description'));
    if (TERMINAL_CONTROL.test(read.body))
      warn('(body)', CONTROL_WARNING.replace('{field}', 'the body'));
    if (read.body.trim() === '')
      warn('(body)', 'the body is empty: a skill needs instructions after the frontmatter');
    const allowedTools = stringList(fields, 'allowed-tools');
    stringList(fields, 'disallowed-tools');
    const disableModelInvocation = optionalBoolean(fields, 'disable-model-invocation') ?? false;
    const userInvocable = optionalBoolean(fields, 'user-invocable') ?? true;
    const context = optionalString(fields, 'context');
    if (context !== undefined && !CONTEXTS.has(context))
      throw new FieldError('context', `"context" must be inline or fork; found "${context}"`);
    const unknownFields = Object.keys(fields).filter((key) => !KNOWN_FIELDS.has(key));
    for (const key of unknownFields)
      warn(key, `unknown field "${key}": Claude Code ignores it in a SKILL.md`);
    return {
      kind: 'ok',
      definition: {
        name,
        description,
        allowedTools,
        model: optionalString(fields, 'model'),
        disableModelInvocation,
        userInvocable,
        frontmatter: fields,
        unknownFields,
        body: read.body,
      },
      warnings,
    };
  } catch (error) {
    if (error instanceof FieldError)
      return {
        kind: 'invalid',
        problem: { file, line: lineOf(error.key) ?? 1, error: error.message },
      };
    throw error;
  }
}

function optionalBoolean(fields: Record<string, unknown>, key: string): boolean | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new FieldError(key, `"${key}" must be true or false; found ${JSON.stringify(value)}`);
  return value;
}
