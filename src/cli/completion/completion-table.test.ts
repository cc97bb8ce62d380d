import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../engine/provider-choice.js';
import type { CommandGroup } from '../command.js';
import { PROVIDER_CHOICES } from '../commands/provider-option.js';
import { buildCompletionTable } from './completion-table.js';
import { COMMAND_TABLE } from './command-table.js';

const noop = (): Promise<number> => Promise.resolve(0);

describe('the completion table', () => {
  it('takes each kind from the definition, else from the DIR or FILE placeholder', () => {
    const group: CommandGroup = {
      name: 'thing',
      summary: 'Things.',
      subcommands: [
        {
          name: 'do',
          summary: 'Do a thing.',
          usage: '',
          options: {
            quiet: { type: 'boolean', short: 'q', description: 'Say less' },
            into: { type: 'string', value: 'DIR', description: 'Where' },
            from: { type: 'string', value: 'FILE', description: 'What' },
            model: { type: 'string', value: 'M', description: 'Which' },
            who: { type: 'string', value: 'A', description: 'Who', complete: 'agent' },
          },
          positionals: { min: 0, max: 1, name: 'FILE' },
          run: noop,
        },
        {
          name: 'say',
          summary: 'Say it',
          usage: '',
          options: {},
          positionals: { min: 1, max: 9, name: 'AGENT "text"', complete: ['agent', 'text'] },
          run: noop,
        },
      ],
    };
    expect(buildCompletionTable([group], {}, {})).toEqual({
      groups: [
        {
          name: 'thing',
          summary: 'Things',
          commands: [
            {
              name: 'do',
              summary: 'Do a thing',
              options: [
                { name: 'quiet', short: 'q', description: 'Say less' },
                { name: 'into', description: 'Where', value: 'dir' },
                { name: 'from', description: 'What', value: 'file' },
                { name: 'model', description: 'Which', value: 'text' },
                { name: 'who', description: 'Who', value: 'agent' },
              ],
              positionals: ['file'],
            },
            {
              name: 'say',
              summary: 'Say it',
              options: [],
              positionals: ['agent', 'text'],
            },
          ],
        },
      ],
      globalOptions: [],
      topOptions: [],
    });
  });

  it('offers the providers the engine runs', () => {
    expect(PROVIDER_CHOICES).toEqual(PROVIDERS);
    const run = COMMAND_TABLE.groups.find((group) => group.name === 'run')?.commands[0];
    expect(run?.options.find((option) => option.name === 'provider')?.value).toEqual({
      choices: [...PROVIDERS],
    });
    expect(run?.options.find((option) => option.name === 'agent')?.value).toBe('agent');
  });
});
