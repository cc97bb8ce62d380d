import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createColors } from '../cli/output.js';
import { doctorInput, initialisedProjectPerTest } from '../../test/support/doctor-input.js';
import { renderDoctor } from './render-doctor.js';
import { reportOf, runDoctor } from './run-doctor.js';

const KEY = 'sk-ant-api03-RECOGNISABLE-doctor-key-7d1e';

describe('runDoctor', () => {
  const project = initialisedProjectPerTest();

  it('a healthy project passes offline with no key: warnings, no failure', async () => {
    const report = await runDoctor(doctorInput(project.dir, project.env));
    expect(report.checks.filter((check) => check.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.id)).toEqual([
      'node',
      'sqlite',
      'home',
      'project',
      'config',
      'agents',
      'skills',
      'store',
      'daemon',
      'hooks',
      'mcp',
      'statusline',
      'claude',
      'api-key',
      'cloud',
      'provider',
      'disk',
    ]);
    expect(report.checks.find((check) => check.id === 'api-key')?.status).toBe('warn');
    const total = Object.values(report.counts).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(report.checks.length);
  });

  it('requireKey without a key fails', async () => {
    const report = await runDoctor(doctorInput(project.dir, project.env, { requireKey: true }));
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.id === 'api-key')?.status).toBe('fail');
  });

  it('a bad config fails with its fix, and the other checks still run', async () => {
    writeFileSync(
      join(project.dir, '.claude-hybrid', 'config.yaml'),
      'engine:\n  maxAttempts: -3\n',
      { mode: 0o600 },
    );
    const report = await runDoctor(doctorInput(project.dir, project.env));
    expect(report.ok).toBe(false);
    const config = report.checks.find((check) => check.id === 'config');
    expect(config?.status).toBe('fail');
    expect(config?.fix).toContain('engine.maxAttempts');
    expect(report.checks.find((check) => check.id === 'agents')?.status).toBe('ok');
  });

  it('the key appears nowhere in the text or the JSON', async () => {
    const env = { ...project.env, ANTHROPIC_API_KEY: KEY };
    const report = await runDoctor(doctorInput(project.dir, env));
    const text = renderDoctor(report, createColors(false));
    for (const output of [text, JSON.stringify(report)]) {
      expect(output).not.toContain(KEY);
      expect(output).not.toContain('RECOGNISABLE');
    }
    expect(report.checks.find((check) => check.id === 'api-key')?.status).toBe('ok');
  });
});

describe('renderDoctor', () => {
  const report = reportOf([
    { id: 'node', title: 'Node.js', status: 'ok', detail: 'v20' },
    {
      id: 'daemon',
      title: 'Daemon',
      status: 'warn',
      detail: 'not running',
      fix: 'claude-hybrid daemon start',
    },
    { id: 'config', title: 'Configuration', status: 'fail', detail: 'bad', fix: 'set it' },
    { id: 'provider', title: 'API', status: 'skip', detail: 'offline' },
  ]);

  it('plain ASCII marks without colour, the fix under its check, a summary line', () => {
    expect(renderDoctor(report, createColors(false))).toBe(
      [
        'ok   Node.js        v20',
        'WARN Daemon         not running',
        '     fix: claude-hybrid daemon start',
        'FAIL Configuration  bad',
        '     fix: set it',
        'skip API            offline',
        '',
        '4 checks, 1 ok, 1 warning, 1 failed, 1 skipped: fix the failed checks above',
      ].join('\n'),
    );
  });

  it('marks and colours on a terminal', () => {
    const text = renderDoctor(report, createColors(true));
    expect(text).toContain('\u001b[32m✓\u001b[39m Node.js');
    expect(text).toContain('\u001b[31m✗\u001b[39m Configuration');
    expect(text).toContain('  \u001b[2mfix:\u001b[22m set it');
  });

  it('counts and ok', () => {
    expect(report.counts).toEqual({ ok: 1, warn: 1, fail: 1, skip: 1 });
    expect(report.ok).toBe(false);
  });
});
