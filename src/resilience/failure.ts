import { ProviderError } from '../errors.js';

/** HTTP statuses worth another attempt: timeouts, conflicts, rate limits, overload, 5xx. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  408, 409, 429, 500, 502, 503, 504, 529,
]);

/**
 * Statuses that mean the service is shedding load: they feed the circuit breaker. A 429 is not
 * one: it says this caller is over its own limit, and the rate limiter already waits it out.
 */
const OVERLOAD_STATUSES: ReadonlySet<number> = new Set([503, 529]);

/** Socket-level failures a fresh connection may not hit. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface FailureDecision {
  readonly retryable: boolean;
  /** The server is shedding load: counts towards opening the circuit. */
  readonly overload: boolean;
  readonly status: number | undefined;
}

/** What a failed attempt means for the next one. Anything unrecognised is final. */
export function classifyFailure(error: unknown): FailureDecision {
  if (error instanceof ProviderError) {
    const status = error.status;
    return {
      retryable: error.retryable || (status !== undefined && RETRYABLE_STATUSES.has(status)),
      overload: status !== undefined && OVERLOAD_STATUSES.has(status),
      status,
    };
  }
  return { retryable: connectionFailure(error), overload: false, status: undefined };
}

/** A socket-level failure anywhere in the cause chain (fetch wraps them twice over). */
function connectionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    const code =
      typeof current === 'object' && current !== null && 'code' in current
        ? current.code
        : undefined;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
