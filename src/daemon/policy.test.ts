import { describe, expect, it } from 'vitest';
import { MAX_MATCH_COST, compilePolicy, deniedBy } from './policy.js';

describe('Bash policy', () => {
  const policy = compilePolicy(['rm -rf /', 'git push (-f|--force)', '^(a+)+$']);

  it('denies a command that matches a pattern, naming it, and lets others through', () => {
    expect(deniedBy('git push --force origin main', policy)).toEqual({
      reason: 'the command matches a denied pattern',
      pattern: 'git push (-f|--force)',
    });
    expect(deniedBy('git push origin main', policy)).toBeUndefined();
    expect(deniedBy('', policy)).toBeUndefined();
    expect(deniedBy('anything', compilePolicy([]))).toBeUndefined();
  });

  it('answers an adversarial command at once', () => {
    const started = performance.now();
    for (let count = 0; count < 100; count += 1)
      expect(deniedBy(`${'a'.repeat(30 + count)}!`, policy)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('denies a command too long to check within the budget, rather than checking part of it', () => {
    const limit = Math.floor(MAX_MATCH_COST / policy.size);
    const hidden = `${' '.repeat(limit)}rm -rf /`;
    expect(deniedBy(hidden, policy)?.reason).toMatch(
      /^the command is too long to check against the deny patterns \(\d+ characters; at most \d+ with these patterns\)$/,
    );
    expect(deniedBy(' '.repeat(limit - 1), policy)).toBeUndefined();
  });

  it('denies everything while the policy cannot be read', () => {
    const broken = { ...compilePolicy([]), denyAll: 'the Bash deny policy cannot be read (x)' };
    expect(deniedBy('ls', broken)).toEqual({ reason: 'the Bash deny policy cannot be read (x)' });
  });

  it('refuses a pattern the linear-time engine cannot run, as a config error', () => {
    expect(() => compilePolicy(['(a)\\1'])).toThrow(
      expect.objectContaining({
        code: 'config.invalid',
        message: expect.stringMatching(
          /^hooks\.denyBash: expected a linear-time \(RE2\)/,
        ) as unknown,
      }),
    );
  });
});
