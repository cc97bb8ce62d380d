import type { CliResult } from '../support/cli.js';

/**
 * How one probe ended:
 * - `refused`: hostile input was turned away cleanly (exit 2, one named `error[code]` line);
 * - `handled`: the input was accepted and the product did the right thing with it;
 * - `lost`: data was lost or corrupted;
 * - `crashed`: `error[internal]`, an unexpected exit code, or a thrown exception;
 * - `hang`: it did not finish in time.
 */
export type ProbeOutcome = 'refused' | 'handled' | 'lost' | 'crashed' | 'hang';

export interface ProbeResult {
  readonly outcome: ProbeOutcome;
  /** What was seen, for the report when the outcome is not the expected one. */
  readonly detail?: string;
}

export interface ProbeCase {
  readonly name: string;
  /** Runs the probe in its own temporary home and reports how it ended. */
  run(): Promise<ProbeResult>;
}

/** One probe class of the reliability report (D1, D2, …), with the cases that replay it. */
export interface ProbeClass {
  readonly id: string;
  readonly title: string;
  readonly cases: readonly ProbeCase[];
}

/**
 * Classifies a CLI result that should refuse hostile input: exit 2 with a named error is
 * `refused`; `error[internal]`, a stack, or any other non-zero exit is `crashed`.
 */
export function refusal(result: CliResult, code?: string): ProbeResult {
  const detail = `exit ${result.code}: ${result.stderr.trim().slice(0, 300)}`;
  if (result.stderr.includes('error[internal]')) return { outcome: 'crashed', detail };
  if (result.code !== 2) return { outcome: 'crashed', detail };
  if (code !== undefined && !result.stderr.includes(`error[${code}]`))
    return { outcome: 'crashed', detail: `expected error[${code}]; ${detail}` };
  return { outcome: 'refused', detail };
}

/** Classifies a CLI result that should succeed: exit 0 is `handled`, anything else `crashed`. */
export function success(result: CliResult): ProbeResult {
  const detail = `exit ${result.code}: ${result.stderr.trim().slice(0, 300)}`;
  if (result.code === 0 && !result.stderr.includes('error[internal]'))
    return { outcome: 'handled', detail };
  return { outcome: 'crashed', detail };
}

/** Runs `work`, reporting `hang` when it takes longer than `ms`, `crashed` when it throws. */
export async function withDeadline(
  ms: number,
  work: () => Promise<ProbeResult>,
): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => {
      resolve({ outcome: 'hang', detail: `over ${ms} ms` });
    }, ms);
  });
  try {
    return await Promise.race([
      work().catch((error: unknown): ProbeResult => ({
        outcome: 'crashed',
        detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
      })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
