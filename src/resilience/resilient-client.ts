import { ProviderError } from '../errors.js';
import { fullJitterDelay } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { abortReason, startTimer, systemClock } from './clock.js';
import type { Clock } from './clock.js';
import { Coalescer } from './coalescer.js';
import { classifyFailure } from './failure.js';
import { readRateLimitHeaders, readRateLimitState } from './rate-limit-headers.js';
import type { HeaderReader, RateLimitSnapshot } from './rate-limit-headers.js';
import { RateLimiter } from './rate-limiter.js';
import type { RateLimitOptions, RateLimitTicket } from './rate-limiter.js';
import { Semaphore } from './semaphore.js';
import { sharedPauseMs } from './shared-limit.js';
import type { SharedLimit } from './shared-limit.js';

export interface ResilientClientOptions {
  /** Calls in flight at once, across everything sharing this client. @default 8 */
  readonly maxConcurrency?: number;
  /** Attempts per call, the first included. @default 5 */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** Each attempt's own time limit, in ms. @default 120000 */
  readonly attemptTimeoutMs?: number;
  /** The whole call's time limit, retries and waits included, in ms. @default 600000 */
  readonly deadlineMs?: number;
  readonly rateLimit?: RateLimitOptions;
  readonly circuitBreaker?: CircuitBreakerOptions;
  /** @default the system clock */
  readonly clock?: Clock;
  /** Uniform in [0, 1), for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /**
   * A request rate shared with other processes, awaited before each attempt; told to pause
   * everyone on a 429's retry-after or a spent limit. @default none (this process's limits only)
   */
  readonly sharedLimit?: SharedLimit;
}

/** What one attempt returns: the value, and what the response said about rate limits. */
export interface AttemptResult<T> {
  readonly value: T;
  readonly headers?: HeaderReader;
  /** Tokens the call really used, to correct the token bucket's estimate. */
  readonly tokens?: number;
}

export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Calls with the same key share one call while it is in flight. */
  readonly coalesceKey?: string | undefined;
  /** Tokens the call is expected to use, for the token bucket. @default 1 */
  readonly estimatedTokens?: number | undefined;
  /** Attempts for this call, the first included. @default the client's maxAttempts */
  readonly maxAttempts?: number | undefined;
  /** This call's per-attempt time limit, in ms. @default the client's attemptTimeoutMs */
  readonly attemptTimeoutMs?: number | undefined;
  /** Told about each failed attempt that will be retried, before the wait for the next. */
  readonly onRetry?: ((retry: RetryNotice) => void) | undefined;
}

/** A failed attempt that will be retried: which one, of how many, and the wait before the next. */
export interface RetryNotice {
  /** The attempt that failed: 1 for the first. */
  readonly attempt: number;
  /** Attempts the call may make, the first included. */
  readonly maxAttempts: number;
  /** The wait before the next attempt (backoff or the provider's retry-after), in ms. */
  readonly delayMs: number;
  readonly error: unknown;
}

export interface CallOutcome<T> {
  readonly value: T;
  /** Attempts made (1 when the first succeeded; the sharer's count when coalesced). */
  readonly attempts: number;
  /** True when this call shared another identical call that was already in flight. */
  readonly coalesced: boolean;
  /**
   * Milliseconds the call spent waiting rather than attempting, on the client's clock: for a
   * concurrency slot, for the rate limiter, and asleep between attempts (backoff or the
   * provider's retry-after, whichever was longer). The attempts themselves are not counted.
   * 0 when every wait took its fast path; the sharer's wait when coalesced.
   */
  readonly waitedMs: number;
}

/**
 * One per provider and credential per process, shared by every concurrent call: rate limits
 * (adaptive buckets corrected from response headers), a concurrency limit, retries with full
 * jitter (each attempt with its own timeout, all inside one deadline), a circuit breaker and
 * in-flight coalescing. Cancellation: aborting a call's signal stops its waits and its attempt.
 */
/** What one attempt of a call is given. */
export interface AttemptContext {
  /**
   * Aborts the attempt: on its time limit, or when the caller cancels. Made on first read: an
   * AbortController costs more than the rest of an attempt's bookkeeping together, and a
   * provider that needs none (see `abortable`) never pays for it.
   */
  readonly signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly number: number;
  /** The attempt's time limit in ms (the client enforces it whatever the attempt does). */
  readonly timeoutMs: number;
  /**
   * Whether anything but the time limit can abort the attempt: false when the call has no
   * caller signal. A provider whose own client enforces `timeoutMs` may then leave the signal
   * unread, which spares it per-request cancellation bookkeeping too.
   */
  readonly abortable: boolean;
}

/** One attempt of a call. */
export type Attempt<T> = (attempt: AttemptContext) => Promise<AttemptResult<T>>;

export class ResilientClient {
  readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker;
  private readonly semaphore: Semaphore;
  private readonly coalescer = new Coalescer<CallOutcome<unknown>>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly attemptTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly backoff: BackoffOptions;
  private sharedLimit: SharedLimit | undefined;

  constructor(options: ResilientClientOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 120_000;
    this.deadlineMs = options.deadlineMs ?? 600_000;
    this.backoff = options.backoff ?? {};
    this.semaphore = new Semaphore(options.maxConcurrency ?? 8);
    this.limiter = new RateLimiter(options.rateLimit ?? {}, this.clock);
    this.breaker = new CircuitBreaker(options.circuitBreaker ?? {}, this.clock);
    this.sharedLimit = options.sharedLimit;
  }

  /** Installs (or, with undefined, removes) the shared limit; calls already waiting keep theirs. */
  setSharedLimit(limit: SharedLimit | undefined): void {
    this.sharedLimit = limit;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.semaphore.inUse;
  }

  call<T>(attempt: Attempt<T>, options: CallOptions = {}): Promise<CallOutcome<T>> {
    const key = options.coalesceKey;
    if (key === undefined) return this.withRetries(attempt, options, options.signal);
    if (options.signal?.aborted === true) return Promise.reject(abortReason(options.signal));
    const flight = this.coalescer.run(
      key,
      (signal) => this.withRetries(attempt, options, signal),
      options.signal,
    );
    // Same key, same request: the shared outcome has this call's value type.
    const promise = flight.promise as Promise<CallOutcome<T>>;
    return flight.shared ? promise.then((outcome) => ({ ...outcome, coalesced: true })) : promise;
  }

  private async withRetries<T>(
    attempt: Attempt<T>,
    options: CallOptions,
    signal: AbortSignal | undefined,
  ): Promise<CallOutcome<T>> {
    const deadline = this.clock.now() + this.deadlineMs;
    // Only the awaited slow paths and the sleeps are timed: the fast paths take no time, and
    // the common call reads the clock no more than before.
    let waitedMs = 0;
    for (let number = 1; ; number += 1) {
      let ticket: RateLimitTicket | undefined;
      try {
        this.breaker.check();
        // The slot first, then the rate-limit ticket: a ticket counts the request as sent, so it
        // is taken only when the request can go out at once.
        // Each has a synchronous fast path: most calls wait for neither.
        signal?.throwIfAborted();
        let release = this.semaphore.tryAcquire();
        if (release === undefined) {
          const waitStarted = this.clock.now();
          release = await this.semaphore.acquire(signal);
          waitedMs += this.clock.now() - waitStarted;
        }
        try {
          const tokens = options.estimatedTokens ?? 1;
          ticket = this.limiter.tryAcquire(tokens);
          if (ticket === undefined) {
            const waitStarted = this.clock.now();
            ticket = await this.limiter.acquire(tokens, signal, deadline);
            waitedMs += this.clock.now() - waitStarted;
          }
          // Last, as it counts the request as sent for every process: only when it can go.
          // Without a shared limit the hot path pays this one check and nothing more.
          const sharedLimit = this.sharedLimit;
          if (sharedLimit !== undefined) waitedMs += await sharedLimit.acquire(signal);
          const result = await this.once(
            attempt,
            number,
            deadline,
            signal,
            options.attemptTimeoutMs ?? this.attemptTimeoutMs,
          );
          this.observe(ticket, result.headers, result.tokens);
          this.breaker.succeeded();
          return { value: result.value, attempts: number, coalesced: false, waitedMs };
        } finally {
          release();
        }
      } catch (error) {
        let retryAfterMs = 0;
        if (ticket !== undefined) {
          if (error instanceof ProviderError && error.headers !== undefined) {
            const headers = error.headers;
            const snapshot = readRateLimitHeaders((name) => headers[name], this.clock.epochMs());
            // An error response spent no tokens: the whole estimate comes back.
            this.limiter.observe(ticket, snapshot, 0);
            retryAfterMs = snapshot.retryAfterMs ?? 0;
            if (this.sharedLimit !== undefined) this.pauseShared(snapshot);
          } else {
            this.limiter.release(ticket);
          }
        }
        if (signal?.aborted === true) throw abortReason(signal);
        const failure = classifyFailure(error);
        if (!(error instanceof ProviderError && error.code === 'provider.circuit_open'))
          this.breaker.failed(failure.overload);
        if (!failure.retryable) throw error;
        const delayMs = Math.max(fullJitterDelay(number, this.backoff, this.random), retryAfterMs);
        const maxAttempts = Math.max(1, options.maxAttempts ?? this.maxAttempts);
        if (number >= maxAttempts || this.clock.now() + delayMs >= deadline)
          throw exhausted(error, number);
        options.onRetry?.({ attempt: number, maxAttempts, delayMs, error });
        const sleepStarted = this.clock.now();
        await this.clock.sleep(delayMs, signal);
        waitedMs += this.clock.now() - sleepStarted;
      }
    }
  }

  /**
   * One attempt under its own timeout (and the caller's signal), enforced even if ignored. On
   * the hot path: one AbortController, one timer and one promise per attempt, settled directly
   * by whichever comes first (no race of promises, no listener on our own signal).
   */
  private once<T>(
    attempt: Attempt<T>,
    number: number,
    deadline: number,
    signal: AbortSignal | undefined,
    attemptTimeoutMs: number,
  ): Promise<AttemptResult<T>> {
    const limit = Math.min(attemptTimeoutMs, deadline - this.clock.now());
    // The controller is made only if the attempt reads its signal (see AttemptContext).
    let controller: AbortController | undefined;
    let stopped: Error | undefined;
    const context: AttemptContext = {
      get signal(): AbortSignal {
        if (controller === undefined) {
          controller = new AbortController();
          if (stopped !== undefined) controller.abort(stopped);
        }
        return controller.signal;
      },
      number,
      timeoutMs: limit,
      abortable: signal !== undefined,
    };
    return new Promise<AttemptResult<T>>((resolve, reject) => {
      const onAbort = (): void => {
        stop(abortReason(signal));
      };
      const cancelTimer = startTimer(this.clock, limit, () => {
        stop(
          new ProviderError('provider.timeout', `the attempt took longer than ${limit} ms`, {
            retryable: true,
          }),
        );
      });
      const finish = (): void => {
        cancelTimer();
        signal?.removeEventListener('abort', onAbort);
      };
      // Settling twice is harmless: the first outcome stands.
      function stop(reason: Error): void {
        finish();
        stopped ??= reason;
        controller?.abort(reason);
        reject(reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      // An attempt that throws instead of rejecting is handled alike.
      let pending: Promise<AttemptResult<T>>;
      try {
        pending = attempt(context);
      } catch (error) {
        pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      pending.then(
        (result) => {
          finish();
          resolve(result);
        },
        () => {
          finish();
          // Stopped: stop() has already settled this with the reason (an attempt that honoured
          // the abort throws its own error, which says less). Otherwise settle with the
          // attempt's own rejection, whatever it is.
          if (stopped === undefined) resolve(pending);
        },
      );
    });
  }

  private observe(
    ticket: RateLimitTicket,
    headers: HeaderReader | undefined,
    tokens?: number,
  ): void {
    if (headers === undefined) {
      // Nothing reported: close the ticket, correcting the token estimate when usage is known.
      this.limiter.observe(
        ticket,
        { requests: undefined, tokens: undefined, retryAfterMs: undefined },
        tokens,
      );
      return;
    }
    const snapshot = readRateLimitState(headers);
    this.limiter.observe(ticket, snapshot, tokens);
    if (this.sharedLimit !== undefined) this.pauseShared(snapshot);
  }

  /** Tells every process sharing the limit to hold off, when the response asks for it. */
  private pauseShared(snapshot: RateLimitSnapshot): void {
    const forMs = sharedPauseMs(snapshot, this.clock.epochMs());
    if (forMs > 0) this.sharedLimit?.pause(forMs);
  }
}

function exhausted(error: unknown, attempts: number): ProviderError {
  const status = error instanceof ProviderError ? error.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(
    'provider.retries_exhausted',
    `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message}`,
    {
      cause: error,
      ...(status === undefined ? {} : { status }),
      hint: 'the provider kept failing; try again later or raise engine.maxAttempts',
    },
  );
}

const shared = new Map<string, ResilientClient>();
let processSharedLimit: SharedLimit | undefined;

/**
 * Installs a shared limit on every client of `sharedClient`, those made already and those made
 * later (a queue worker calls this once at start); undefined removes it.
 */
export function setSharedLimit(limit: SharedLimit | undefined): void {
  processSharedLimit = limit;
  for (const client of shared.values()) client.setSharedLimit(limit);
}

/**
 * The client for one provider and credential in this process, created on first use: every
 * call with that credential shares its rate limits, concurrency and circuit breaker, which is
 * what makes them work. `key` names the provider and a hash of the credential, never the
 * credential itself. Options apply when the client is created.
 */
export function sharedClient(key: string, options: ResilientClientOptions = {}): ResilientClient {
  let client = shared.get(key);
  if (client === undefined) {
    client = new ResilientClient(
      options.sharedLimit === undefined && processSharedLimit !== undefined
        ? { ...options, sharedLimit: processSharedLimit }
        : options,
    );
    shared.set(key, client);
  }
  return client;
}
