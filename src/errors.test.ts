import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  HybridError,
  ProviderError,
  SessionError,
  UsageError,
  isHybridError,
} from './errors.js';

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
      new ProviderError('provider.overloaded', 'try later', { status: 529, retryable: true }),
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

  it("takes its exit code from the code's registry entry unless the site overrides it", () => {
    // agents.not_found is a user error in the registry; store.failed a system failure.
    expect(new HybridError('agents.not_found', 'no agent "x"').exitCode).toBe(2);
    expect(new HybridError('store.failed', 'disk full').exitCode).toBe(1);
    expect(new HybridError('agents.not_found', 'vanished', { exitCode: 1 }).exitCode).toBe(1);
    expect(new SessionError('session.none', 'no sessions', 'run claude first')).toMatchObject({
      name: 'SessionError',
      code: 'session.none',
      exitCode: 2,
      hint: 'run claude first',
    });
  });
});
