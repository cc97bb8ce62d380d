import type { DeployReport, UndeployReport, ValidationReport } from '../../agents/index.js';
import type { AgentScope } from '../../agents/index.js';
import { UsageError } from '../../errors.js';
import type { CliContext, OptionSpec } from '../command.js';

/**
 * The human output `agents` and `skills` share for deploy, undeploy and validate: the same
 * report shapes, told the same way.
 */

export function printDeployReport(
  context: CliContext,
  report: DeployReport,
  noun: 'agents' | 'skills',
  /** Lines after the report's own (e.g. what an enabled plugin brings instead). */
  extra: readonly string[] = [],
): void {
  const { colors } = context;
  const { dryRun } = report;
  const lines = [`${dryRun ? 'Would deploy' : 'Deployed'} to ${report.target}:`];
  if (report.created.length > 0)
    lines.push(
      `  ${colors.green(dryRun ? 'would create' : 'created')}  ${report.created.join(', ')}`,
    );
  if (report.updated.length > 0)
    lines.push(
      `  ${colors.cyan(dryRun ? 'would update' : 'updated')}  ${report.updated.join(', ')}`,
    );
  if (report.unchanged.length > 0)
    lines.push(`  ${colors.dim('unchanged')}  ${report.unchanged.length} ${noun}`);
  for (const skip of report.skipped)
    lines.push(`  ${colors.yellow('skipped')}    ${skip.name}: ${skip.reason}`);
  context.out([...lines, ...extra].join('\n'));
}

export function printUndeployReport(context: CliContext, report: UndeployReport): void {
  const { colors } = context;
  const { dryRun } = report;
  const lines = [`${dryRun ? 'Would undeploy' : 'Undeployed'} from ${report.target}:`];
  if (report.removed.length > 0)
    lines.push(
      `  ${colors.green(dryRun ? 'would remove' : 'removed')}  ${report.removed.join(', ')}`,
    );
  if (report.removed.length === 0 && report.kept.length === 0)
    lines.push(`  ${colors.dim('nothing deployed by claude-hybrid')}`);
  for (const kept of report.kept)
    lines.push(`  ${colors.yellow('kept')}     ${kept.name}: ${kept.reason}`);
  if (report.absent.length > 0)
    lines.push(`  ${colors.dim('not deployed')}  ${report.absent.join(', ')}`);
  context.out(lines.join('\n'));
}

/** Prints (or writes as JSON) a validation report; returns the exit code: 2 when any is invalid. */
export function printValidation(context: CliContext, report: ValidationReport): number {
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
}

/** The line under `agents list` and `skills list`: how many, shadowed, duplicates, invalid. */
export function listingNotes(
  context: CliContext,
  count: number,
  noun: 'agent' | 'skill',
  snapshot: {
    readonly shadowed: readonly unknown[];
    readonly duplicates: readonly unknown[];
    readonly invalid: readonly unknown[];
  },
): void {
  const { colors } = context;
  const notes = [`${count} ${noun}${count === 1 ? '' : 's'}`];
  if (snapshot.shadowed.length > 0) notes.push(`${snapshot.shadowed.length} shadowed`);
  if (snapshot.duplicates.length > 0)
    notes.push(colors.yellow(`${snapshot.duplicates.length} duplicate names`));
  if (snapshot.invalid.length > 0)
    notes.push(
      colors.red(
        `${snapshot.invalid.length} invalid files (run 'claude-hybrid ${noun}s validate')`,
      ),
    );
  context.out(colors.dim(notes.join(', ')));
}

const SCOPES: readonly AgentScope[] = ['project', 'custom', 'user', 'bundled'];

/** `--scope` of `agents list` and `skills list`. */
export function scopeOption(noun: 'agents' | 'skills'): OptionSpec {
  return {
    type: 'string',
    value: 'SCOPE',
    description: `Only ${noun} found in this scope: project, custom, user or bundled`,
    complete: { choices: SCOPES },
  };
}

/** The `--scope` value, checked: a wrong one is a usage error with an example. */
export function checkedScope(
  scope: string | undefined,
  noun: 'agents' | 'skills',
): AgentScope | undefined {
  if (scope === undefined) return undefined;
  const found = SCOPES.find((candidate) => candidate === scope);
  if (found === undefined)
    throw new UsageError(
      `--scope must be one of ${SCOPES.join(', ')}; got "${scope}"`,
      `for example: claude-hybrid ${noun} list --scope ${SCOPES[0] ?? 'project'}`,
    );
  return found;
}
