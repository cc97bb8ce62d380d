import type { LoadedConfig } from '../config/index.js';
import type { DoctorCheck, DoctorStatus } from './types.js';

/** What every check runs with. */
export interface DoctorInput {
  /** The folder the project is found from. */
  readonly cwd: string;
  /** Where `CLAUDE_HYBRID_*`, `HOME`, `PATH` and the API key are read. */
  readonly env: NodeJS.ProcessEnv;
  readonly online: boolean;
  readonly requireKey: boolean;
  /**
   * The layered config for `cwd` and `env`, every issue collected (`collectIssues`): the CLI's
   * own loader, so the command's bundle does not carry a second copy of it.
   */
  readonly loadConfig: () => Promise<LoadedConfig>;
  /** How long a network check may take. @default 5000 */
  readonly timeoutMs?: number;
}

/** One check's result; the fix is left out when there is none. */
export function checkResult(
  id: string,
  title: string,
  status: DoctorStatus,
  detail: string,
  fix?: string,
): DoctorCheck {
  return fix === undefined || status === 'ok' || status === 'skip'
    ? { id, title, status, detail }
    : { id, title, status, detail, fix };
}

/** The worst of several statuses: fail over warn over ok; skip only when all are skipped. */
export function worstStatus(statuses: readonly DoctorStatus[]): DoctorStatus {
  for (const status of ['fail', 'warn', 'ok'] as const)
    if (statuses.includes(status)) return status;
  return 'skip';
}

/** `1.5 MB`: a size for a person. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? 'TB'}`;
}
