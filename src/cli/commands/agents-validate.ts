import { reportFromSnapshot, validateAgentPaths } from '../../agents/index.js';
import type { Subcommand } from '../command.js';
import { printValidation } from './deploy-output.js';
import { AGENT_SOURCE_OPTIONS, runtimeForAgents } from './agent-sources.js';

export const agentsValidate: Subcommand = {
  name: 'validate',
  summary: 'Check agent files; exits 2 when any file is invalid',
  usage: '[PATH...] [--json]',
  details:
    'With PATHs (files or directories), checks those; without, checks every discovery directory.\n' +
    'Warnings never fail the check; "portability" ones mark files Claude Code loads but stricter tools may not.\n' +
    'JSON: {files, valid, invalid: [{file, line, error}], duplicates: [{name, files}], shadowed,\n' +
    '  warnings: [{file, line, warning, kind: "portability"|"other"}], portabilityWarnings}.',
  options: { ...AGENT_SOURCE_OPTIONS },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, name: 'PATH' },
  examples: [
    'claude-hybrid agents validate',
    'claude-hybrid agents validate .claude/agents ./my-agent.md --json',
  ],
  async run(context, values, positionals) {
    let report;
    if (positionals.length > 0) {
      report = validateAgentPaths(positionals, context.io.cwd);
    } else {
      const { runtime } = await runtimeForAgents(context, values);
      report = reportFromSnapshot(runtime.registry.load());
    }
    return printValidation(context, report);
  },
};
