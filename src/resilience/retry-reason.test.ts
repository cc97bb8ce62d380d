import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import { retryReason } from './retry-reason.js';

describe('retryReason', () => {
  it('names each kind of retried failure', () => {
    const failure = (status: number): ProviderError =>
      new ProviderError('provider.server_error', `status ${status}`, { status });
    expect(retryReason(failure(429))).toBe('rate limited');
    expect(retryReason(failure(529))).toBe('overloaded');
    expect(retryReason(failure(503))).toBe('overloaded');
    expect(retryReason(failure(500))).toBe('server error');
    expect(retryReason(failure(408))).toBe('timed out');
    expect(retryReason(new ProviderError('provider.timeout', 'slow'))).toBe('timed out');
    expect(retryReason(new ProviderError('provider.rate_limited', 'slow down'))).toBe(
      'rate limited',
    );
    expect(retryReason(new ProviderError('provider.connection', 'reset'))).toBe(
      'connection failed',
    );
    expect(retryReason(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(
      'connection failed',
    );
  });
});
