import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, ensurePrivateDir, writeFileAtomic } from '../../files/index.js';
import { PROJECT_DIR, configTemplate, resolveHybridHome } from '../../config/index.js';
import { AgentError, HybridError, UsageError } from '../../errors.js';
import { createRuntime } from '../../runtime.js';
import { flag } from '../args.js';
import type { CommandGroup } from '../command.js';

const GITIGNORE =
  '# Local state: the event log and caches. Config, agents and memories are meant to be committed.\nstate.db\nstate.db-*\ncache/\n';

export const initGroup: CommandGroup = {
  name: 'init',
  summary:
    'Create .claude-hybrid/ here: a commented config.yaml, an agents/ folder and the state database.',
  subcommands: [
    {
      name: '',
      summary:
        'Create .claude-hybrid/ here: a commented config.yaml, an agents/ folder and the state database.',
      usage: '[--force] [--claude-code] [--json]',
      details:
        'Creates .claude-hybrid/ in the current directory: a commented config.yaml (every key,\n' +
        'commented out at its default), an agents/ folder, a .gitignore for local state, and\n' +
        'state.db. Safe to re-run: existing files are kept unless --force, which rewrites\n' +
        'config.yaml.\n\n' +
        'With --claude-code it also prepares the project for Claude Code in the same step, as `code`\n' +
        'does: the agents deployed into .claude/agents, the daemon started, our hooks installed in\n' +
        '.claude/settings.local.json, and the MCP server registered in .mcp.json.\n\n' +
        'JSON: {root, created, kept, database, schemaVersion}, plus claudeCode: {agentsDeployed,\n' +
        'daemonPort, hooksFile, mcpFile, instructions} with --claude-code.',
      options: {
        force: { type: 'boolean', description: 'Rewrite config.yaml even if it exists' },
        'claude-code': {
          type: 'boolean',
          description:
            'Also deploy the agents, start the daemon, install the hooks and register the MCP server',
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: ['claude-hybrid init', 'claude-hybrid init && claude-hybrid agents list'],
      async run(context, values) {
        const root = context.io.cwd;
        const dir = join(root, PROJECT_DIR);
        const home = resolveHybridHome(context.io.env);
        if (dir === home) {
          throw new UsageError(
            `${dir} is your user directory (CLAUDE_HYBRID_HOME), so ${root} cannot be a project`,
            "run init in a project folder; user-wide settings go in that directory's config.yaml",
          );
        }
        const created: string[] = [];
        const kept: string[] = [];
        const put = (file: string, content: string, overwrite: boolean): void => {
          if (existsSync(file) && !overwrite) {
            kept.push(file);
            return;
          }
          // Owner-only like the rest of .claude-hybrid/ (git records no read bits, only +x).
          writeFileAtomic(file, content, PRIVATE_FILE_MODE);
          created.push(file);
        };
        try {
          for (const folder of [dir, join(dir, 'agents')]) {
            const existed = existsSync(folder);
            // 0700, and an older install's looser .claude-hybrid/ is tightened.
            ensurePrivateDir(folder, { tighten: folder === dir });
            if (!existed) created.push(folder);
          }
          put(join(dir, 'config.yaml'), configTemplate(), flag(values, 'force'));
          put(join(dir, '.gitignore'), GITIGNORE, false);
        } catch (error) {
          if (error instanceof HybridError) throw error;
          const code = (error as NodeJS.ErrnoException).code ?? 'unknown'; // fs errors carry an errno code
          throw new AgentError('fs.not_writable', `cannot create ${dir} (${code})`, {
            hint: 'run init in a directory you can write to, or fix its permissions',
            cause: error,
            exitCode: 2,
          });
        }
        const loaded = await context.loadConfig();
        const runtime = createRuntime({ loaded, cwd: root, env: context.io.env });
        try {
          const database = runtime.store.path;
          runtime.bus.emit('project.initialized', { root });
          const claudeCode = flag(values, 'claude-code')
            ? await (
                await (await import('./split-door.js')).loadClaudeCodeSetup()
              )(runtime, loaded, context.io.env)
            : undefined;
          if (context.json) {
            context.writeJson({
              root,
              created,
              kept,
              database,
              schemaVersion: runtime.store.schemaVersion,
              ...(claudeCode === undefined
                ? {}
                : {
                    claudeCode: {
                      agentsDeployed: [
                        ...claudeCode.deployed.created,
                        ...claudeCode.deployed.updated,
                      ],
                      daemonPort: claudeCode.daemon.info.port,
                      hooksFile: claudeCode.hooks.file,
                      mcpFile: claudeCode.mcp.file,
                      instructions: claudeCode.instructions,
                    },
                  }),
            });
            return 0;
          }
          const { colors } = context;
          const lines = [`${colors.green('Initialised')} ${dir}`];
          for (const file of created) lines.push(`  created  ${file}`);
          for (const file of kept) lines.push(`  kept     ${file}`);
          lines.push(
            `  database ${database} (schema v${runtime.store.schemaVersion})`,
            ...(claudeCode === undefined
              ? ['', 'Next: claude-hybrid agents list, then claude-hybrid agents deploy']
              : [
                  `  agents   ${claudeCode.deployed.created.length + claudeCode.deployed.updated.length} deployed into .claude/agents`,
                  `  daemon   127.0.0.1:${claudeCode.daemon.info.port}${claudeCode.daemon.started ? ' (started)' : ''}`,
                  `  hooks    ${claudeCode.hooks.file}`,
                  `  mcp      ${claudeCode.mcp.file}`,
                  '',
                  'Next: claude-hybrid code',
                ]),
          );
          context.out(lines.join('\n'));
          return 0;
        } finally {
          runtime.close();
        }
      },
    },
  ],
};
