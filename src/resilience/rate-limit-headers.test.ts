import { describe, expect, it } from 'vitest';
import { readRateLimitState } from './rate-limit-headers.js';

function headers(values: Record<string, string>): (name: string) => string | undefined {
  return (name) => values[name];
}

describe('readRateLimitState', () => {
  it('reads each limit with its own reset, also when the resets alternate and change', () => {
    const responses = [
      ['2026-12-07T10:00:01Z', '2026-12-07T10:00:30Z'],
      ['2026-12-07T10:00:01Z', '2026-12-07T10:00:30Z'],
      ['2026-12-07T10:00:02Z', '2026-12-07T10:00:30Z'],
      ['not a date', '2026-12-07T10:00:31Z'],
      ['2026-12-07T10:00:02Z', ''],
    ];
    for (const [requestsReset = '', tokensReset = ''] of responses) {
      const snapshot = readRateLimitState(
        headers({
          'anthropic-ratelimit-requests-remaining': '49',
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-reset': requestsReset,
          'anthropic-ratelimit-tokens-remaining': '9000',
          'anthropic-ratelimit-tokens-reset': tokensReset,
        }),
      );
      const expected = (text: string): number | undefined =>
        Number.isNaN(Date.parse(text)) ? undefined : Date.parse(text);
      expect(snapshot.requests).toEqual({
        limit: 50,
        remaining: 49,
        resetEpochMs: expected(requestsReset),
      });
      expect(snapshot.tokens).toEqual({
        limit: undefined,
        remaining: 9000,
        resetEpochMs: expected(tokensReset),
      });
    }
  });

  it('reads no limit when its remaining count is absent or unreadable', () => {
    expect(readRateLimitState(headers({})).requests).toBeUndefined();
    expect(
      readRateLimitState(headers({ 'anthropic-ratelimit-tokens-remaining': 'many' })).tokens,
    ).toBeUndefined();
  });
});
