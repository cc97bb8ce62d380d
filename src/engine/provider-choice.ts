import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { claudeExecutable } from '../claude-code/claude-executable.js';
import { ConfigError } from '../errors.js';

/** The providers this version can run. */
export const PROVIDERS = [
  'anthropic',
  'bedrock',
  'vertex',
  'claude-code',
  'openai',
  'sim',
] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ProviderChoice {
  readonly name: ProviderName;
  readonly source: 'flag' | 'config' | 'environment';
}

/**
 * Which provider runs a task, highest first: `--provider`, config `engine.provider`, then
 * CLAUDE_CODE_USE_BEDROCK=1 (bedrock) or CLAUDE_CODE_USE_VERTEX=1 (vertex), as Claude Code reads
 * them, then ANTHROPIC_API_KEY in the environment (anthropic), then a runnable Claude Code
 * (`CLAUDE_HYBRID_CLAUDE`, else `claude` on PATH: claude-code, which runs the agent through
 * Claude Code). `openai` (an OpenAI-compatible server such as Ollama) and `sim` run only when asked for by name: a local or simulated answer must never
 * stand in for the configured one by accident.
 */
export function chooseProvider(input: {
  readonly flag?: string | undefined;
  readonly configured?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether Claude Code can be run. @default CLAUDE_HYBRID_CLAUDE, else `claude` on env.PATH */
  readonly hasClaude?: () => boolean;
}): ProviderChoice {
  for (const [value, source] of [
    [input.flag, 'flag'],
    [input.configured, 'config'],
  ] as const) {
    if (value === undefined || value === '') continue;
    if (!(PROVIDERS as readonly string[]).includes(value))
      throw new ConfigError(
        'engine.unknown_provider',
        `unknown provider "${value}"; this version has ${PROVIDERS.join(', ')}`,
        { hint: `pass --provider ${PROVIDERS.join('|')}` },
      );
    return { name: value as ProviderName, source }; // checked against PROVIDERS just above
  }
  // Claude Code's switches: a team that sends Claude Code through its cloud sends us there too.
  if (truthy(input.env.CLAUDE_CODE_USE_BEDROCK)) return { name: 'bedrock', source: 'environment' };
  if (truthy(input.env.CLAUDE_CODE_USE_VERTEX)) return { name: 'vertex', source: 'environment' };
  if ((input.env.ANTHROPIC_API_KEY ?? '') !== '')
    return { name: 'anthropic', source: 'environment' };
  if ((input.hasClaude ?? (() => claudeAvailable(input.env)))())
    return { name: 'claude-code', source: 'environment' };
  throw new ConfigError(
    'engine.no_provider',
    'no model provider is set up: ANTHROPIC_API_KEY is not set, claude is not on PATH (or CLAUDE_HYBRID_CLAUDE), and no --provider was given',
    {
      hint: `export ANTHROPIC_API_KEY=..., install Claude Code, or pass --provider ${PROVIDERS.join('|')} (sim runs offline)`,
    },
  );
}

/** Whether a switch variable is on, as Claude Code reads it: 1 or true. */
function truthy(value: string | undefined): boolean {
  const word = value?.trim().toLowerCase();
  return word === '1' || word === 'true';
}

/** Whether the Claude Code executable (CLAUDE_HYBRID_CLAUDE, else `claude`) can be run. */
function claudeAvailable(env: Readonly<Record<string, string | undefined>>): boolean {
  const command = claudeExecutable(env);
  if (!command.includes('/')) return onPath(command, env.PATH);
  try {
    accessSync(command, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether an executable `name` is in one of the PATH directories. */
export function onPath(name: string, path: string | undefined): boolean {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // Not here.
    }
  }
  return false;
}
