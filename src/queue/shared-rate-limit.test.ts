import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { SharedRateLimit, createSharedRateLimit } from './shared-rate-limit.js';

// Options are checked before the connection is ever used: an empty object stands in for it.
// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- never called
const redis = {} as Redis;

describe('SharedRateLimit options', () => {
  it('means no shared limit for 0 requests per second', () => {
    expect(createSharedRateLimit({ redis, requestsPerSecond: 0 })).toBeUndefined();
    expect(createSharedRateLimit({ redis, requestsPerSecond: 20 })).toBeInstanceOf(SharedRateLimit);
  });

  it.each([
    [{ requestsPerSecond: -1 }, 'requestsPerSecond must be a positive integer, not -1'],
    [{ requestsPerSecond: 2.5 }, 'requestsPerSecond must be a positive integer, not 2.5'],
    [{ requestsPerSecond: 5, name: 'a{b}' }, 'without braces'],
    [{ requestsPerSecond: 5, name: '' }, 'must be non-empty'],
  ])('rejects %o as queue.invalid_options', (options, message) => {
    expect(() => new SharedRateLimit({ redis, ...options })).toThrow(
      expect.objectContaining({
        code: 'queue.invalid_options',
        exitCode: 2,
        message: expect.stringContaining(message) as unknown,
      }),
    );
  });
});
