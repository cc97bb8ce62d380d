import { UsageError } from '../../errors.js';
import { workflowNames } from '../../workflow/workflow-files.js';
import { stringValue } from '../args.js';
import type { CliContext, CommandGroup } from '../command.js';
import { SHELLS, isShell } from '../completion/shells.js';
import { runtimeForAgents } from './agent-sources.js';

const LISTS = ['agents', 'workflows'] as const;

export const completionGroup: CommandGroup = {
  name: 'completion',
  summary: 'Print the shell completion script for bash, zsh or fish.',
  subcommands: [
    {
      name: '',
      summary: 'Print the shell completion script for bash, zsh or fish.',
      usage: 'bash|zsh|fish',
      details:
        "Completes commands, subcommands and options, and the names of this project's agents\n" +
        '(run --agent, agents show) and workflows (workflow run) as you type them. Install:\n\n' +
        '  bash  source <(claude-hybrid completion bash)      (add that line to ~/.bashrc)\n' +
        '  zsh   claude-hybrid completion zsh > ~/.zfunc/_claude-hybrid\n' +
        '        (with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc)\n' +
        '  fish  claude-hybrid completion fish > ~/.config/fish/completions/claude-hybrid.fish\n\n' +
        'The script is generated from the command table; after an upgrade, generate it again.\n' +
        '--list agents|workflows prints the names one per line: the scripts call it as you type.',
      options: {
        list: {
          type: 'string',
          value: 'KIND',
          description: 'Print the agent or workflow names, one per line (for the scripts)',
          complete: { choices: LISTS },
        },
      },
      positionals: { min: 0, max: 1, name: 'bash|zsh|fish', complete: [{ choices: SHELLS }] },
      examples: [
        'source <(claude-hybrid completion bash)',
        'claude-hybrid completion fish > ~/.config/fish/completions/claude-hybrid.fish',
      ],
      async run(context, values, positionals) {
        const list = stringValue(values, 'list');
        const shell = positionals[0];
        if (list !== undefined) {
          if (shell !== undefined)
            throw new UsageError('--list takes no shell', `drop "${shell}", or drop --list`);
          if (list === 'agents') {
            const { runtime } = await runtimeForAgents(context, values);
            const names = runtime.registry.load().agents.map((entry) => entry.definition.name);
            runtime.close();
            return printLines(context, names);
          }
          if (list === 'workflows') {
            const loaded = await context.loadConfig();
            return printLines(context, workflowNames(loaded.projectRoot));
          }
          throw new UsageError(
            `--list must be agents or workflows; got "${list}"`,
            'the completion scripts ask for these two',
          );
        }
        if (!isShell(shell))
          throw new UsageError(
            shell === undefined
              ? 'name the shell: bash, zsh or fish'
              : `no completion for the shell "${shell}"; there is one for ${SHELLS.join(', ')}`,
            "see 'claude-hybrid completion --help' for how to install it",
          );
        // Only when the build wrote no script (src/cli/main.ts prints those): generate it.
        const generate = await (await import('./split-door.js')).loadCompletionScript();
        context.payload(generate(shell));
        return 0;
      },
    },
  ],
};

function printLines(context: CliContext, lines: readonly string[]): number {
  if (lines.length > 0) context.out(lines.join('\n'));
  return 0;
}
