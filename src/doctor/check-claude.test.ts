import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { doctorInput } from '../../test/support/doctor-input.js';
import { checkClaude, claudeVersionOf, findOnPath } from './check-claude.js';

/** The npm package of Claude Code this repository installs for tests. */
const BIN = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));
const PACKAGE = fileURLToPath(
  new URL('../../node_modules/@anthropic-ai/claude-code/package.json', import.meta.url),
);

describe('checkClaude', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => {
    temp.cleanup();
  });

  it('finds claude on PATH and reads its version from its package.json, without running it', () => {
    const { version } = JSON.parse(readFileSync(PACKAGE, 'utf8')) as { version: string };
    const check = checkClaude(doctorInput(temp.dir, { PATH: `${temp.dir}:${BIN}` }));
    expect(check.status).toBe('ok');
    expect(check.detail).toBe(`${join(BIN, 'claude')}, version ${version}`);
  });

  it('a native install is named by its version file', () => {
    const versions = join(temp.dir, 'share', 'claude', 'versions');
    mkdirSync(versions, { recursive: true });
    const binary = join(versions, '2.3.4');
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
    const bin = join(temp.dir, 'bin');
    mkdirSync(bin);
    symlinkSync(binary, join(bin, 'claude'));
    expect(claudeVersionOf(join(bin, 'claude'))).toBe('2.3.4');
  });

  it('missing from PATH warns with the install command', () => {
    const check = checkClaude(doctorInput(temp.dir, { PATH: temp.dir }));
    expect(check.status).toBe('warn');
    expect(check.fix).toContain('npm install -g @anthropic-ai/claude-code');
  });

  it('CLAUDE_HYBRID_CLAUDE is used, and a wrong one is named', () => {
    const env = { PATH: temp.dir, CLAUDE_HYBRID_CLAUDE: join(BIN, 'claude') };
    expect(checkClaude(doctorInput(temp.dir, env)).status).toBe('ok');
    const wrong = checkClaude(
      doctorInput(temp.dir, { PATH: temp.dir, CLAUDE_HYBRID_CLAUDE: '/nowhere/claude' }),
    );
    expect(wrong.status).toBe('warn');
    expect(wrong.detail).toContain('/nowhere/claude');
    expect(wrong.fix).toContain('CLAUDE_HYBRID_CLAUDE');
  });

  it('skips files that are not executable', () => {
    writeFileSync(join(temp.dir, 'claude'), '');
    chmodSync(join(temp.dir, 'claude'), 0o644);
    expect(findOnPath('claude', { PATH: temp.dir }, temp.dir)).toBeUndefined();
  });
});
