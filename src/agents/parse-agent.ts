import type {
  AgentFileProblem,
  AgentFileWarning,
  AgentWarningKind,
  ModelTier,
} from './definition.js';
import { MODEL_TIERS } from './definition.js';
import { findKeyLine, splitFrontmatter } from './frontmatter.js';
import { ALIAS_BOMB_REASON, parseFullYaml, parseSimpleYaml } from '../yaml/index.js';
import type { FullYamlResult } from '../yaml/index.js';
import { AgentRecord, ParsedSource } from './agent-record.js';
import { agentNamePortabilityWarning, agentNameProblem } from './agent-name.js';
import { quotePlainValues, quotedValueWarning } from './lenient-frontmatter.js';
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

/** Control characters other than tab and line ends: terminal escapes (ESC, OSC, CSI) among them. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TERMINAL_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const CONTROL_WARNING =
  '{field} contains control characters (terminal escapes); they are shown escaped, and Claude Code sees them as they are';
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
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
 * Parses YAML strictly: the fast simple parser when the text fits its subset, else the full
 * library. Returns the value, or a one-line error with its line within `yaml`.
 */
function parseStrictYaml(yaml: string): FullYamlResult {
  const simple = parseSimpleYaml(yaml);
  return simple === undefined ? parseFullYaml(yaml) : { value: simple.value };
}

/**
 * Parses frontmatter as Claude Code does: strict YAML first; when that fails, Claude Code's
 * rewrite (quote plain values holding ": " and other indicators) and a second parse. `quoted`
 * lists what the rewrite changed, for warnings; when both parses fail the strict error is the
 * one reported. An alias bomb is refused, never rewritten. Every reader of agent frontmatter goes through here, so all agree.
 */
export function parseFrontmatterYaml(yaml: string): FullYamlResult & {
  readonly quoted: readonly {
    readonly line: number;
    readonly key: string;
    readonly value: string;
  }[];
} {
  const strict = parseStrictYaml(yaml);
  if (strict.error === undefined) return { ...strict, quoted: [] };
  // A refusal for safety stays a refusal: quoting the aliases would load the hostile file.
  if (strict.error.message.includes(ALIAS_BOMB_REASON)) return { ...strict, quoted: [] };
  const rewrite = quotePlainValues(yaml, (value) => Array.isArray(parseFullYaml(value).value));
  if (rewrite.quoted.length === 0 && rewrite.yaml === yaml) return { ...strict, quoted: [] };
  const second = parseStrictYaml(rewrite.yaml);
  return second.error === undefined
    ? { ...second, quoted: rewrite.quoted }
    : { ...strict, quoted: [] };
}

/**
 * Parses one agent file's text. Pure: no I/O. `base` is the directory's BASE-AGENT.md body,
 * appended to the prompt.
 */
export function parseAgentText(
  text: string,
  file: string,
  options: { base?: string | undefined } = {},
): ParseOutcome {
  const split = splitFrontmatter(text);
  if (split === undefined) {
    return invalid(
      file,
      1,
      'missing YAML frontmatter: the file must start with a "---" line and close it with another "---" line',
    );
  }
  const parsed = parseFrontmatterYaml(split.yaml);
  if (parsed.error !== undefined) {
    const line =
      parsed.error.line === undefined ? undefined : parsed.error.line + split.yamlStartLine - 1;
    return invalid(file, line, `invalid YAML frontmatter: ${parsed.error.message}`);
  }
  const raw = parsed.value;
  if (raw === null || raw === undefined)
    return invalid(file, 1, 'the frontmatter is empty: name and description are required');
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return invalid(file, split.yamlStartLine, 'the frontmatter must be a YAML mapping of fields');
  }
  const fields = raw as Record<string, unknown>; // checked to be a plain mapping just above
  const lineOf = (key: string): number | undefined => {
    const line = findKeyLine(split.yaml, key);
    return line === undefined ? undefined : line + split.yamlStartLine - 1;
  };
  for (const key of Object.keys(fields)) {
    if (FORBIDDEN_KEYS.has(key))
      return invalid(file, lineOf(key), `forbidden frontmatter key "${key}"`);
  }
  try {
    const warnings: AgentFileWarning[] = parsed.quoted.map(({ line, key, value }) => ({
      file,
      line: line + split.yamlStartLine - 1,
      warning: quotedValueWarning(key, value),
      kind: 'portability' as const,
    }));
    const definition = buildDefinition(fields, split.body, options.base, (key, warning, kind) => {
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
