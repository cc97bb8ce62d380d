import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess, tempProject } from '../../test/support/cli.js';
import { doctorInput } from '../../test/support/doctor-input.js';
import { checkHome, checkProjectDir, shellPath } from './check-dirs.js';

describe('checkHome and checkProjectDir', () => {
  let project: ReturnType<typeof tempProject>;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(() => {
    project.cleanup();
  });

  it('an initialised project and its home are private', async () => {
    expect((await runInProcess(['init'], { cwd: project.dir, env: project.env })).code).toBe(0);
    const input = doctorInput(project.dir, project.env);
    expect(checkHome(input)).toMatchObject({ id: 'home', status: 'ok' });
    expect(checkProjectDir(input)).toMatchObject({ id: 'project', status: 'ok' });
  });

  it('a 0644 state file warns with the chmod that fixes it', async () => {
    await runInProcess(['init'], { cwd: project.dir, env: project.env });
    const state = join(project.dir, '.claude-hybrid', 'state.db');
    chmodSync(state, 0o644);
    const check = checkProjectDir(doctorInput(project.dir, project.env));
    expect(check.status).toBe('warn');
    expect(check.detail).toContain(`${state} (0644)`);
    expect(check.fix).toBe(`chmod go-rwx ${state}`);
  });

  it('many loose files become one recursive chmod', async () => {
    await runInProcess(['init'], { cwd: project.dir, env: project.env });
    const memories = join(project.dir, '.claude-hybrid', 'memories');
    mkdirSync(memories, { mode: 0o700 });
    for (const name of ['a.md', 'b.md', 'c.md', 'd.md'])
      writeFileSync(join(memories, name), 'x', { mode: 0o644 });
    const check = checkProjectDir(doctorInput(project.dir, project.env));
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('and 1 more');
    expect(check.fix).toBe(`chmod -R go-rwx ${join(project.dir, '.claude-hybrid')}`);
  });

  it('a project folder others can enter fails', async () => {
    await runInProcess(['init'], { cwd: project.dir, env: project.env });
    const dir = join(project.dir, '.claude-hybrid');
    chmodSync(dir, 0o755);
    const check = checkProjectDir(doctorInput(project.dir, project.env));
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('mode 0755');
    expect(check.fix).toBe(`chmod -R go-rwx ${dir}`);
  });

  it('outside a project warns with init', () => {
    const check = checkProjectDir(doctorInput(project.dir, project.env));
    expect(check).toMatchObject({
      status: 'warn',
      fix: 'claude-hybrid init (in the project root)',
    });
  });

  it('only the data files of a home are looked at, and a home that is a file fails', () => {
    const home = project.env.CLAUDE_HYBRID_HOME ?? '';
    mkdirSync(home, { mode: 0o700 });
    writeFileSync(join(home, 'notes.txt'), 'mine', { mode: 0o644 });
    expect(checkHome(doctorInput(project.dir, project.env)).status).toBe('ok');
    writeFileSync(join(home, 'daemon.json'), '{}', { mode: 0o644 });
    expect(checkHome(doctorInput(project.dir, project.env))).toMatchObject({
      status: 'warn',
      fix: `chmod go-rwx ${join(home, 'daemon.json')}`,
    });
    const fileHome = join(project.dir, 'home-file');
    writeFileSync(fileHome, '');
    const check = checkHome(
      doctorInput(project.dir, { ...project.env, CLAUDE_HYBRID_HOME: fileHome }),
    );
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('CLAUDE_HYBRID_HOME');
  });

  it('quotes a path for the shell only when it must', () => {
    expect(shellPath('/tmp/a-b/c.db')).toBe('/tmp/a-b/c.db');
    expect(shellPath("/tmp/it's here")).toBe(`'/tmp/it'\\''s here'`);
  });
});
