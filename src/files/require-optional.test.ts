import { describe, expect, it } from 'vitest';
import { isHybridError } from '../errors.js';
import { requireOptional } from './require-optional.js';

describe('requireOptional', () => {
  it('returns the package when it is installed', () => {
    const yaml = requireOptional('yaml', 'YAML output') as { stringify(value: unknown): string };
    expect(yaml.stringify({ a: 1 })).toBe('a: 1\n');
  });

  it('says which feature needs a missing package and how to install it', () => {
    let thrown: unknown;
    try {
      requireOptional('claude-hybrid-no-such-package', 'The Postgres store');
    } catch (error) {
      thrown = error;
    }
    expect(isHybridError(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      code: 'deps.missing',
      exitCode: 2,
      message: 'The Postgres store needs the claude-hybrid-no-such-package package',
      hint: 'install it: npm install claude-hybrid-no-such-package',
    });
    expect((thrown as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });
});
