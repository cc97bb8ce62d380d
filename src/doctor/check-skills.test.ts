import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { doctorInput, initialisedProjectPerTest } from '../../test/support/doctor-input.js';
import { checkSkills } from './check-skills.js';

const project = initialisedProjectPerTest();

describe('checkSkills', () => {
  it('reads every discovered skill folder, as skills validate does, beside the agents', async () => {
    const input = doctorInput(project.dir, project.env);
    const loaded = await loadConfig({ cwd: project.dir, env: project.env });
    expect(checkSkills(input, loaded)).toMatchObject({ id: 'skills', status: 'ok' });
    const folder = join(project.dir, '.claude', 'skills', 'broken');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'SKILL.md'), '---\nname: broken\n---\nNo description.\n');
    const check = checkSkills(input, loaded);
    expect(check).toMatchObject({ id: 'skills', title: 'Skills', status: 'fail' });
    expect(check.detail).toContain(`${join(folder, 'SKILL.md')}:1: "description" is required`);
    expect(check.fix).toContain('claude-hybrid skills validate');
  });

  it('is skipped when the config did not load', () => {
    expect(checkSkills(doctorInput(project.dir, project.env), undefined).status).toBe('skip');
  });
});
