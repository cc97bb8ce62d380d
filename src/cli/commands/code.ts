import { spawn } from 'node:child_process';
import { claudeExecutable } from '../../claude-code/claude-executable.js';
import { HybridError } from '../../errors.js';
import { flag } from '../args.js';
import type { CommandGroup } from '../command.js';
import { AGENT_SOURCE_OPTIONS, agentFlagLayer, runtimeForAgents } from './agent-sources.js';
import { planClaudeCode, prepareClaudeCode } from './claude-code-setup.js';

export const codeGroup: CommandGroup = {
  name: 'code',
  summary: 'Launch Claude Code as a project manager that delegates to the deployed agents.',
  subcommands: [
    {
      name: '',
      summary: 'Launch Claude Code as a project manager that delegates to the deployed agents.',
      usage: '[--replace-system-prompt] [--print] [-- CLAUDE_ARGS...]',
      details:
        'What it does:\n' +
        "1. assembles the PM instructions: the bundled pm agent's prompt, replaced by\n" +
        "  $CLAUDE_HYBRID_HOME/pm-instructions.md if there is one, replaced in turn by the project's\n" +
        '  .claude-hybrid/pm-instructions.md; then a table of the agents it can delegate to (name,\n' +
        '  what to use it for, model, tools) and the project memory (Critical first);\n' +
        '2. writes them to a content-addressed file, $CLAUDE_HYBRID_HOME/cache/pm/<sha256>.md;\n' +
        '3. deploys the agents, installs our hooks (http, local scope) and registers the MCP server\n' +
        '  in .mcp.json when they are not there yet, and starts the daemon if it is not running;\n' +
        '4. runs `claude --append-system-prompt-file FILE CLAUDE_ARGS...` in the project\n' +
        "  (--replace-system-prompt: --system-prompt-file, replacing Claude Code's own prompt), with\n" +
        '  CLAUDE_HYBRID_DAEMON_TOKEN set for project-scope hooks, and exits with its code.\n\n' +
        '--print works out steps 1 to 3 and prints the plan without doing any of it: nothing on\n' +
        'disk changes and no daemon starts (JSON: {instructions, instructionsText, agentsToDeploy,\n' +
        'daemon: {port, running}, hooks: {file, toInstall}, mcp: {file, toInstall}, command}).\n' +
        'CLAUDE_HYBRID_CLAUDE names another claude executable.',
      options: {
        'replace-system-prompt': {
          type: 'boolean',
          description: "Replace Claude Code's system prompt instead of appending to it",
        },
        print: {
          type: 'boolean',
          description: 'Print what would be set up and run, changing nothing; do not launch claude',
        },
        ...AGENT_SOURCE_OPTIONS,
      },
      positionals: { min: 0, max: Number.POSITIVE_INFINITY, name: 'CLAUDE_ARGS' },
      examples: [
        'claude-hybrid code',
        'claude-hybrid code -- --model opus',
        'claude-hybrid code --print --json',
      ],
      async run(context, values, claudeArgs) {
        const { runtime, loaded } = await runtimeForAgents(context, values, agentFlagLayer(values));
        const promptFlag = flag(values, 'replace-system-prompt')
          ? '--system-prompt-file'
          : '--append-system-prompt-file';
        if (flag(values, 'print')) {
          let plan;
          try {
            plan = await planClaudeCode(runtime, loaded, context.io.env);
          } finally {
            runtime.close();
          }
          const command = [
            claudeExecutable(context.io.env),
            promptFlag,
            plan.instructions.file,
            ...claudeArgs,
          ];
          if (context.json) {
            context.writeJson({
              instructions: plan.instructions.file,
              instructionsText: plan.instructions.text,
              agentsToDeploy: plan.agentsToDeploy,
              daemon: plan.daemon,
              hooks: { file: plan.hooks.file, toInstall: plan.hooks.changed },
              mcp: { file: plan.mcp.file, toInstall: plan.mcp.changed },
              command,
            });
            return 0;
          }
          const todo = (changed: boolean): string => (changed ? ' (to install)' : ' (in place)');
          context.out(
            [
              `instructions: ${plan.instructions.file}`,
              `agents to deploy: ${plan.agentsToDeploy.length === 0 ? 'none' : plan.agentsToDeploy.join(', ')}`,
              `daemon: 127.0.0.1:${plan.daemon.port}${plan.daemon.running ? ' (running)' : ' (to start)'}`,
              `hooks: ${plan.hooks.file}${todo(plan.hooks.changed)}`,
              `mcp: ${plan.mcp.file}${todo(plan.mcp.changed)}`,
              `command: ${command.join(' ')}`,
              '',
              'Nothing was changed: run without --print to do this and launch claude.',
            ].join('\n'),
          );
          return 0;
        }
        let setup;
        try {
          setup = await prepareClaudeCode(runtime, loaded, context.io.env);
        } finally {
          runtime.close();
        }
        const args = [promptFlag, setup.instructions, ...claudeArgs];
        const child = spawn(claudeExecutable(context.io.env), args, {
          cwd: loaded.projectRoot,
          // CLAUDE_HYBRID_AGENT: the status line names the main agent pm (daemon/status-line.ts).
          env: {
            ...context.io.env,
            CLAUDE_HYBRID_DAEMON_TOKEN: setup.daemon.info.token,
            CLAUDE_HYBRID_AGENT: 'pm',
          },
          stdio: 'inherit',
        });
        // Ctrl-C reaches claude through the terminal; we only wait for it to finish.
        const ignore = (): void => undefined;
        process.on('SIGINT', ignore);
        try {
          return await new Promise<number>((resolve, reject) => {
            child.once('error', (error: NodeJS.ErrnoException) => {
              reject(
                new HybridError(
                  'claude_code.not_found',
                  `cannot run ${claudeExecutable(context.io.env)}: ${error.code ?? error.message}`,
                  {
                    hint: 'install Claude Code (npm install -g @anthropic-ai/claude-code) or set CLAUDE_HYBRID_CLAUDE',
                    exitCode: 2,
                  },
                ),
              );
            });
            child.once('exit', (code, signal) => {
              resolve(code ?? (signal === null ? 1 : 128 + 2));
            });
          });
        } finally {
          process.removeListener('SIGINT', ignore);
        }
      },
    },
  ],
};
