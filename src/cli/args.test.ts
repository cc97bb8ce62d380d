import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error.js';
import { UsageError } from '../errors.js';
import { integerValue } from './args.js';

describe('integerValue', () => {
  it('gives the fallback when the flag is absent, and the number when it is in range', () => {
    expect(integerValue({}, 'limit', 20, { min: 1, max: 100 })).toBe(20);
    expect(integerValue({ limit: '7' }, 'limit', 20, { min: 1, max: 100 })).toBe(7);
    expect(integerValue({ port: '0' }, 'port', 47632, { min: 0, max: 65_535 })).toBe(0);
    expect(integerValue({ limit: '100000' }, 'limit', 20, { min: 1 })).toBe(100_000);
  });

  it('rejects a fraction, a word or a number out of range, naming the range', () => {
    for (const text of ['2.5', 'ten', '0', '101']) {
      const error = catchError(UsageError, () =>
        integerValue({ limit: text }, 'limit', 20, { min: 1, max: 100 }),
      );
      expect(error.message).toBe(`--limit must be a whole number from 1 to 100; got "${text}"`);
      expect(error.hint).toBe('pass e.g. --limit 20');
      expect(error.exitCode).toBe(2);
    }
    const open = catchError(UsageError, () =>
      integerValue({ limit: '-1' }, 'limit', 20, { min: 1, hint: 'pass e.g. --limit 5' }),
    );
    expect(open.message).toBe('--limit must be a whole number of at least 1; got "-1"');
    expect(open.hint).toBe('pass e.g. --limit 5');
  });
});
