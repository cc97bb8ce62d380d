import { describe, expect, it } from 'vitest';
import { loadCommandGroups } from '../reference/command-groups.js';
import type { CommandGroup, Subcommand } from './command.js';
import { subcommandHelp, usageLine } from './help.js';

const group = (command: Subcommand): CommandGroup => ({
  name: 'memory',
  summary: 'Memory',
  subcommands: [command],
});
const command = (usage: string, options: Subcommand['options']): Subcommand => ({
  name: 'search',
  summary: 'Search',
  usage,
  options,
  positionals: { min: 1, max: 1, name: '"query"' },
  run: () => Promise.resolve(0),
});

describe('usageLine', () => {
  it('adds the options the hand-written usage leaves out, before a trailing [--json]', () => {
    const search = command('"query" [--agent A] [--json]', {
      agent: { type: 'string', value: 'A', description: 'Only this agent' },
      'agents-dir': { type: 'string', value: 'DIR', description: 'Agents from DIR' },
      'no-bundled': { type: 'boolean', description: 'No bundled agents' },
      input: { type: 'string', multiple: true, description: 'An input' },
    });
    expect(usageLine(group(search), search)).toBe(
      'claude-hybrid memory search "query" [--agent A] [--agents-dir DIR] [--no-bundled] [--input VALUE ...] [--json]',
    );
  });

  it('does not take a longer option for the one it starts with', () => {
    const search = command('[--agents-dir DIR] [--no-agent]', {
      agent: { type: 'boolean', description: 'x' },
      'agents-dir': { type: 'string', value: 'DIR', description: 'y' },
    });
    expect(usageLine(group(search), search)).toBe(
      'claude-hybrid memory search [--agents-dir DIR] [--no-agent] [--agent]',
    );
  });
});

describe('every command help', () => {
  it('names every option and positional of the command in its usage line', async () => {
    const missing: string[] = [];
    for (const commandGroup of await loadCommandGroups())
      for (const subcommand of commandGroup.subcommands) {
        const path = `${commandGroup.name} ${subcommand.name}`.trim();
        const usage = subcommandHelp(commandGroup, subcommand).split('\n')[0] ?? '';
        for (const name of Object.keys(subcommand.options))
          if (!new RegExp(`[^\\w-]--${name}(?![\\w-])`).test(usage))
            missing.push(`${path}: --${name}`);
        const { name, max } = subcommand.positionals;
        const words = name.split(/\s+/).filter(Boolean);
        // A placeholder name (AGENT [FILE|-], "query") is in the line as it is; a described one
        // (the task (quote it, ...)) has a placeholder of its own before the options.
        if (words.every((word) => /^[["A-Z]/.test(word))) {
          for (const word of words)
            if (!usage.includes(word.replace(/^\[|\]$/g, ''))) missing.push(`${path}: ${word}`);
        } else if (max > 0 && /^\[?-/.test(usage.slice(`Usage: claude-hybrid ${path} `.length)))
          missing.push(`${path}: ${name}`);
      }
    expect(missing).toEqual([]);
  });
});
