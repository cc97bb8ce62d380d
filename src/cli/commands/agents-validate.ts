import { reportFromSnapshot, validateAgentPaths } from '../../agents/index.js';
import type { Subcommand } from '../command.js';
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
    const failed = report.invalid.length > 0;
    const portability = report.warnings.filter((warning) => warning.kind === 'portability').length;
    if (context.json) {
      context.writeJson({ ...report, portabilityWarnings: portability });
      return failed ? 2 : 0;
    }
    const { colors } = context;
    const lines: string[] = [];
    for (const problem of report.invalid) {
      lines.push(
        `${colors.red('invalid')}  ${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.error}`,
      );
    }
    for (const duplicate of report.duplicates) {
      lines.push(
        `${colors.yellow('duplicate')}  ${duplicate.name}: ${duplicate.files.join(', ')} (the first is used)`,
      );
    }
    for (const warning of report.warnings) {
      const label = warning.kind === 'portability' ? 'portability' : 'warning';
      lines.push(
        `${colors.yellow(label)}  ${warning.file}${warning.line === undefined ? '' : `:${warning.line}`}: ${warning.warning}`,
      );
    }
    lines.push(
      `${report.files} files: ${colors.green(`${report.valid} valid`)}, ${failed ? colors.red(`${report.invalid.length} invalid`) : '0 invalid'}, ${report.duplicates.length} duplicate names, ${report.warnings.length} warnings (${portability} portability)`,
    );
    context.out(lines.join('\n'));
    return failed ? 2 : 0;
  },
};
