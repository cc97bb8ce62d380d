export { ResilientClient, setSharedLimit, sharedClient } from './resilient-client.js';
export { sharedPauseMs } from './shared-limit.js';
export type { SharedLimit } from './shared-limit.js';
export type {
  Attempt,
  AttemptContext,
  AttemptResult,
  CallOptions,
  CallOutcome,
  ResilientClientOptions,
  RetryNotice,
} from './resilient-client.js';
export { retryReason } from './retry-reason.js';
export type { RetryReason } from './retry-reason.js';
export { RateLimiter } from './rate-limiter.js';
export type { RateLimitOptions, RateLimitTicket } from './rate-limiter.js';
export { readRateLimitHeaders } from './rate-limit-headers.js';
export type { HeaderReader, LimitState, RateLimitSnapshot } from './rate-limit-headers.js';
export { CircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreakerOptions } from './circuit-breaker.js';
export { Semaphore } from './semaphore.js';
export { Coalescer } from './coalescer.js';
export { RETRYABLE_STATUSES, classifyFailure } from './failure.js';
export type { FailureDecision } from './failure.js';
export { fullJitterDelay } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { abortReason, startTimer, systemClock } from './clock.js';
export type { Clock } from './clock.js';
