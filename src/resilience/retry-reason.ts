import { ProviderError } from '../errors.js';

/** Why an attempt is being retried, in the words a person reads on stderr. */
export type RetryReason =
  'rate limited' | 'overloaded' | 'timed out' | 'server error' | 'connection failed';

/** The reason a retried attempt failed, from its error code or HTTP status. */
export function retryReason(error: unknown): RetryReason {
  if (!(error instanceof ProviderError)) return 'connection failed';
  const { code, status } = error;
  if (code === 'provider.timeout' || status === 408) return 'timed out';
  if (code === 'provider.rate_limited' || status === 429) return 'rate limited';
  if (code === 'provider.overloaded' || status === 503 || status === 529) return 'overloaded';
  if (code === 'provider.connection' || status === undefined) return 'connection failed';
  return 'server error';
}
