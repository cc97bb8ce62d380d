import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ConfigError } from '../errors.js';

/** The providers this version can run. */
export const PROVIDERS = ['anthropic', 'claude-code', 'openai', 'sim'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ProviderChoice {
  readonly name: ProviderName;
  readonly source: 'flag' | 'config' | 'environment';
}

/**
 * Which provider runs a task, highest first: `--provider`, config `engine.provider`, then
 * ANTHROPIC_API_KEY in the environment (anthropic), then `claude` on PATH (claude-code, which
 * runs the agent through Claude Code). `openai` (an OpenAI-compatible server such
 * as Ollama) and `sim` run only when asked for by name: a local or simulated answer must never
 * stand in for the configured one by accident.
 */
export function chooseProvider(input: {
  readonly flag?: string | undefined;
  readonly configured?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a `claude` executable is on PATH. @default looks it up in env.PATH */
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
  if ((input.env.ANTHROPIC_API_KEY ?? '') !== '')
    return { name: 'anthropic', source: 'environment' };
  if ((input.hasClaude ?? (() => onPath('claude', input.env.PATH)))())
    return { name: 'claude-code', source: 'environment' };
  throw new ConfigError(
    'engine.no_provider',
    'no model provider is set up: ANTHROPIC_API_KEY is not set, claude is not on PATH, and no --provider was given',
    {
      hint: `export ANTHROPIC_API_KEY=..., install Claude Code, or pass --provider ${PROVIDERS.join('|')} (sim runs offline)`,
    },
  );
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
