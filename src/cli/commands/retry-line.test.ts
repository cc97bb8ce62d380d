import { describe, expect, it } from 'vitest';
import { retryLine } from './retry-line.js';

const retry = {
  attempt: 1,
  maxAttempts: 5,
  delayMs: 1234,
  reason: 'rate limited',
  error: 'provider.rate_limited',
};

describe('retryLine', () => {
  it('names the reason, the wait in seconds and the attempt about to be made', () => {
    expect(retryLine(retry, 'normal')).toBe('rate limited, retrying in 1.2 s (attempt 2/5)');
  });

  it('says nothing of a wait under half a second, unless verbose', () => {
    const short = { ...retry, delayMs: 499 };
    expect(retryLine(short, 'normal')).toBeUndefined();
    expect(retryLine({ ...retry, delayMs: 500 }, 'normal')).toBe(
      'rate limited, retrying in 0.5 s (attempt 2/5)',
    );
    expect(retryLine(short, 'verbose')).toBe(
      'rate limited, retrying in 0.5 s (attempt 2/5): attempt 1 failed with provider.rate_limited, waiting 499 ms',
    );
  });

  it('says nothing when quiet, however long the wait', () => {
    expect(retryLine({ ...retry, delayMs: 60_000 }, 'quiet')).toBeUndefined();
  });
});
