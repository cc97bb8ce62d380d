import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { QueueError } from '../errors.js';
import { abortReason, startTimer, systemClock } from '../resilience/index.js';
import type { Clock, SharedLimit } from '../resilience/index.js';
import { SlidingWindowScripts, slidingWindowKeys } from './sliding-window-scripts.js';

/** Where the limits' keys live in Redis, before each limit's name. */
export const RATE_LIMIT_PREFIX = 'claude-hybrid:ratelimit:';

/** The window the limit is counted over: requests per second, over any sliding second. */
const WINDOW_MS = 1_000;

/**
 * The least time between two grants, as a share of the window's even spacing (1000/R ms): half,
 * so a window's requests can still go out in its first half, yet never in one burst.
 */
const SPACING_SHARE = 0.5;

export interface SharedRateLimitOptions {
  /** The connection to use (from `connectRedis`); the limit never closes it. */
  readonly redis: Redis;
  /**
   * Requests allowed per second across every process using this name and prefix, counted over
   * any sliding second. A positive integer (`queue.requestsPerSecond`).
   */
  readonly requestsPerSecond: number;
  /** Names the limit: processes that share it use the same name. @default 'requests' */
  readonly name?: string;
  /** @default RATE_LIMIT_PREFIX ('claude-hybrid:ratelimit:') */
  readonly prefix?: string;
  /** Measures waits and times sleeps; the window itself runs on Redis's clock. @default the system clock */
  readonly clock?: Clock;
  /** Told when a pause cannot be stored in Redis (`pause` never throws). @default ignored */
  readonly onError?: (error: QueueError) => void;
}

/** A caller of acquire() waiting for its grant. */
interface Waiter {
  readonly startedAt: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (waitedMs: number) => void;
  readonly reject: (reason: unknown) => void;
  readonly onAbort: () => void;
}

/**
 * A request rate shared by every process that uses the same Redis, name and prefix: a
 * sliding-window log checked and recorded atomically in Redis (see sliding-window-scripts.ts),
 * plus a shared pause any process can set when the provider says to hold off.
 *
 * In this process, callers queue in arrival order and only the head asks Redis: a grant goes to
 * the head, and a refusal comes with the exact time until a slot frees, which the head sleeps
 * before asking again. So each process sends one request to Redis per grant, plus one per
 * refusal, and never polls.
 */
export class SharedRateLimit implements SharedLimit {
  private readonly scripts: SlidingWindowScripts;
  private readonly clock: Clock;
  private readonly onError: ((error: QueueError) => void) | undefined;
  /** Grants are named `<id>:<sequence>`: unique across processes without asking Redis. */
  private readonly id = randomUUID();
  private sequence = 0;
  private readonly waiters: Waiter[] = [];
  private serving = false;
  /** Ends the current sleep early (when its last waiter gives up); undefined when not asleep. */
  private wake: (() => void) | undefined;

  constructor(options: SharedRateLimitOptions) {
    const name = options.name ?? 'requests';
    const { requestsPerSecond } = options;
    if (!Number.isSafeInteger(requestsPerSecond) || requestsPerSecond < 1)
      throw invalid(`requestsPerSecond must be a positive integer, not ${requestsPerSecond}`);
    if (name === '' || /[{}]/.test(name))
      throw invalid(`the limit's name "${name}" must be non-empty, without braces`);
    this.clock = options.clock ?? systemClock;
    this.onError = options.onError;
    this.scripts = new SlidingWindowScripts(
      options.redis,
      slidingWindowKeys(options.prefix ?? RATE_LIMIT_PREFIX, name),
      requestsPerSecond,
      WINDOW_MS,
      (WINDOW_MS / requestsPerSecond) * SPACING_SHARE,
    );
  }

  /**
   * Resolves when this process may send one request now (it is counted as sent), with the ms
   * waited. Rejects with the signal's reason as soon as it aborts, and with `queue.unreachable`
   * when Redis fails.
   */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        startedAt: this.clock.now(),
        signal,
        resolve,
        reject,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index < 0) return;
          this.waiters.splice(index, 1);
          reject(abortReason(signal));
          if (this.waiters.length === 0) this.wake?.();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      if (!this.serving) void this.serve();
    });
  }

  /** Holds every process off for `forMs` from now. Never throws; failures go to `onError`. */
  pause(forMs: number): void {
    void this.pauseFor(forMs);
  }

  /** `pause`, resolving once the pause is stored (or its failure reported); never rejects. */
  async pauseFor(forMs: number): Promise<void> {
    if (!Number.isFinite(forMs) || forMs <= 0) return;
    try {
      await this.scripts.pause(forMs);
    } catch (error) {
      this.onError?.(unreachable(error));
    }
  }

  /** Asks Redis for the head of the queue until the queue is empty. Never rejects. */
  private async serve(): Promise<void> {
    this.serving = true;
    try {
      while (this.waiters.length > 0) {
        const member = `${this.id}:${this.sequence}`;
        this.sequence += 1;
        const waitMs = await this.scripts.acquire(member);
        if (waitMs === 0) this.grant(member);
        else await this.sleep(waitMs);
      }
    } catch (error) {
      const failure = unreachable(error);
      for (const waiter of this.waiters.splice(0)) {
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.reject(failure);
      }
    } finally {
      this.serving = false;
    }
  }

  /** Hands a recorded grant to the head of the queue, or gives it back if no one is left. */
  private grant(member: string): void {
    const head = this.waiters.shift();
    if (head === undefined) {
      this.scripts.release(member).catch(() => undefined); // it expires with the window anyway
      return;
    }
    head.signal?.removeEventListener('abort', head.onAbort);
    head.resolve(this.clock.now() - head.startedAt);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const cancel = startTimer(this.clock, ms, () => {
        this.wake = undefined;
        resolve();
      });
      this.wake = () => {
        this.wake = undefined;
        cancel();
        resolve();
      };
    });
  }
}

/**
 * The shared limit `queue.requestsPerSecond` asks for, or undefined for 0 (no shared limit:
 * each process still follows the provider's rate-limit headers on its own).
 */
export function createSharedRateLimit(
  options: SharedRateLimitOptions,
): SharedRateLimit | undefined {
  return options.requestsPerSecond === 0 ? undefined : new SharedRateLimit(options);
}

function invalid(message: string): QueueError {
  return new QueueError('queue.invalid_options', message, {
    hint: 'set queue.requestsPerSecond to a whole number of requests per second (0: no shared limit)',
    exitCode: 2,
  });
}

function unreachable(cause: unknown): QueueError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new QueueError(
    'queue.unreachable',
    `the shared rate limit cannot reach Redis: ${reason}`,
    {
      hint: 'check that Redis is up (queue.url); calls resume once it answers',
      cause,
      exitCode: 1,
    },
  );
}
