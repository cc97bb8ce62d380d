import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { doctorInput, initialisedProjectPerTest } from '../../test/support/doctor-input.js';
import { agentsCheckOf, checkAgents } from './check-agents.js';

const EMPTY = { files: 2, valid: 2, invalid: [], duplicates: [], shadowed: [], warnings: [] };

describe('agentsCheckOf', () => {
  it('errors fail, warnings and duplicates warn, a clean report passes', () => {
    expect(agentsCheckOf(EMPTY)).toMatchObject({ status: 'ok', detail: '2 files, 2 valid' });
    const invalid = agentsCheckOf({
      ...EMPTY,
      valid: 1,
      invalid: [{ file: '/p/a.md', line: 3, error: 'no name' }],
    });
    expect(invalid).toMatchObject({ status: 'fail' });
    expect(invalid.detail).toContain('/p/a.md:3: no name');
    expect(invalid.fix).toContain('fix or remove /p/a.md');
    const warned = agentsCheckOf({
      ...EMPTY,
      warnings: [
        {
          file: '/p/b.md',
          line: undefined,
          warning: 'tools: Bash(git:*) is Claude Code only',
          kind: 'other',
        },
      ],
    });
    expect(warned).toMatchObject({ status: 'warn' });
    expect(warned.detail).toContain('1 warning: /p/b.md: tools');
    const duplicated = agentsCheckOf({
      ...EMPTY,
      duplicates: [{ name: 'x', files: ['/p/x.md', '/p/x2.md'] }],
    });
    expect(duplicated).toMatchObject({ status: 'warn' });
  });
});

describe('checkAgents', () => {
  const project = initialisedProjectPerTest();

  it('reads every discovered agent file, as agents validate does', async () => {
    const input = doctorInput(project.dir, project.env);
    const loaded = await loadConfig({ cwd: project.dir, env: project.env });
    expect(checkAgents(input, loaded).status).toBe('ok');
    writeFileSync(join(project.dir, '.claude-hybrid', 'agents', 'broken.md'), 'no front matter\n');
    const check = checkAgents(input, loaded);
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('broken.md');
  });

  it('is skipped when the config did not load', () => {
    expect(checkAgents(doctorInput(project.dir, project.env), undefined).status).toBe('skip');
  });
});
