import { setMaxListeners } from 'node:events';
import { ProviderError } from '../errors.js';
import type { Clock } from './clock.js';
import type { LimitState, RateLimitSnapshot } from './rate-limit-headers.js';

export interface RateLimitOptions {
  /** Requests per minute to assume before the server says otherwise. @default unlimited */
  readonly requestsPerMinute?: number;
  /** Input plus output tokens per minute to assume before the server says. @default unlimited */
  readonly tokensPerMinute?: number;
}

/** With no reset time known, how long an exhausted bucket waits before letting one probe through. */
const PROBE_AFTER_MS = 1_000;

/**
 * One limit (requests or tokens). Until the server has reported on it, a token bucket that
 * refills continuously at the configured rate. Once a response has reported the limit, the
 * server is the only source of truth: the level is what it said remains, less what we sent
 * after that request, and it grows only with the next report or when the reported reset time
 * (full replenishment) passes. That never assumes capacity the server has not confirmed, so no
 * call goes out while the limit is known to be spent, whatever window the server uses.
 */
class Bucket {
  private capacity: number;
  private level: number;
  private readonly perMs: number;
  private updatedAt: number;
  private reported = false;
  /** Clock time the server said the limit is full again; undefined when not known. */
  private fullAt: number | undefined;

  constructor(perMinute: number | undefined, now: number) {
    this.capacity = perMinute ?? Number.POSITIVE_INFINITY;
    this.level = this.capacity;
    this.perMs = (perMinute ?? 0) / 60_000;
    this.updatedAt = now;
  }

  /** Milliseconds until `amount` can be taken (0 when it can be now). */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    if (this.capacity === Number.POSITIVE_INFINITY) return 0;
    // A request bigger than the whole bucket waits for a full bucket rather than forever.
    const needed = Math.min(amount, this.capacity) - this.level;
    if (needed <= 0) return 0;
    if (this.reported) return this.fullAt === undefined ? PROBE_AFTER_MS : this.fullAt - now;
    return this.perMs > 0 ? Math.ceil(needed / this.perMs) : Number.POSITIVE_INFINITY;
  }

  take(amount: number): void {
    if (this.capacity !== Number.POSITIVE_INFINITY) this.level -= amount;
  }

  /** Gives back what an estimate over-charged (or charges what it under-charged). */
  adjust(amount: number): void {
    if (this.capacity !== Number.POSITIVE_INFINITY)
      this.level = Math.min(this.capacity, this.level + amount);
  }

  /**
   * Adopts the server's report. `inFlight` is what else we have sent and not yet seen answered,
   * which the server may not have counted: it is subtracted, so the bucket errs on the safe side.
   */
  correct(state: LimitState, inFlight: number, now: number, epochNow: number): void {
    this.reported = true;
    if (state.limit !== undefined && state.limit > 0) this.capacity = state.limit;
    else if (this.capacity === Number.POSITIVE_INFINITY) this.capacity = state.remaining;
    this.level = Math.min(this.capacity, state.remaining - inFlight);
    this.fullAt =
      state.resetEpochMs === undefined ? undefined : now + (state.resetEpochMs - epochNow);
    this.updatedAt = now;
  }

  private refill(now: number): void {
    if (this.capacity === Number.POSITIVE_INFINITY) return;
    if (!this.reported) {
      if (now > this.updatedAt)
        this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.perMs);
    } else if (
      this.fullAt !== undefined ? now >= this.fullAt : now - this.updatedAt >= PROBE_AFTER_MS
    ) {
      // Reset passed (or, with none reported, a probe interval): the server is full again, or
      // at least will answer a probe with the truth.
      this.level = this.fullAt !== undefined ? this.capacity : Math.max(this.level, 1);
      this.fullAt = undefined;
    }
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}

/** Issued by acquire(): the request in flight, until observe() or release() closes it. */
export interface RateLimitTicket {
  readonly tokens: number;
  open: boolean;
}

/**
 * Adaptive client-side rate limiting for one provider credential: a request bucket and a token
 * bucket. `acquire` waits until both allow the request and no pause is in force; `observe`
 * corrects both from response headers and pauses everything on a 429's `retry-after` or when
 * the server reports a limit exhausted, so no call is sent that the server would refuse.
 */
export class RateLimiter {
  private readonly requests: Bucket;
  private readonly tokens: Bucket;
  private pausedUntil = 0;
  /** Requests (and their tokens) sent and not yet answered. */
  private requestsInFlight = 0;
  private tokensInFlight = 0;
  /** Aborted (and replaced) by every observe(), so waiters re-check at once. */
  private wake = wakeController();

  constructor(
    options: RateLimitOptions,
    private readonly clock: Clock,
  ) {
    const now = clock.now();
    this.requests = new Bucket(options.requestsPerMinute, now);
    this.tokens = new Bucket(options.tokensPerMinute, now);
  }

  /**
   * Waits until a request estimated at `tokens` may be sent, then counts it as sent. Throws a
   * `provider.deadline` error at once when the wait would end after `deadline` (clock time).
   */
  async acquire(
    tokens: number,
    signal?: AbortSignal,
    deadline = Number.POSITIVE_INFINITY,
  ): Promise<RateLimitTicket> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      const wait = Math.max(
        this.pausedUntil - now,
        this.requests.waitFor(1, now),
        this.tokens.waitFor(tokens, now),
      );
      if (wait > 0 && now + wait >= deadline)
        throw new ProviderError(
          'provider.deadline',
          `the rate limit allows no call for ${Math.ceil(wait)} ms, past the call's deadline`,
          { hint: 'raise engine.deadlineMs, or lower the request rate' },
        );
      if (wait <= 0) {
        this.requests.take(1);
        this.tokens.take(tokens);
        this.requestsInFlight += 1;
        this.tokensInFlight += tokens;
        return { tokens, open: true };
      }
      // A report from the server (observe) wakes every waiter to re-check; so does the caller's
      // abort, which then throws above.
      const wakeUp = this.wake.signal;
      try {
        await this.clock.sleep(
          Math.min(wait, 60_000),
          signal === undefined ? wakeUp : AbortSignal.any([signal, wakeUp]),
        );
      } catch (error) {
        if (!wakeUp.aborted || signal?.aborted === true) throw error;
      }
    }
  }

  /** Blocks every request for `ms` (a 429's retry-after). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Closes a ticket whose request got no response to learn from (it failed before one). */
  release(ticket: RateLimitTicket): void {
    if (!ticket.open) return;
    ticket.open = false;
    this.requestsInFlight -= 1;
    this.tokensInFlight -= ticket.tokens;
  }

  /**
   * Corrects the buckets from the response to `ticket`'s request, and closes the ticket. The
   * server's count may not include any other request still in flight (sent before or after this
   * one), so all of those are subtracted from what it says remains.
   */
  observe(ticket: RateLimitTicket, snapshot: RateLimitSnapshot, actualTokens?: number): void {
    const now = this.clock.now();
    const epochNow = this.clock.epochMs();
    this.release(ticket);
    if (actualTokens !== undefined) this.tokens.adjust(ticket.tokens - actualTokens);
    const { requests, tokens } = snapshot;
    if (requests !== undefined) {
      this.requests.correct(requests, this.requestsInFlight, now, epochNow);
      this.pauseUntilReset(requests, now, epochNow);
    }
    if (tokens !== undefined) {
      this.tokens.correct(tokens, this.tokensInFlight, now, epochNow);
      this.pauseUntilReset(tokens, now, epochNow);
    }
    // retry-after stops every caller only when the limit is spent (or the response says nothing
    // about it): a 429 with budget left concerns that request alone, which waits it out itself.
    const spent =
      (requests === undefined && tokens === undefined) ||
      (requests?.remaining ?? 1) <= 0 ||
      (tokens?.remaining ?? 1) <= 0;
    if (snapshot.retryAfterMs !== undefined && spent) this.pause(snapshot.retryAfterMs);
    this.wake.abort();
    this.wake = wakeController();
  }

  private pauseUntilReset(state: LimitState, now: number, epochNow: number): void {
    if (state.remaining <= 0 && state.resetEpochMs !== undefined)
      this.pausedUntil = Math.max(this.pausedUntil, now + (state.resetEpochMs - epochNow));
  }
}

/** Every waiting caller listens on this signal: many at once is the normal case, not a leak. */
function wakeController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
