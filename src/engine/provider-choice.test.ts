import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { chooseProvider, onPath } from './provider-choice.js';

const never = (): boolean => false;
const always = (): boolean => true;

describe('chooseProvider', () => {
  it('takes --provider, then config, then the API key, then claude on PATH', () => {
    const env = { ANTHROPIC_API_KEY: 'k' };
    expect(chooseProvider({ flag: 'sim', configured: 'openai', env, hasClaude: always })).toEqual({
      name: 'sim',
      source: 'flag',
    });
    expect(chooseProvider({ configured: 'openai', env, hasClaude: always })).toEqual({
      name: 'openai',
      source: 'config',
    });
    expect(chooseProvider({ env, hasClaude: always })).toEqual({
      name: 'anthropic',
      source: 'environment',
    });
    expect(chooseProvider({ env: {}, hasClaude: always })).toEqual({
      name: 'claude-code',
      source: 'environment',
    });
  });

  it("follows Claude Code's cloud switches before the API key, below --provider and config", () => {
    const env = { ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_USE_BEDROCK: '1' };
    expect(chooseProvider({ env, hasClaude: always })).toEqual({
      name: 'bedrock',
      source: 'environment',
    });
    expect(chooseProvider({ env: { CLAUDE_CODE_USE_VERTEX: 'true' }, hasClaude: never })).toEqual({
      name: 'vertex',
      source: 'environment',
    });
    expect(chooseProvider({ configured: 'anthropic', env, hasClaude: always }).name).toBe(
      'anthropic',
    );
    expect(chooseProvider({ flag: 'vertex', env, hasClaude: always })).toEqual({
      name: 'vertex',
      source: 'flag',
    });
    // Off is off: 0 or an empty value leaves the choice to the key.
    expect(
      chooseProvider({ env: { ANTHROPIC_API_KEY: 'k', CLAUDE_CODE_USE_BEDROCK: '0' } }).name,
    ).toBe('anthropic');
  });

  it('never picks sim or openai on its own, and lists the choices when nothing is set up', () => {
    expect(() => chooseProvider({ env: {}, hasClaude: never })).toThrow(
      /no model provider is set up/,
    );
    expect(() => chooseProvider({ flag: 'gemini', env: {}, hasClaude: never })).toThrow(
      /unknown provider "gemini"; this version has anthropic, bedrock, vertex, claude-code, openai, sim/,
    );
  });
});

describe('chooseProvider and CLAUDE_HYBRID_CLAUDE', () => {
  it('picks claude-code when CLAUDE_HYBRID_CLAUDE names an executable off PATH', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const claude = join(dir, 'my-claude');
      writeFileSync(claude, '#!/bin/sh\n');
      chmodSync(claude, 0o755);
      expect(
        chooseProvider({ env: { PATH: '/nonexistent', CLAUDE_HYBRID_CLAUDE: claude } }),
      ).toEqual({ name: 'claude-code', source: 'environment' });
      expect(() =>
        chooseProvider({ env: { PATH: '/nonexistent', CLAUDE_HYBRID_CLAUDE: join(dir, 'none') } }),
      ).toThrow(/no model provider is set up/);
    } finally {
      cleanup();
    }
  });
});

describe('onPath', () => {
  it('finds executables only', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'claude'), '#!/bin/sh\n');
      writeFileSync(join(bin, 'not-executable'), '');
      chmodSync(join(bin, 'claude'), 0o755);
      expect(onPath('claude', `/nonexistent:${bin}`)).toBe(true);
      expect(onPath('not-executable', bin)).toBe(false);
      expect(onPath('claude', undefined)).toBe(false);
    } finally {
      cleanup();
    }
  });
});
