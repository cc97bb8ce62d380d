import type { OptionSpec } from '../command.js';

/**
 * The providers, as PROVIDERS in src/engine/provider-choice.ts names them; spelled out here so
 * that this option costs the commands that only list it nothing (completion-table.test.ts
 * checks the two agree).
 */
export const PROVIDER_CHOICES: readonly string[] = [
  'anthropic',
  'bedrock',
  'vertex',
  'claude-code',
  'openai',
  'sim',
];

/** The --provider option of every command that calls a model. */
export const PROVIDER_OPTION: Readonly<Record<string, OptionSpec>> = {
  provider: {
    type: 'string',
    value: 'P',
    description: 'anthropic, bedrock, vertex, claude-code, openai or sim',
    complete: { choices: PROVIDER_CHOICES },
  },
};
