import type { OptionSpec } from '../command.js';

/** The --provider option of every command that calls a model. */
export const PROVIDER_OPTION: Readonly<Record<string, OptionSpec>> = {
  provider: { type: 'string', value: 'P', description: 'anthropic, claude-code, openai or sim' },
};
