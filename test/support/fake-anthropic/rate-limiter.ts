import { SlidingWindow } from './sliding-window.js';

/** Rate limits the fake enforces on `POST /v1/messages`. */
export interface RateLimitOptions {
  /**
   * Requests admitted per sliding 1-second window. Rejected requests do not count.
   * @default 1_000_000 (effectively unlimited, but still reported in headers)
   */
  readonly requestsPerSecond?: number;
  /**
   * Tokens per sliding 60-second window: a request's estimated input tokens are checked and
   * charged on admission, its output tokens charged when the reply is built.
   * @default 1_000_000_000 (effectively unlimited, but still reported in headers)
   */
  readonly tokensPerMinute?: number;
}

export type Admission =
  | { readonly admitted: true }
  | {
      readonly admitted: false;
      /** The budget was already at zero when the request arrived, not merely too small for it. */
      readonly exhausted: boolean;
      /** Whole seconds until the request would fit, as the real API's `retry-after` says. */
      readonly retryAfterSeconds: number;
    };

const REQUEST_WINDOW_MS = 1_000;
const TOKEN_WINDOW_MS = 60_000;
const DEFAULT_REQUESTS_PER_SECOND = 1_000_000;
const DEFAULT_TOKENS_PER_MINUTE = 1_000_000_000;

/** Request and token budgets over sliding windows, and the headers that report them. */
export class RateLimiter {
  #requestsLimit = DEFAULT_REQUESTS_PER_SECOND;
  #tokensLimit = DEFAULT_TOKENS_PER_MINUTE;
  readonly #requests = new SlidingWindow(REQUEST_WINDOW_MS);
  readonly #tokens = new SlidingWindow(TOKEN_WINDOW_MS);

  constructor(limits: RateLimitOptions) {
    this.configure(limits);
  }

  /** Replaces the limits; fields left out go back to their defaults. Spending so far is kept. */
  configure(limits: RateLimitOptions): void {
    const requests = limits.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    const tokens = limits.tokensPerMinute ?? DEFAULT_TOKENS_PER_MINUTE;
    for (const [name, value] of [
      ['requestsPerSecond', requests],
      ['tokensPerMinute', tokens],
    ] as const)
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
    this.#requestsLimit = requests;
    this.#tokensLimit = tokens;
  }

  /** Admits and charges the request, or says why not and for how long. */
  admit(inputTokens: number, now: number): Admission {
    const requestsLeft = this.#requestsLimit - this.#requests.used(now);
    const tokensLeft = this.#tokensLimit - this.#tokens.used(now);
    if (requestsLeft >= 1 && tokensLeft >= inputTokens) {
      this.#requests.add(1, now);
      this.#tokens.add(inputTokens, now);
      return { admitted: true };
    }
    const fitsAt = Math.max(
      this.#requests.fitsAt(1, this.#requestsLimit, now),
      this.#tokens.fitsAt(inputTokens, this.#tokensLimit, now),
    );
    return {
      admitted: false,
      exhausted: requestsLeft <= 0 || tokensLeft <= 0,
      retryAfterSeconds: Math.max(1, Math.ceil((fitsAt - now) / 1000)),
    };
  }

  chargeOutput(outputTokens: number, now: number): void {
    this.#tokens.add(outputTokens, now);
  }

  /** `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`; resets in RFC 3339. */
  headers(now: number): Record<string, string> {
    return {
      ...budgetHeaders('requests', this.#requestsLimit, this.#requests, now),
      ...budgetHeaders('tokens', this.#tokensLimit, this.#tokens, now),
    };
  }
}

function budgetHeaders(
  name: string,
  limit: number,
  window: SlidingWindow,
  now: number,
): Record<string, string> {
  return {
    [`anthropic-ratelimit-${name}-limit`]: String(limit),
    [`anthropic-ratelimit-${name}-remaining`]: String(Math.max(0, limit - window.used(now))),
    [`anthropic-ratelimit-${name}-reset`]: new Date(window.fullyReplenishedAt(now)).toISOString(),
  };
}
