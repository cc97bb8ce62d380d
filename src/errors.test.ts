import { describe, expect, it } from 'vitest';
import { ConfigError, HybridError, ProviderError, UsageError, isHybridError } from './errors.js';

describe('HybridError', () => {
  it('carries a code, a hint, an exit code and a cause', () => {
    const cause = new Error('disk full');
    const error = new HybridError('store.failed', 'cannot write', {
      hint: 'free some space',
      cause,
    });
    expect(error).toMatchObject({
      name: 'HybridError',
      code: 'store.failed',
      hint: 'free some space',
      exitCode: 1,
      cause,
    });
    expect(new UsageError('bad flag').exitCode).toBe(2);
    expect(new ConfigError('config.invalid', 'bad value').exitCode).toBe(2);
    expect(
      new ProviderError('api.overloaded', 'try later', { status: 529, retryable: true }),
    ).toMatchObject({ status: 529, retryable: true });
  });

  it('is recognised across bundle copies by its brand, and nothing else is', () => {
    expect(isHybridError(new UsageError('x'))).toBe(true);
    expect(isHybridError(new Error('x'))).toBe(false);
    expect(isHybridError({ code: 'x', exitCode: 2 })).toBe(false);
    // Another bundle's copy of the class marks its instances with the same global symbol.
    const foreign = Object.assign(new Error('from routing.cjs'), {
      code: 'routing.empty_task',
      exitCode: 2,
      [Symbol.for('claude-hybrid.error')]: true,
    });
    expect(isHybridError(foreign)).toBe(true);
  });
});
