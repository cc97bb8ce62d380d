import { buildPlugin, DEFAULT_OUT } from '../../plugin/plugin.bundle.js';
import { flag, stringValue } from '../args.js';
import type { CliContext, CommandGroup, ParsedValues } from '../command.js';

async function build(context: CliContext, values: ParsedValues): Promise<number> {
  const report = await buildPlugin({
    out: stringValue(values, 'out'),
    includeLocal: flag(values, 'include-local'),
    cwd: context.io.cwd,
    env: context.io.env,
  });
  if (context.json) {
    context.writeJson(report);
    return 0;
  }
  const changed =
    report.written.length + report.removed.length === 0
      ? 'up to date'
      : `${report.written.length} file(s) written, ${report.removed.length} removed`;
  context.out(
    [
      `built the ${report.plugin} ${report.version} plugin in ${report.out} (${changed}):`,
      `  ${report.agents.length} agents, ${report.skills.length} skills, ${report.hookEvents.length} hook events, the MCP server`,
      'install it in Claude Code:',
      `  claude plugin marketplace add ${report.out}`,
      `  claude plugin install ${report.plugin}@${report.marketplace}`,
    ].join('\n'),
  );
  return 0;
}

export const pluginGroup: CommandGroup = {
  name: 'plugin',
  summary: 'Build the Claude Code plugin and its marketplace (agents, skills, hooks, MCP).',
  subcommands: [
    {
      name: 'build',
      summary: 'Write a Claude Code marketplace holding the claude-hybrid plugin.',
      usage: '[--out DIR] [--include-local] [--json]',
      details:
        'Writes DIR/.claude-plugin/marketplace.json and the plugin in DIR/plugins/claude-hybrid:\n' +
        'its manifest (name and version of this package), the bundled agents (agents/, as agents\n' +
        'deploy renders them) and skills (skills/), the command skills /claude-hybrid:route,\n' +
        ':status, :workflow and :memory, hooks/hooks.json for the 11 events the daemon handles, and\n' +
        '.mcp.json for the MCP server. The hooks and the MCP server run the claude-hybrid on PATH (a\n' +
        'global install: npm install -g claude-hybrid); without it, a session starts with one line\n' +
        'saying how to install it. SessionStart starts the daemon when it is down.\n\n' +
        "--include-local adds the project's and the user's own agents and skills. The output holds\n" +
        'no machine path, and building again changes no byte. DIR must be new, empty, or a previous\n' +
        'build (plugin.bad_out otherwise): only the files a build wrote are replaced.',
      options: {
        out: {
          type: 'string',
          value: 'DIR',
          description: `The marketplace folder (default: ./${DEFAULT_OUT})`,
        },
        'include-local': {
          type: 'boolean',
          description: "Also the project's and the user's own agents and skills",
        },
      },
      positionals: { min: 0, max: 0, name: '' },
      examples: [
        'claude-hybrid plugin build',
        'claude-hybrid plugin build --out ~/claude-hybrid-marketplace --include-local',
      ],
      run: (context, values) => build(context, values),
    },
  ],
};
