import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the resilience layer sees it, injected so tests can run retries, backoff and rate
 * limits without waiting. `now` is monotonic (intervals, deadlines); `epochMs` is wall-clock
 * time, needed only to read the RFC 3339 reset times in rate-limit headers.
 */
export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Milliseconds since the Unix epoch. */
  epochMs(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `callback` after `ms` unless the returned function is called first. Optional: without
   * it, timers are built on `sleep` and an AbortController, which costs more on the hot path
   * (an abort allocates an error with a stack, and the sleep rejects with another).
   */
  setTimer?(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal === undefined ? {} : { signal }),
  setTimer: (ms, callback) => {
    const handle = setTimeout(callback, Math.max(0, ms));
    return () => {
      clearTimeout(handle);
    };
  },
};

/** Calls `callback` after `ms` on `clock` unless the returned function is called first. */
export function startTimer(clock: Clock, ms: number, callback: () => void): () => void {
  if (clock.setTimer !== undefined) return clock.setTimer(ms, callback);
  const cancel = new AbortController();
  clock.sleep(ms, cancel.signal).then(callback, () => undefined); // rejected only when cancelled
  return () => {
    cancel.abort();
  };
}

/** Why `signal` aborted, as an Error (a reason given as anything else is wrapped). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : 'aborted');
}
