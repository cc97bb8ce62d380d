import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error.js';
import { AgentError } from '../errors.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { deploySkills } from './deploy.js';
import { SkillRegistry } from './registry.js';
import { undeploySkills } from './undeploy.js';

/** Every file below `dir` with its bytes, to compare before and after. */
function tree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) result[relative(dir, path)] = '(link)';
      else if (stats.isDirectory()) walk(path);
      else result[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return result;
}

function writeSkill(dir: string, name: string, description = `The ${name} skill.`): void {
  mkdirSync(join(dir, name, 'scripts'), { recursive: true });
  writeFileSync(
    join(dir, name, 'SKILL.md'),
    `---\nname: ${name}\ndescription: ${description}\n---\n\nDo ${name}.\n`,
  );
  writeFileSync(join(dir, name, 'scripts', 'check.sh'), '#!/bin/sh\necho ok\n');
  chmodSync(join(dir, name, 'scripts', 'check.sh'), 0o755);
  writeFileSync(join(dir, name, 'reference.md'), `More about ${name}.\n`);
}

describe('skills across tiers, deploy and undeploy', () => {
  let root: string;
  let project: string;
  let home: string;
  let claudeHome: string;
  let bundled: string;
  let target: string;
  let cleanup: () => void;
  const registry = (): SkillRegistry =>
    new SkillRegistry({ projectRoot: project, hybridHome: home, claudeHome, bundledDir: bundled });

  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
    project = join(root, 'project');
    home = join(root, 'hybrid-home');
    claudeHome = join(root, 'claude-home');
    bundled = join(root, 'bundled');
    target = join(project, '.claude', 'skills');
    for (const name of ['alpha', 'beta', 'gamma']) writeSkill(bundled, name);
    writeSkill(join(claudeHome, 'skills'), 'beta', 'The user beta.');
    writeSkill(join(project, '.claude-hybrid', 'skills'), 'gamma', 'The project gamma.');
  });
  afterEach(() => {
    cleanup();
  });

  it('takes each name from the highest tier and lists the rest as shadowed', () => {
    const snapshot = registry().load();
    expect(snapshot.skills.map((entry) => [entry.definition.name, entry.scope])).toEqual([
      ['alpha', 'bundled'],
      ['beta', 'user'],
      ['gamma', 'project'],
    ]);
    expect(snapshot.skills[1]?.definition.description).toBe('The user beta.');
    expect(
      snapshot.shadowed.map((record) => [record.name, record.scope, record.shadowedBy.scope]),
    ).toEqual([
      ['beta', 'bundled', 'user'],
      ['gamma', 'bundled', 'project'],
    ]);
    expect(snapshot.skills[0]?.extraFiles).toEqual(['reference.md', 'scripts/check.sh']);
  });

  it('deploys whole folders marked as ours, and a re-deploy changes no byte', () => {
    const first = deploySkills({ skills: registry().load().skills, target });
    expect(first.created).toEqual(['alpha', 'beta', 'gamma']);
    const deployed = tree(target);
    expect(deployed['alpha/SKILL.md']).toMatch(
      /^---\n# managed-by: claude-hybrid sha256:[0-9a-f]{64}\n# managed-file: sha256:[0-9a-f]{64} reference.md\n# managed-file: sha256:[0-9a-f]{64} scripts\/check.sh\nname: alpha\n/,
    );
    expect(deployed['alpha/scripts/check.sh']).toBe('#!/bin/sh\necho ok\n');
    expect(statSync(join(target, 'alpha', 'scripts', 'check.sh')).mode & 0o111).not.toBe(0);
    const stamps = statSync(join(target, 'alpha', 'SKILL.md')).mtimeMs;
    // Our copies in the project tier stand in for nothing: the originals still win.
    const again = registry().load();
    expect(again.shadowed).toHaveLength(2);
    const second = deploySkills({ skills: again.skills, target });
    expect(second).toMatchObject({
      created: [],
      updated: [],
      unchanged: ['alpha', 'beta', 'gamma'],
    });
    expect(tree(target)).toEqual(deployed);
    expect(statSync(join(target, 'alpha', 'SKILL.md')).mtimeMs).toBe(stamps);
  });

  it('updates our untouched copy, skips a user folder and our copy once edited', () => {
    // A folder of the user's own that is not a skill, in the way of alpha.
    mkdirSync(join(target, 'alpha'), { recursive: true });
    writeFileSync(join(target, 'alpha', 'README.md'), 'Mine.\n');
    deploySkills({ skills: registry().load().skills, target });
    writeFileSync(join(claudeHome, 'skills', 'beta', 'reference.md'), 'Changed upstream.\n');
    writeFileSync(join(target, 'gamma', 'notes.txt'), 'my notes\n');
    const report = deploySkills({ skills: registry().load().skills, target });
    expect(report.updated).toEqual(['beta']);
    expect(report.skipped.map((skip) => [skip.name, skip.reason])).toEqual([
      ['alpha', 'not written by claude-hybrid; pass --force to overwrite'],
      ['gamma', 'edited since claude-hybrid deployed it; pass --force to overwrite'],
    ]);
    expect(readFileSync(join(target, 'beta', 'reference.md'), 'utf8')).toBe('Changed upstream.\n');
    expect(tree(join(target, 'alpha'))).toEqual({ 'README.md': 'Mine.\n' });
  });

  it('undeploys only what it deployed: a user skill, a link and an edited copy stay', () => {
    writeSkill(target, 'mine');
    const before = tree(target);
    deploySkills({ skills: registry().load().skills, target });
    symlinkSync(join(bundled, 'alpha'), join(target, 'linked'));
    writeFileSync(join(target, 'gamma', 'notes.txt'), 'my notes\n');
    const dry = undeploySkills({ target, dryRun: true });
    expect(dry.removed).toEqual(['alpha', 'beta']);
    expect(existsSync(join(target, 'alpha'))).toBe(true);
    const report = undeploySkills({ target });
    expect(report).toMatchObject({ removed: ['alpha', 'beta'], absent: [] });
    expect(report.kept.map((kept) => kept.name)).toEqual(['gamma']);
    expect(existsSync(join(target, 'alpha'))).toBe(false);
    // --force takes our files from the edited copy, never the file the user added.
    undeploySkills({ target, names: ['gamma', 'linked', 'mine'], force: true });
    expect(tree(join(target, 'gamma'))).toEqual({ 'notes.txt': 'my notes\n' });
    expect(existsSync(join(target, 'linked'))).toBe(true);
    const after = tree(target);
    expect(after).toEqual({ ...before, 'gamma/notes.txt': 'my notes\n', linked: '(link)' });
  });

  it('refuses a mistyped name before removing anything, with the closest names', () => {
    deploySkills({ skills: registry().load().skills, target });
    const error = catchError(AgentError, () =>
      undeploySkills({ target, names: ['alpha', 'betta'] }),
    );
    expect(error.code).toBe('skills.not_found');
    expect(error.message).toMatch(/^no skill named "betta" in .*; closest: beta\b/);
    expect(existsSync(join(target, 'alpha'))).toBe(true);
  });

  it('refuses a target that is a file, with exit code 2', () => {
    mkdirSync(join(project, '.claude'), { recursive: true });
    writeFileSync(target, 'a file');
    const error = catchError(AgentError, () =>
      deploySkills({ skills: registry().load().skills, target }),
    );
    expect(error.code).toBe('skills.target_not_directory');
    expect(error.exitCode).toBe(2);
  });
});
