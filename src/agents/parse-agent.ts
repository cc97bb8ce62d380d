import type {
  AgentFileProblem,
  AgentFileWarning,
  AgentWarningKind,
  ModelTier,
} from './definition.js';
import { MODEL_TIERS } from './definition.js';
import { CONTROL_WARNING, TERMINAL_CONTROL, readFrontmatterFields } from './frontmatter-fields.js';
import { AgentRecord, ParsedSource } from './agent-record.js';
import { agentNamePortabilityWarning, agentNameProblem } from './agent-name.js';
import {
  FieldError,
  exampleList,
  optionalString,
  requiredString,
  stringList,
} from './field-readers.js';

export type ParseOutcome =
  | {
      readonly kind: 'ok';
      readonly definition: AgentRecord;
      readonly warnings: AgentFileWarning[];
    }
  | { readonly kind: 'invalid'; readonly problem: AgentFileProblem };

const MODEL_ALIASES = new Set(['inherit', 'sonnet', 'opus', 'haiku', 'opusplan', 'default']);
const PERMISSION_MODES = new Set([
  'default',
  'acceptEdits',
  'bypassPermissions',
  'plan',
  'dontAsk',
  'auto',
]);
/**
 * Parses one agent file's text. Pure: no I/O. `base` is the directory's BASE-AGENT.md body,
 * appended to the prompt.
 */
export function parseAgentText(
  text: string,
  file: string,
  options: { base?: string | undefined } = {},
): ParseOutcome {
  const read = readFrontmatterFields(text, file);
  if (read.kind === 'invalid') return read;
  const { fields, lineOf } = read;
  try {
    const warnings: AgentFileWarning[] = read.warnings;
    const definition = buildDefinition(fields, read.body, options.base, (key, warning, kind) => {
      warnings.push({ file, line: lineOf(key), warning, kind: kind ?? 'other' });
    });
    return { kind: 'ok', definition, warnings };
  } catch (error) {
    if (error instanceof FieldError) return invalid(file, lineOf(error.key) ?? 1, error.message);
    throw error;
  }
}

function invalid(file: string, line: number | undefined, error: string): ParseOutcome {
  return { kind: 'invalid', problem: { file, line, error } };
}

function buildDefinition(
  fields: Record<string, unknown>,
  body: string,
  base: string | undefined,
  warn: (key: string, warning: string, kind?: AgentWarningKind) => void,
): AgentRecord {
  const name = requiredString(fields, 'name');
  const nameProblem = agentNameProblem(name);
  if (nameProblem !== undefined) throw new FieldError('name', nameProblem);
  const namePortability = agentNamePortabilityWarning(name);
  if (namePortability !== undefined) warn('name', namePortability, 'portability');
  const description = requiredString(fields, 'description');
  if (TERMINAL_CONTROL.test(description))
    warn('description', CONTROL_WARNING.replace('{field}', 'the description'));
  if (TERMINAL_CONTROL.test(body))
    warn('(prompt)', CONTROL_WARNING.replace('{field}', 'the prompt'));
  const model = optionalString(fields, 'model');
  if (model !== undefined && !MODEL_ALIASES.has(model) && !model.startsWith('claude-')) {
    warn(
      'model',
      `unknown model "${model}": expected inherit, sonnet, opus, haiku or a claude-* model id`,
    );
  }
  const permissionMode = optionalString(fields, 'permissionMode');
  if (permissionMode !== undefined && !PERMISSION_MODES.has(permissionMode)) {
    warn('permissionMode', `unknown permissionMode "${permissionMode}"`);
  }
  const tierValue = optionalString(fields, 'tier');
  let tier: ModelTier | undefined;
  if (tierValue !== undefined) {
    if (!isModelTier(tierValue))
      throw new FieldError('tier', `tier must be one of haiku, sonnet, opus; found "${tierValue}"`);
    tier = tierValue;
  } else {
    tier = tierFromModel(model);
  }
  const maxTurns = fields.maxTurns;
  if (
    maxTurns !== undefined &&
    maxTurns !== null &&
    (typeof maxTurns !== 'number' || !Number.isInteger(maxTurns) || maxTurns < 1)
  ) {
    throw new FieldError(
      'maxTurns',
      `maxTurns must be a positive integer; found ${JSON.stringify(maxTurns)}`,
    );
  }
  const background = fields.background;
  if (background !== undefined && background !== null && typeof background !== 'boolean') {
    throw new FieldError(
      'background',
      `background must be true or false; found ${JSON.stringify(background)}`,
    );
  }
  const hooks = fields.hooks;
  if (
    hooks !== undefined &&
    hooks !== null &&
    (typeof hooks !== 'object' || Array.isArray(hooks))
  ) {
    throw new FieldError('hooks', 'hooks must be a mapping of hook event names to hook lists');
  }
  const keywords = stringList(fields, 'keywords')?.map((keyword) => keyword.toLowerCase()) ?? [];
  exampleList(fields); // validated now; the record reads them from the frontmatter when needed
  return new AgentRecord(
    {
      name,
      description,
      tools: stringList(fields, 'tools'),
      disallowedTools: stringList(fields, 'disallowedTools'),
      model,
      color: optionalString(fields, 'color'),
      permissionMode,
      maxTurns: typeof maxTurns === 'number' ? maxTurns : undefined,
      skills: stringList(fields, 'skills'),
      mcpServers: fields.mcpServers ?? undefined,
      hooks: hooks ?? undefined,
      memory: optionalString(fields, 'memory'),
      background: typeof background === 'boolean' ? background : undefined,
      isolation: optionalString(fields, 'isolation'),
      effort: optionalString(fields, 'effort'),
      keywords,
      tier,
    },
    new ParsedSource(body, fields),
    base,
  );
}

function isModelTier(value: string): value is ModelTier {
  return (MODEL_TIERS as readonly string[]).includes(value);
}

/** Derives the tier from an alias or a model id such as `claude-sonnet-4-5`. */
export function tierFromModel(model: string | undefined): ModelTier | undefined {
  if (model === undefined) return undefined;
  for (const tier of MODEL_TIERS) if (model === tier || model.includes(`-${tier}`)) return tier;
  return undefined;
}
