import { join, resolve } from 'node:path';
import { scaffoldAgent } from '../../agents/index.js';
import { flag, stringValue } from '../args.js';
import type { Subcommand } from '../command.js';

export const agentsNew: Subcommand = {
  name: 'new',
  summary: 'Scaffold a new agent definition (default: .claude-hybrid/agents/NAME.md)',
  usage: 'NAME [--dir DIR] [--description TEXT] [--model MODEL] [--force]',
  details:
    'Scaffolds NAME.md in <project>/.claude-hybrid/agents (or --dir) with valid frontmatter and\n' +
    'an outline of the prompt to fill in. NAME is lower-case letters and digits separated by\n' +
    '-, . or _ (agents.bad_name otherwise). Refuses to replace an existing file without --force\n' +
    '(agents.exists).',
  options: {
    dir: {
      type: 'string',
      value: 'DIR',
      description: 'Directory to create it in (default: <project>/.claude-hybrid/agents)',
    },
    description: {
      type: 'string',
      value: 'TEXT',
      description: 'The description Claude Code uses to decide delegation',
    },
    model: { type: 'string', value: 'MODEL', description: 'Model alias or id (default: sonnet)' },
    force: { type: 'boolean', description: 'Replace an existing file' },
  },
  positionals: { min: 1, max: 1, name: 'agent NAME' },
  examples: [
    'claude-hybrid agents new release-manager --description "Cuts releases. Use when shipping a version."',
  ],
  async run(context, values, positionals) {
    const loaded = await context.loadConfig();
    const dirFlag = stringValue(values, 'dir');
    const dir =
      dirFlag === undefined
        ? join(loaded.projectRoot, '.claude-hybrid', 'agents')
        : resolve(context.io.cwd, dirFlag);
    const file = scaffoldAgent({
      name: positionals[0] ?? '',
      dir,
      description: stringValue(values, 'description'),
      model: stringValue(values, 'model'),
      force: flag(values, 'force'),
    });
    if (context.json) context.writeJson({ created: file });
    else
      context.out(
        `Created ${file}\nEdit its description and prompt, then run 'claude-hybrid agents validate ${file}'.`,
      );
    return 0;
  },
};
