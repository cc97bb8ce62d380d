import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { HybridError } from '../errors.js';
import { installCommand, requireOptional } from './require-optional.js';

describe('requireOptional', () => {
  it('returns the package when it is installed', () => {
    const yaml = requireOptional('yaml', 'YAML output') as { stringify(value: unknown): string };
    expect(yaml.stringify({ a: 1 })).toBe('a: 1\n');
  });

  it('says which feature needs a missing package and how to install it', () => {
    const thrown = catchError(HybridError, () =>
      requireOptional('claude-hybrid-no-such-package', 'The Postgres store'),
    );
    expect(thrown).toMatchObject({
      code: 'deps.missing',
      exitCode: 2,
      message: 'The Postgres store needs the claude-hybrid-no-such-package package',
      hint: 'install it: npm install claude-hybrid-no-such-package',
    });
    expect(thrown.cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });

  it('names a global install for a global claude-hybrid, a local one otherwise', () => {
    const name = '@anthropic-ai/bedrock-sdk';
    expect(installCommand(name, '/usr/local/lib/node_modules/claude-hybrid/dist/engine.cjs')).toBe(
      `npm install -g ${name}`,
    );
    expect(
      installCommand(
        name,
        'C:\\Users\\me\\AppData\\Roaming\\npm\\node_modules\\claude-hybrid\\dist\\engine.cjs',
      ),
    ).toBe(`npm install -g ${name}`);
    expect(installCommand(name, '/work/app/node_modules/claude-hybrid/dist/engine.cjs')).toBe(
      `npm install ${name}`,
    );
    expect(installCommand(name, '/work/claude-hybrid/src/files/require-optional.ts')).toBe(
      `npm install ${name}`,
    );
  });

  it('rethrows when the package is there but something it requires is not', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const broken = join(dir, 'broken-package');
      mkdirSync(broken);
      writeFileSync(join(broken, 'index.js'), "require('claude-hybrid-no-such-dependency');\n");
      expect(() => requireOptional(broken, 'The broken feature')).toThrow(
        expect.objectContaining({
          code: 'MODULE_NOT_FOUND',
          message: expect.stringContaining("'claude-hybrid-no-such-dependency'") as unknown,
        }),
      );
    } finally {
      cleanup();
    }
  });
});
