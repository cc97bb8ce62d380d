import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { bundledSkillsDir } from './discovery.js';
import { parseSkillText } from './parse-skill.js';
import { validateSkillPaths } from './validate.js';

function parse(text: string, folder = 'review-change'): ReturnType<typeof parseSkillText> {
  return parseSkillText(text, `/skills/${folder}/SKILL.md`, folder);
}

describe('parseSkillText', () => {
  it('reads the name, description, allowed-tools and the body', () => {
    const outcome = parse(
      '---\nname: review-change\ndescription: Review a diff. Use when asked.\nallowed-tools: Read, Grep\n---\n\n# Review\n',
    );
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.definition.name).toBe('review-change');
    expect(outcome.definition.description).toBe('Review a diff. Use when asked.');
    expect(outcome.definition.allowedTools).toEqual(['Read', 'Grep']);
    expect(outcome.definition.userInvocable).toBe(true);
    expect(outcome.definition.body).toBe('\n# Review\n');
    expect(outcome.warnings).toEqual([]);
  });

  it('rejects a name that is not kebab-case, with its line', () => {
    const outcome = parse('---\ndescription: d\nname: Review_Change\n---\nbody\n');
    expect(outcome).toEqual({
      kind: 'invalid',
      problem: {
        file: '/skills/review-change/SKILL.md',
        line: 3,
        error: expect.stringContaining(
          'lower-case letters and digits separated by single hyphens',
        ) as unknown,
      },
    });
  });

  it('rejects a name that differs from its folder', () => {
    const outcome = parse('---\nname: other\ndescription: d\n---\nbody\n');
    expect(outcome.kind === 'invalid' && outcome.problem.error).toBe(
      'skill name "other" differs from its folder "review-change": rename the folder or the name so they match',
    );
  });

  it('rejects a missing description and an oversize one', () => {
    const missing = parse('---\nname: review-change\n---\nbody\n');
    expect(missing.kind === 'invalid' && missing.problem.error).toBe('"description" is required');
    const long = parse(`---\nname: review-change\ndescription: ${'x'.repeat(1025)}\n---\nbody\n`);
    expect(long.kind === 'invalid' && long.problem.error).toMatch(
      /1025 characters; skills allow at most 1024/,
    );
  });

  it('refuses an alias bomb', () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      bomb += `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]\n`;
      previous = name;
    }
    const outcome = parse(`---\nname: review-change\ndescription: d\n${bomb}---\nbody\n`);
    expect(outcome.kind === 'invalid' && outcome.problem.error).toContain('alias bomb');
  });

  it('checks the types of the fields Claude Code reads and warns about unknown ones', () => {
    const flag = parse('---\nname: review-change\ndescription: d\nuser-invocable: "no"\n---\nb\n');
    expect(flag.kind === 'invalid' && flag.problem).toEqual({
      file: '/skills/review-change/SKILL.md',
      line: 4,
      error: '"user-invocable" must be true or false; found "no"',
    });
    const context = parse('---\nname: review-change\ndescription: d\ncontext: elsewhere\n---\nb\n');
    expect(context.kind === 'invalid' && context.problem.error).toBe(
      '"context" must be inline or fork; found "elsewhere"',
    );
    const unknown = parse('---\nname: review-change\ndescription: d\ncolour: red\n---\nb\n');
    expect(unknown.kind === 'ok' && unknown.warnings.map((w) => [w.line, w.warning])).toEqual([
      [4, 'unknown field "colour": Claude Code ignores it in a SKILL.md'],
    ]);
  });

  it('warns, as portability, about reserved words and XML tags the Skills API refuses', () => {
    const outcome = parse(
      '---\nname: claude-helper\ndescription: Use <b>this</b>\n---\nb\n',
      'claude-helper',
    );
    expect(outcome.kind === 'ok' && outcome.warnings.map((w) => [w.kind, w.line])).toEqual([
      ['portability', 2],
      ['portability', 3],
    ]);
  });
});

describe('validateSkillPaths', () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: root, cleanup } = makeTempDir());
  });
  afterEach(() => {
    cleanup();
  });

  it('passes every bundled skill with no warning', () => {
    const report = validateSkillPaths([bundledSkillsDir()], root);
    expect(report.invalid).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.valid).toBeGreaterThanOrEqual(4);
    expect(report.valid).toBe(report.files);
  });

  it('rejects an oversize SKILL.md unread, and a folder with too many files', () => {
    mkdirSync(join(root, 'big'));
    writeFileSync(
      join(root, 'big', 'SKILL.md'),
      `---\nname: big\ndescription: d\n---\n${'x'.repeat(1024 * 1024)}`,
    );
    mkdirSync(join(root, 'many'));
    writeFileSync(join(root, 'many', 'SKILL.md'), '---\nname: many\ndescription: d\n---\nbody\n');
    for (let index = 0; index <= 200; index += 1)
      writeFileSync(join(root, 'many', `f${index}.txt`), '');
    const report = validateSkillPaths([root], root);
    expect(report.invalid.map((problem) => problem.error)).toEqual([
      expect.stringMatching(/^file is \d+ bytes; SKILL.md files are limited to 1 MiB$/) as unknown,
      'the skill folder holds more than 200 files',
    ]);
    expect(report.valid).toBe(0);
  });

  it('accepts a SKILL.md path and a skill folder path, and refuses another file', () => {
    mkdirSync(join(root, 'one'));
    writeFileSync(join(root, 'one', 'SKILL.md'), '---\nname: one\ndescription: d\n---\nbody\n');
    writeFileSync(join(root, 'notes.md'), 'hi');
    const report = validateSkillPaths(['one', 'one/SKILL.md', 'notes.md'], root);
    expect(report.valid).toBe(2);
    expect(report.duplicates).toEqual([
      { name: 'one', files: [join(root, 'one', 'SKILL.md'), join(root, 'one', 'SKILL.md')] },
    ]);
    expect(report.invalid).toHaveLength(1);
    expect(report.invalid[0]?.error).toMatch(/^not a skill: pass a SKILL.md/);
  });
});
