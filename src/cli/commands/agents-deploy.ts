import { isAbsolute, join, resolve } from 'node:path';
import { deployAgents } from '../../agents/index.js';
import type { AgentEntry } from '../../agents/index.js';
import type { LoadedConfig } from '../../config/index.js';
import { describeEnabled, enabledPlugin, pluginAgentNames } from '../../plugin/enabled-plugin.js';
import type { EnabledPlugin } from '../../plugin/enabled-plugin.js';
import { AgentError } from '../../errors.js';
import { notFoundMessage } from '../../routing/closest-names.js';
import { flag, stringValue } from '../args.js';
import type { Subcommand } from '../command.js';
import { AGENT_SOURCE_OPTIONS, runtimeForAgents } from './agent-sources.js';
import { printDeployReport } from './deploy-output.js';

export const agentsDeploy: Subcommand = {
  name: 'deploy',
  summary: 'Write the agents as Claude Code files into .claude/agents (idempotent)',
  usage: '[NAME...] [--target DIR] [--dry-run] [--force] [--json]',
  details:
    'Writes every effective agent (or only the NAMEs given) to .claude/agents, or --target, or\n' +
    'config agents.deployTarget. Files it writes carry a managed-by marker; a file without the\n' +
    'marker, or one edited since, is left alone unless --force, and agents already defined in the\n' +
    'target directory are kept. --dry-run reports what would change and writes nothing.\n\n' +
    'When the claude-hybrid Claude Code plugin is enabled here (enabledPlugins in user, project or\n' +
    'local settings), the agents it brings (as claude-hybrid:NAME) are not deployed a second time:\n' +
    'one line says which were left to it, unless --force.\n\n' +
    'Reports created, updated, unchanged and skipped (with the reason); --json prints that\n' +
    'report. In an initialised project it records an agents.deployed event.',
  options: {
    target: {
      type: 'string',
      value: 'DIR',
      description: 'Target directory (default: agents.deployTarget, .claude/agents)',
    },
    'dry-run': { type: 'boolean', description: 'Report what would change and write nothing' },
    force: {
      type: 'boolean',
      description:
        'Overwrite files claude-hybrid does not own; deploy agents the enabled plugin brings too',
    },
    ...AGENT_SOURCE_OPTIONS,
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, name: 'NAME', complete: ['agent'] },
  examples: [
    'claude-hybrid agents deploy',
    'claude-hybrid agents deploy engineer qa --dry-run',
    'claude-hybrid agents deploy --target ~/.claude/agents',
  ],
  async run(context, values, names) {
    const { runtime, loaded } = await runtimeForAgents(context, values);
    const target = deployTarget(context.io.cwd, stringValue(values, 'target'), loaded);
    const snapshot = runtime.registry.load();
    let agents = snapshot.agents;
    if (names.length > 0) {
      const missing = names.filter(
        (name) => !agents.some((entry) => entry.definition.name === name),
      );
      if (missing.length > 0) {
        throw new AgentError(
          'agents.not_found',
          notFoundMessage(
            'agent',
            missing,
            agents.map((entry) => entry.definition.name),
          ),
          {
            hint: "run 'claude-hybrid agents list' to see the agents",
            exitCode: 2,
          },
        );
      }
      agents = agents.filter((entry) => names.includes(entry.definition.name));
    }
    const dryRun = flag(values, 'dry-run');
    const force = flag(values, 'force');
    const plugin = force
      ? undefined
      : enabledPlugin({ projectRoot: loaded.projectRoot, env: context.io.env });
    const leftToPlugin = plugin === undefined ? [] : pluginBrings(plugin, agents, context.io.env);
    agents = agents.filter((entry) => !leftToPlugin.includes(entry.definition.name));
    try {
      const deployed = deployAgents({
        agents,
        target,
        dryRun,
        force,
        rendered: runtime.registry.rendered,
      });
      const report = plugin === undefined ? deployed : { ...deployed, plugin, leftToPlugin };
      if (!dryRun && loaded.initialized) {
        runtime.bus.emit('agents.deployed', {
          target,
          written: [...report.created, ...report.updated],
          unchanged: [...report.unchanged],
          skipped: report.skipped.map((skip) => skip.name),
        });
      }
      if (context.json) {
        context.writeJson(report);
        return 0;
      }
      printDeployReport(
        context,
        report,
        'agents',
        plugin !== undefined && leftToPlugin.length > 0
          ? [
              `  ${context.colors.dim('left to the plugin')}  ${leftToPlugin.join(', ')}: ${describeEnabled(plugin)} and brings them (--force deploys them anyway)`,
            ]
          : [],
      );
      return 0;
    } finally {
      runtime.close();
    }
  },
};

/**
 * The agents among `agents` that the enabled plugin brings: those in its installed copy, or, when
 * Claude Code's record of it cannot be read, the bundled ones (what a plugin build holds).
 */
function pluginBrings(
  plugin: EnabledPlugin,
  agents: readonly AgentEntry[],
  env: NodeJS.ProcessEnv,
): string[] {
  const installed = pluginAgentNames(plugin.id, env);
  return agents
    .filter((entry) =>
      installed === undefined
        ? entry.scope === 'bundled'
        : installed.includes(entry.definition.name),
    )
    .map((entry) => entry.definition.name);
}

/** `--target` (relative to the working directory), else `agents.deployTarget` (to the project). */
export function deployTarget(
  cwd: string,
  targetFlag: string | undefined,
  loaded: LoadedConfig,
): string {
  if (targetFlag !== undefined) return resolve(cwd, targetFlag);
  const configured = loaded.config.agents.deployTarget;
  return isAbsolute(configured) ? configured : join(loaded.projectRoot, configured);
}
