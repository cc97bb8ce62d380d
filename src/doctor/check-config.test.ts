import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorInput, initialisedProjectPerTest } from '../../test/support/doctor-input.js';
import { checkConfig } from './check-config.js';

describe('checkConfig', () => {
  const project = initialisedProjectPerTest();

  it('a valid config passes and is handed on', async () => {
    const { check, loaded } = await checkConfig(doctorInput(project.dir, project.env));
    expect(check).toMatchObject({ id: 'config', status: 'ok' });
    expect(check.detail).toContain('config.yaml');
    expect(loaded?.initialized).toBe(true);
  });

  it('a bad value fails with the key, the line and what to set', async () => {
    const file = join(project.dir, '.claude-hybrid', 'config.yaml');
    writeFileSync(file, 'engine:\n  maxAttempts: lots\n', { mode: 0o600 });
    const { check, loaded } = await checkConfig(doctorInput(project.dir, project.env));
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('1 invalid value');
    expect(check.detail).toContain('engine.maxAttempts');
    expect(check.fix).toContain(`set engine.maxAttempts to`);
    expect(check.fix).toContain(`in ${file} (line 2)`);
    expect(check.fix).toContain('claude-hybrid config validate');
    // The other checks still run over the defaults.
    expect(loaded?.config.engine.maxAttempts).toBeGreaterThan(0);
  });

  it('a bad environment variable names the variable', async () => {
    const env = { ...project.env, CLAUDE_HYBRID_ENGINE_MAX_ATTEMPTS: 'lots' };
    const { check } = await checkConfig(doctorInput(project.dir, env));
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('the environment variable CLAUDE_HYBRID_ENGINE_MAX_ATTEMPTS');
  });

  it('a config that cannot load at all fails with its hint', async () => {
    const input = doctorInput(project.dir, project.env, {
      loadConfig: () => Promise.reject(new Error('cannot create /proc/x (ENOENT)')),
    });
    const { check, loaded } = await checkConfig(input);
    expect(check).toMatchObject({ status: 'fail', fix: 'claude-hybrid config validate' });
    expect(loaded).toBeUndefined();
  });
});
