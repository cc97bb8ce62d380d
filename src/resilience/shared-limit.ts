import type { RateLimitSnapshot } from './rate-limit-headers.js';

/**
 * A request rate shared with other processes (the queue's workers, through Redis), consulted
 * before every attempt after the process's own slot and rate-limit ticket. Declared here so the
 * resilience layer needs nothing from whoever implements it.
 */
export interface SharedLimit {
  /**
   * Resolves when this process may send one request now, counting it as sent, with the
   * milliseconds waited. Rejects with the signal's reason when it aborts first.
   */
  acquire(signal?: AbortSignal): Promise<number>;
  /**
   * Holds every sharer off for `forMs` from now (a 429's retry-after, or a spent limit until its
   * reset). Never throws: a pause that cannot be stored is reported by the implementation.
   */
  pause(forMs: number): void;
}

/**
 * How long every process sharing the limit should hold off after this response, or 0: a
 * failure's retry-after, or else the time until the latest reset of a limit the response says
 * is spent. The latter is conservative (the provider refills before its full reset), which is
 * right for a pause all workers take; each process's own buckets still refill precisely.
 */
export function sharedPauseMs(snapshot: RateLimitSnapshot, epochNow: number): number {
  if (snapshot.retryAfterMs !== undefined && snapshot.retryAfterMs > 0)
    return snapshot.retryAfterMs;
  return Math.max(spentFor(snapshot.requests, epochNow), spentFor(snapshot.tokens, epochNow));
}

function spentFor(state: RateLimitSnapshot['requests'], epochNow: number): number {
  if (state === undefined || state.remaining > 0 || state.resetEpochMs === undefined) return 0;
  return Math.max(0, state.resetEpochMs - epochNow);
}
