import { ProviderError } from '../errors.js';
import type { Clock } from './clock.js';
import type { LimitState, RateLimitSnapshot } from './rate-limit-headers.js';

export interface RateLimitOptions {
  /** Requests per minute to assume before the server says otherwise. @default unlimited */
  readonly requestsPerMinute?: number;
  /** Input plus output tokens per minute to assume before the server says. @default unlimited */
  readonly tokensPerMinute?: number;
}

/**
 * A token bucket that refills continuously (as Anthropic's limits do). Seeded from config,
 * then corrected by each response's headers, which are the truth about the server's view.
 */
class Bucket {
  private capacity: number;
  private level: number;
  private perMs: number;
  private updatedAt: number;

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
   * Adopts the server's state. `sentSince` is what we sent after the reported request, which
   * the server may not have counted yet: it is subtracted, so the bucket errs on the safe side.
   */
  correct(state: LimitState, sentSince: number, now: number, epochNow: number): void {
    this.refill(now);
    if (state.limit !== undefined && state.limit > 0) {
      this.capacity = state.limit;
      if (state.resetEpochMs !== undefined && state.remaining < state.limit) {
        const untilFull = state.resetEpochMs - epochNow;
        if (untilFull > 0) this.perMs = (state.limit - state.remaining) / untilFull;
      } else if (this.perMs === 0) {
        this.perMs = state.limit / 60_000;
      }
    }
    this.level = Math.min(this.capacity, state.remaining - sentSince);
  }

  private refill(now: number): void {
    if (this.capacity !== Number.POSITIVE_INFINITY && now > this.updatedAt)
      this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.perMs);
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}

/** Issued by acquire(): identifies the request when its response comes back. */
export interface RateLimitTicket {
  readonly requestsBefore: number;
  readonly tokensBefore: number;
  readonly tokens: number;
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
  private requestsSent = 0;
  private tokensSent = 0;

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
        const ticket = {
          requestsBefore: this.requestsSent,
          tokensBefore: this.tokensSent,
          tokens,
        };
        this.requests.take(1);
        this.tokens.take(tokens);
        this.requestsSent += 1;
        this.tokensSent += tokens;
        return ticket;
      }
      // Never sleep past a minute at once: a later observe() may shorten the wait.
      await this.clock.sleep(Math.min(wait, 60_000), signal);
    }
  }

  /** Blocks every request for `ms` (a 429's retry-after). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Corrects the buckets from a response to the request `ticket` was issued for. */
  observe(ticket: RateLimitTicket, snapshot: RateLimitSnapshot, actualTokens?: number): void {
    const now = this.clock.now();
    const epochNow = this.clock.epochMs();
    if (actualTokens !== undefined) this.tokens.adjust(ticket.tokens - actualTokens);
    const { requests, tokens } = snapshot;
    if (requests !== undefined) {
      this.requests.correct(requests, this.requestsSent - ticket.requestsBefore - 1, now, epochNow);
      this.pauseUntilReset(requests, now, epochNow);
    }
    if (tokens !== undefined) {
      this.tokens.correct(
        tokens,
        this.tokensSent - ticket.tokensBefore - ticket.tokens,
        now,
        epochNow,
      );
      this.pauseUntilReset(tokens, now, epochNow);
    }
    if (snapshot.retryAfterMs !== undefined) this.pause(snapshot.retryAfterMs);
  }

  private pauseUntilReset(state: LimitState, now: number, epochNow: number): void {
    if (state.remaining <= 0 && state.resetEpochMs !== undefined)
      this.pausedUntil = Math.max(this.pausedUntil, now + (state.resetEpochMs - epochNow));
  }
}
