import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { runInProcess, tempProject } from '../../test/support/cli.js';
import { doctorInput } from '../../test/support/doctor-input.js';
import { checkLocal, checkShared, storeCheckOf } from './check-store.js';

const REPORT = {
  store: '/p/state.db',
  kind: 'sqlite' as const,
  version: 4,
  latestVersion: 4,
  state: 'current' as const,
  pending: [],
};

describe('storeCheckOf', () => {
  it('a newer schema fails, pending migrations warn with store migrate', () => {
    expect(storeCheckOf('store', 'S', { ...REPORT, state: 'future', version: 9 })).toMatchObject({
      status: 'fail',
    });
    const pending = storeCheckOf('store', 'S', {
      ...REPORT,
      version: 3,
      state: 'pending',
      pending: [{ version: 4, name: 'memory' }],
    });
    expect(pending).toMatchObject({ status: 'warn' });
    expect(pending.detail).toContain('4 memory');
    expect(pending.fix).toContain('claude-hybrid store migrate');
  });
});

describe('checkLocal and checkShared', () => {
  let project: ReturnType<typeof tempProject>;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(() => {
    project.cleanup();
  });

  it('reads the project store read-only, as store check does', async () => {
    await runInProcess(['init'], { cwd: project.dir, env: project.env });
    const loaded = await loadConfig({ cwd: project.dir, env: project.env });
    const check = checkLocal(loaded);
    expect(check.status).toBe('ok');
    expect(check.detail).toContain('up to date, integrity ok');
    writeFileSync(join(project.dir, '.claude-hybrid', 'state.db'), 'not a database at all, no');
    const broken = checkLocal(loaded);
    expect(broken.status).toBe('fail');
    expect(broken.fix).toContain('move');
  });

  it('is skipped outside a project', async () => {
    const loaded = await loadConfig({ cwd: project.dir, env: project.env });
    expect(checkLocal(loaded).status).toBe('skip');
  });

  it('the shared store is only tried online, and its password is never shown', async () => {
    const env = {
      ...project.env,
      CLAUDE_HYBRID_STORE_URL: 'postgres://ci:s3cret-pw@127.0.0.1:1/hybrid',
    };
    const loaded = await loadConfig({ cwd: project.dir, env });
    expect(
      await checkShared(doctorInput(project.dir, env), {
        ...loaded,
        config: { ...loaded.config, store: { ...loaded.config.store, url: '' } },
      }),
    ).toBeUndefined();
    const offline = await checkShared(doctorInput(project.dir, env), loaded);
    expect(offline).toMatchObject({ id: 'shared-store', status: 'skip' });
    const online = await checkShared(
      doctorInput(project.dir, env, { online: true, timeoutMs: 2_000 }),
      loaded,
    );
    expect(online?.status).toBe('fail');
    expect(JSON.stringify([offline, online])).not.toContain('s3cret-pw');
  });
});
