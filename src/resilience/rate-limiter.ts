import { ProviderError } from '../errors.js';
import { abortReason, startTimer } from './clock.js';
import type { Clock } from './clock.js';
import type { RateLimitSnapshot } from './rate-limit-headers.js';
import { Bucket } from './rate-limit-bucket.js';

export interface RateLimitOptions {
  /** Requests per minute to assume before the server says otherwise. @default unlimited */
  readonly requestsPerMinute?: number;
  /** Input plus output tokens per minute to assume before the server says. @default unlimited */
  readonly tokensPerMinute?: number;
}

/** Issued by acquire(): the request in flight, until observe() or release() closes it. */
export interface RateLimitTicket {
  readonly tokens: number;
  open: boolean;
}

/** A caller queued in acquire(). */
interface Waiter {
  readonly tokens: number;
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (ticket: RateLimitTicket) => void;
  readonly reject: (reason: unknown) => void;
  readonly onAbort: () => void;
}

/**
 * Adaptive client-side rate limiting for one provider credential: a request bucket and a token
 * bucket. `acquire` waits until both allow the request and no pause is in force; `observe`
 * corrects both from response headers, so no call is sent that the server would refuse.
 *
 * Waiters queue in arrival order behind one timer, set for the moment the head of the queue can
 * go: that is when capacity returns (a reset passes, the bucket refills) or a report arrives,
 * and the queue is served at once, as many as the capacity allows, each waking exactly once.
 */
export class RateLimiter {
  private readonly requests: Bucket;
  private readonly tokens: Bucket;
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  /** Cancels the pending timer; undefined when none is set. */
  private cancelTimer: (() => void) | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    options: RateLimitOptions,
    private readonly clock: Clock,
  ) {
    const now = clock.now();
    this.requests = new Bucket(options.requestsPerMinute, now);
    this.tokens = new Bucket(options.tokensPerMinute, now);
  }

  /** The fast path of `acquire`: a ticket when the request may go now and no one is waiting. */
  tryAcquire(tokens: number): RateLimitTicket | undefined {
    if (this.waiters.length > 0 || this.waitFor(tokens, this.clock.now()) > 0) return undefined;
    return this.grant(tokens);
  }

  /**
   * Waits until a request estimated at `tokens` may be sent, then counts it as sent. Rejects
   * with a `provider.deadline` error as soon as the wait is known to end after `deadline`
   * (clock time).
   */
  acquire(
    tokens: number,
    signal?: AbortSignal,
    deadline = Number.POSITIVE_INFINITY,
  ): Promise<RateLimitTicket> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const now = this.clock.now();
    const wait = this.waitFor(tokens, now);
    // Callers already waiting go first, even when this one would fit now.
    if (wait <= 0 && this.waiters.length === 0) return Promise.resolve(this.grant(tokens));
    if (wait > 0 && now + wait >= deadline) return Promise.reject(deadlineError(wait));
    return new Promise<RateLimitTicket>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        deadline,
        signal,
        resolve,
        reject,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index < 0) return;
          this.waiters.splice(index, 1);
          reject(abortReason(signal));
          // The head may have been holding back the rest.
          if (index === 0) this.drain();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      if (this.waiters.length === 1) this.drain();
    });
  }

  /** Blocks every request for `ms` (a 429's retry-after). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Closes a ticket whose request got no response to learn from (it failed before one). */
  release(ticket: RateLimitTicket): void {
    if (!ticket.open) return;
    ticket.open = false;
    this.requests.settle(1);
    this.tokens.settle(ticket.tokens);
    // With nothing left in flight, an exhausted bucket may now probe.
    if (this.waiters.length > 0) this.drain();
  }

  /**
   * Corrects the buckets from the response to `ticket`'s request, and closes the ticket. The
   * server's count may not include any other request still in flight (sent before or after this
   * one), so all of those are subtracted from what it says remains.
   */
  observe(ticket: RateLimitTicket, snapshot: RateLimitSnapshot, actualTokens?: number): void {
    const now = this.clock.now();
    const epochNow = this.clock.epochMs();
    if (ticket.open) {
      ticket.open = false;
      this.requests.settle(1);
      this.tokens.settle(ticket.tokens);
    }
    if (actualTokens !== undefined) this.tokens.adjust(ticket.tokens - actualTokens);
    const { requests, tokens } = snapshot;
    if (requests !== undefined) this.requests.correct(requests, now, epochNow);
    if (tokens !== undefined) this.tokens.correct(tokens, now, epochNow);
    // A spent limit with a reported reset is already waited out, precisely, by its bucket. So
    // retry-after stops every caller only when the response says nothing about the limits, or a
    // limit is spent with no reset to wait for. A 429 with budget left concerns that request
    // alone, which waits out retry-after itself.
    if (
      snapshot.retryAfterMs !== undefined &&
      ((requests === undefined && tokens === undefined) ||
        spentWithoutReset(requests) ||
        spentWithoutReset(tokens))
    )
      this.pause(snapshot.retryAfterMs);
    if (this.waiters.length > 0) this.drain();
  }

  /** Milliseconds until a request of `tokens` may go, ignoring the queue (0: now). */
  private waitFor(tokens: number, now: number): number {
    return Math.max(
      this.pausedUntil - now,
      this.requests.waitFor(1, now),
      this.tokens.waitFor(tokens, now),
    );
  }

  private grant(tokens: number): RateLimitTicket {
    this.requests.take(1);
    this.tokens.take(tokens);
    return { tokens, open: true };
  }

  /** Serves the queue in order while capacity allows, then sets the timer for the new head. */
  private drain(): void {
    for (;;) {
      const head = this.waiters[0];
      if (head === undefined) {
        this.clearTimer();
        return;
      }
      const now = this.clock.now();
      const wait = this.waitFor(head.tokens, now);
      if (wait > 0 && now + wait < head.deadline) {
        this.setTimer(now, wait);
        return;
      }
      this.waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      if (wait > 0) head.reject(deadlineError(wait));
      else head.resolve(this.grant(head.tokens));
    }
  }

  /** Arms the one timer for `wait` from `now`, unless it is already due by then. */
  private setTimer(now: number, wait: number): void {
    const at = now + wait;
    if (this.cancelTimer !== undefined && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    const cancel = startTimer(this.clock, wait, () => {
      // A timer built on sleep may call back after it was replaced: only the current one counts.
      if (this.cancelTimer !== cancel) return;
      this.cancelTimer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.drain();
    });
    this.cancelTimer = cancel;
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}

function spentWithoutReset(state: RateLimitSnapshot['requests']): boolean {
  return state !== undefined && state.remaining <= 0 && state.resetEpochMs === undefined;
}

function deadlineError(wait: number): ProviderError {
  return new ProviderError(
    'provider.deadline',
    `the rate limit allows no call for ${Math.ceil(wait)} ms, past the call's deadline`,
    { hint: 'raise engine.deadlineMs, or lower the request rate' },
  );
}
