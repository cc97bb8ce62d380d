import { existsSync } from 'node:fs';
import { undeployAgents } from '../../agents/index.js';
import { UsageError } from '../../errors.js';
import { flag, stringValue } from '../args.js';
import type { Subcommand } from '../command.js';
import { deployTarget } from './agents-deploy.js';
import { AGENT_SOURCE_OPTIONS, runtimeForAgents } from './agent-sources.js';
import { printUndeployReport } from './deploy-output.js';

export const agentsUndeploy: Subcommand = {
  name: 'undeploy',
  summary: 'Remove the agent files `agents deploy` wrote, and only those',
  usage: '[NAME...] [--target DIR] [--dry-run] [--force] [--json]',
  details:
    'Removes from .claude/agents (or --target, or config agents.deployTarget) every file that\n' +
    '`agents deploy` wrote there, or only those of the NAMEs given. A file without the managed-by\n' +
    'marker, or a symbolic link, is never removed; a deployed file edited since is kept unless\n' +
    '--force. --dry-run reports what would be removed and removes nothing.\n\n' +
    'Reports removed, kept (with the reason) and absent (named agents not deployed there); --json\n' +
    'prints that report. In an initialised project it records an agents.undeployed event.',
  options: {
    target: {
      type: 'string',
      value: 'DIR',
      description: 'Directory the agents were deployed to (default: agents.deployTarget)',
    },
    'dry-run': { type: 'boolean', description: 'Report what would be removed and remove nothing' },
    force: { type: 'boolean', description: 'Also remove deployed files edited since' },
    ...AGENT_SOURCE_OPTIONS,
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, name: 'NAME', complete: ['agent'] },
  examples: [
    'claude-hybrid agents undeploy --dry-run',
    'claude-hybrid agents undeploy engineer qa',
    'claude-hybrid agents undeploy --target ~/.claude/agents',
  ],
  async run(context, values, names) {
    const { runtime, loaded } = await runtimeForAgents(context, values);
    try {
      const targetFlag = stringValue(values, 'target');
      const target = deployTarget(context.io.cwd, targetFlag, loaded);
      // The default target may not exist yet (nothing deployed); a directory named by hand must.
      if (targetFlag !== undefined && !existsSync(target))
        throw new UsageError(
          `--target ${target} does not exist`,
          'pass the directory the agents were deployed to',
        );
      const known = runtime.registry.load().agents.map((entry) => entry.definition.name);
      const dryRun = flag(values, 'dry-run');
      const report = undeployAgents({ target, names, known, dryRun, force: flag(values, 'force') });
      if (!dryRun && loaded.initialized) {
        runtime.bus.emit('agents.undeployed', {
          target,
          removed: [...report.removed],
          kept: report.kept.map((kept) => kept.name),
        });
      }
      if (context.json) {
        context.writeJson(report);
        return 0;
      }
      printUndeployReport(context, report);
      return 0;
    } finally {
      runtime.close();
    }
  },
};
