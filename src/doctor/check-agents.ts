import { registryForConfig } from '../agents/config-registry.js';
import { reportFromSnapshot } from '../agents/validate-paths.js';
import type { ValidationReport } from '../agents/validate-paths.js';
import type { LoadedConfig } from '../config/index.js';
import { checkResult } from './check-result.js';
import type { DoctorInput } from './check-result.js';
import type { DoctorCheck } from './types.js';

const TITLE = 'Agents';

/** What a check is about: agent files (`agents`) or skill folders (`skills`). */
interface Kind {
  readonly id: 'agents' | 'skills';
  readonly title: string;
}

const AGENTS: Kind = { id: 'agents', title: TITLE };

function where(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}

/** The validator's report as one check: errors fail; duplicates and warnings warn. */
export function agentsCheckOf(report: ValidationReport, kind: Kind = AGENTS): DoctorCheck {
  const { id, title } = kind;
  const counted = `${report.files} files, ${report.valid} valid`;
  const invalid = report.invalid[0];
  if (invalid !== undefined)
    return checkResult(
      id,
      title,
      'fail',
      `${counted}, ${report.invalid.length} invalid: ${where(invalid.file, invalid.line)}: ${invalid.error}`,
      `fix or remove ${invalid.file}; claude-hybrid ${id} validate lists every problem`,
    );
  // Warnings: whatever the validator reports (portability of the agent files among them).
  const warning = report.warnings[0];
  const duplicate = report.duplicates[0];
  if (warning !== undefined)
    return checkResult(
      id,
      title,
      'warn',
      `${counted}, ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}: ${where(warning.file, warning.line)}: ${warning.warning}`,
      `edit ${warning.file}; claude-hybrid ${id} validate lists every warning`,
    );
  if (duplicate !== undefined)
    return checkResult(
      id,
      title,
      'warn',
      `${counted}; the name ${duplicate.name} is defined twice in one folder: ${duplicate.files.join(', ')} (the first is used)`,
      `rename or remove one of ${duplicate.files.join(', ')}`,
    );
  return checkResult(id, title, 'ok', counted);
}

/** Every discovered agent file parsed, as `agents validate` does with no paths. */
export function checkAgents(input: DoctorInput, loaded: LoadedConfig | undefined): DoctorCheck {
  if (loaded === undefined)
    return checkResult('agents', TITLE, 'skip', 'not checked: the configuration did not load');
  const registry = registryForConfig(loaded, { cwd: input.cwd, env: input.env });
  return agentsCheckOf(reportFromSnapshot(registry.load()));
}
