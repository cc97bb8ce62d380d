/** One limit as the server reports it. */
export interface LimitState {
  readonly limit: number | undefined;
  readonly remaining: number;
  /** When the limit is fully replenished, in Unix-epoch milliseconds. */
  readonly resetEpochMs: number | undefined;
}

/** What a response says about the caller's limits. */
export interface RateLimitSnapshot {
  readonly requests: LimitState | undefined;
  readonly tokens: LimitState | undefined;
  /** `retry-after` (seconds or an HTTP date) or `retry-after-ms`, in milliseconds from now. */
  readonly retryAfterMs: number | undefined;
}

export type HeaderReader = (name: string) => string | null | undefined;

/**
 * Reads `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}` and `retry-after`.
 * Unparseable values are ignored: a header we cannot read must not stop a call.
 */
export function readRateLimitHeaders(header: HeaderReader, epochNow: number): RateLimitSnapshot {
  return {
    requests: readLimit(header, 'requests'),
    tokens: readLimit(header, 'tokens'),
    retryAfterMs: readRetryAfter(header, epochNow),
  };
}

/**
 * The limits alone, for a success: `retry-after` concerns only a refused request, and each
 * header looked up costs on every call.
 */
export function readRateLimitState(header: HeaderReader): RateLimitSnapshot {
  return {
    requests: readLimit(header, 'requests'),
    tokens: readLimit(header, 'tokens'),
    retryAfterMs: undefined,
  };
}

/** The header names of each limit, spelled once (not built on every call). */
const LIMIT_HEADERS = {
  requests: {
    remaining: 'anthropic-ratelimit-requests-remaining',
    reset: 'anthropic-ratelimit-requests-reset',
    limit: 'anthropic-ratelimit-requests-limit',
  },
  tokens: {
    remaining: 'anthropic-ratelimit-tokens-remaining',
    reset: 'anthropic-ratelimit-tokens-reset',
    limit: 'anthropic-ratelimit-tokens-limit',
  },
} as const;

function readLimit(header: HeaderReader, kind: 'requests' | 'tokens'): LimitState | undefined {
  const names = LIMIT_HEADERS[kind];
  const remaining = numberOf(header(names.remaining));
  if (remaining === undefined) return undefined;
  const reset = parseReset(kind, header(names.reset) ?? '');
  return {
    limit: numberOf(header(names.limit)),
    remaining,
    resetEpochMs: Number.isNaN(reset) ? undefined : reset,
  };
}

/**
 * Date.parse with each limit's last answer kept: the reset a server reports changes about once
 * a second, while a busy client reads it on every response.
 */
const lastReset = {
  requests: { text: '', value: Number.NaN },
  tokens: { text: '', value: Number.NaN },
};
function parseReset(kind: 'requests' | 'tokens', text: string): number {
  const last = lastReset[kind];
  if (text !== last.text) lastReset[kind] = { text, value: Date.parse(text) };
  return lastReset[kind].value;
}

function readRetryAfter(header: HeaderReader, epochNow: number): number | undefined {
  const milliseconds = numberOf(header('retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds;
  const value = header('retry-after');
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = numberOf(value);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - epochNow);
}

function numberOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}
