import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBinary, runBuilt, tempProject } from './support/cli.js';
import { startFakeAnthropic } from './support/fake-anthropic.js';
import { freePort } from './support/free-port.js';

const KEY = 'sk-ant-api03-RECOGNISABLE-cli-doctor-3b8f';

interface DoctorJson {
  ok: boolean;
  checks: { id: string; status: string; detail: string; fix?: string }[];
  counts: Record<string, number>;
}

describe('claude-hybrid doctor (built CLI)', () => {
  let project: ReturnType<typeof tempProject>;
  beforeEach(() => {
    project = tempProject();
    expect(runBinary(['init'], { cwd: project.dir, env: project.env }).code).toBe(0);
  });
  afterEach(() => {
    project.cleanup();
  });

  it('a healthy project passes offline with no key: one line per check in ASCII, exit 0', () => {
    const result = runBinary(['doctor'], { cwd: project.dir, env: project.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {3}Node\.js/m);
    expect(result.stdout).toMatch(/^WARN Anthropic API key +ANTHROPIC_API_KEY is not set/m);
    expect(result.stdout).toMatch(/^ {5}fix: claude-hybrid daemon start$/m);
    // Skipped offline: the online API request, and the cloud check (no cloud chosen).
    expect(result.stdout).toMatch(/^skip Cloud provider/m);
    expect(result.stdout).toMatch(
      /^\d+ checks, \d+ ok, \d+ warnings?, 0 failed, 2 skipped: healthy$/m,
    );
    expect(result.stdout).not.toMatch(/[✓✗]/);
  });

  it('--json is one document; a loose state file and --require-key make it exit 1', () => {
    chmodSync(join(project.dir, '.claude-hybrid', 'state.db'), 0o644);
    const env = { ...project.env, ANTHROPIC_API_KEY: KEY };
    const withKey = runBinary(['doctor', '--json'], { cwd: project.dir, env });
    expect(withKey.code).toBe(0);
    const report = JSON.parse(withKey.stdout) as DoctorJson;
    expect(report.ok).toBe(true);
    const project_ = report.checks.find((check) => check.id === 'project');
    expect(project_).toMatchObject({ status: 'warn' });
    expect(project_?.fix).toContain('chmod go-rwx');
    expect(withKey.stdout + withKey.stderr).not.toContain('RECOGNISABLE');
    const text = runBinary(['doctor'], { cwd: project.dir, env });
    expect(text.stdout + text.stderr).not.toContain('RECOGNISABLE');
    const required = runBinary(['doctor', '--require-key', '--json'], {
      cwd: project.dir,
      env: project.env,
    });
    expect(required.code).toBe(1);
    const failed = JSON.parse(required.stdout) as DoctorJson;
    expect(failed.ok).toBe(false);
    expect(failed.counts.fail).toBe(1);
  });

  it('--online reaches the fake Messages API, and a closed port fails with a fix', async () => {
    const fake = await startFakeAnthropic({ allowedApiKeys: [KEY] });
    try {
      const env = { ...project.env, ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.baseUrl };
      const reached = await runBuilt(['doctor', '--online', '--json'], { cwd: project.dir, env });
      expect(reached.code).toBe(0);
      const report = JSON.parse(reached.stdout) as DoctorJson;
      expect(report.checks.find((check) => check.id === 'provider')?.status).toBe('ok');
      expect(fake.stats.byPath).toEqual({ '/v1/messages/count_tokens': 1 });
    } finally {
      await fake.close();
    }
    const port = await freePort();
    const closed = await runBuilt(['doctor', '--online'], {
      cwd: project.dir,
      env: {
        ...project.env,
        ANTHROPIC_API_KEY: KEY,
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
      },
    });
    expect(closed.code).toBe(1);
    expect(closed.stdout).toMatch(/^FAIL Anthropic API reachable/m);
    expect(closed.stdout).toContain('fix: check the network');
    expect(closed.stdout).not.toContain('RECOGNISABLE');
  });
});
