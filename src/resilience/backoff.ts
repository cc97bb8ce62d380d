export interface BackoffOptions {
  /** Delay ceiling for the first retry, in milliseconds. @default 500 */
  readonly baseMs?: number;
  /** No retry waits longer than this, in milliseconds. @default 30000 */
  readonly maxMs?: number;
}

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from [0, min(max, base·2^(n-1)))
 * for the n-th retry. Full jitter spreads a burst of clients that failed together, so they do
 * not retry together (the thundering herd a fixed backoff recreates).
 */
export function fullJitterDelay(
  retry: number,
  options: BackoffOptions,
  random: () => number,
): number {
  const base = options.baseMs ?? 500;
  const ceiling = Math.min(options.maxMs ?? 30_000, base * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
