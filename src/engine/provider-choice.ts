import { ConfigError } from '../errors.js';

/** The providers this version can run. */
export const PROVIDERS = ['anthropic', 'openai', 'sim'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ProviderChoice {
  readonly name: ProviderName;
  readonly source: 'flag' | 'config' | 'environment';
}

/**
 * Which provider runs a task, highest first: `--provider`, config `engine.provider`, then
 * ANTHROPIC_API_KEY in the environment (anthropic). `openai` (an OpenAI-compatible server such
 * as Ollama) and `sim` run only when asked for by name: a local or simulated answer must never
 * stand in for the configured one by accident.
 */
export function chooseProvider(input: {
  readonly flag?: string | undefined;
  readonly configured?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
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
  throw new ConfigError(
    'engine.no_provider',
    'no model provider is set up: ANTHROPIC_API_KEY is not set and no --provider was given',
    {
      hint: 'export ANTHROPIC_API_KEY=... for the Anthropic API, or pass --provider sim for an offline simulated run',
    },
  );
}
