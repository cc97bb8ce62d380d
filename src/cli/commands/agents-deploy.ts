import { isAbsolute, join, resolve } from 'node:path';
import { deployAgents } from '../../agents/index.js';
import type { LoadedConfig } from '../../config/index.js';
import { AgentError } from '../../errors.js';
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
    'Reports created, updated, unchanged and skipped (with the reason); --json prints that\n' +
    'report. In an initialised project it records an agents.deployed event.',
  options: {
    target: {
      type: 'string',
      value: 'DIR',
      description: 'Target directory (default: agents.deployTarget, .claude/agents)',
    },
    'dry-run': { type: 'boolean', description: 'Report what would change and write nothing' },
    force: { type: 'boolean', description: 'Overwrite files claude-hybrid does not own' },
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
          `no agent named ${missing.map((name) => `"${name}"`).join(', ')}`,
          {
            hint: "run 'claude-hybrid agents list' to see the agents",
            exitCode: 2,
          },
        );
      }
      agents = agents.filter((entry) => names.includes(entry.definition.name));
    }
    const dryRun = flag(values, 'dry-run');
    try {
      const report = deployAgents({ agents, target, dryRun, force: flag(values, 'force') });
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
      printDeployReport(context, report, 'agents');
      return 0;
    } finally {
      runtime.close();
    }
  },
};

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
