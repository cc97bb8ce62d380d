import type { Verbosity } from '../command.js';

/** Waits shorter than this print nothing unless --verbose: a person would not notice them. */
export const NOTICEABLE_WAIT_MS = 500;

/** A run.retrying payload, as the CLI reads it. */
export interface RetryShown {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly error: string;
}

/**
 * The stderr line for a retry, e.g. `rate limited, retrying in 1.2 s (attempt 2/5)`, naming the
 * attempt about to be made; with --verbose also the failed attempt's error code and the exact
 * wait. Undefined when nothing is shown: always with --quiet, and for a wait under half a
 * second unless --verbose.
 */
export function retryLine(retry: RetryShown, verbosity: Verbosity): string | undefined {
  if (verbosity === 'quiet') return undefined;
  if (verbosity === 'normal' && retry.delayMs < NOTICEABLE_WAIT_MS) return undefined;
  const line = `${retry.reason}, retrying in ${seconds(retry.delayMs)} (attempt ${retry.attempt + 1}/${retry.maxAttempts})`;
  if (verbosity === 'normal') return line;
  return `${line}: attempt ${retry.attempt} failed with ${retry.error}, waiting ${Math.round(retry.delayMs)} ms`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
