import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBinary, tempProject } from '../../../test/support/cli.js';
import type { CliResult } from '../../../test/support/cli.js';

let root: string;
let env: NodeJS.ProcessEnv;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: root, env, cleanup } = tempProject());
});
afterEach(() => {
  cleanup();
});

const cli = (...argv: string[]): CliResult => runBinary(argv, { cwd: root, env });
const skillsDir = (): string => join(root, '.claude', 'skills');
const snapshot = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(skillsDir())
      .sort()
      .map((name) => [name, readFileSync(join(skillsDir(), name, 'SKILL.md'), 'utf8')]),
  );

describe('skills, through the built CLI', () => {
  it('lists, deploys (idempotent), shows and undeploys only its own skills', () => {
    const list = cli('skills', 'list', '--json');
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as { skills: { name: string; scope: string }[] };
    const bundled = listed.skills.map((skill) => skill.name);
    expect(bundled).toEqual(['commit-message', 'focused-tests', 'review-change', 'safe-refactor']);
    expect(listed.skills.every((skill) => skill.scope === 'bundled')).toBe(true);

    // A skill of the user's own, in the project: it wins its name, and deploy leaves it alone.
    mkdirSync(join(skillsDir(), 'mine'), { recursive: true });
    writeFileSync(
      join(skillsDir(), 'mine', 'SKILL.md'),
      '---\nname: mine\ndescription: My own skill.\n---\nDo it my way.\n',
    );
    const deployed = cli('skills', 'deploy', '--json');
    expect(deployed.code).toBe(0);
    expect((JSON.parse(deployed.stdout) as { created: string[] }).created).toEqual(bundled);
    const first = snapshot();
    const again = JSON.parse(cli('skills', 'deploy', '--json').stdout) as { unchanged: string[] };
    expect(again.unchanged).toEqual(bundled);
    expect(snapshot()).toEqual(first);

    const shown = JSON.parse(cli('skills', 'show', 'review-change', '--json').stdout) as {
      scope: string;
      allowedTools: string[];
    };
    expect(shown.scope).toBe('bundled');
    expect(shown.allowedTools).toContain('Read');

    const undeployed = JSON.parse(cli('skills', 'undeploy', '--json').stdout) as {
      removed: string[];
    };
    expect(undeployed.removed).toEqual(bundled);
    expect(readdirSync(skillsDir())).toEqual(['mine']);
  });

  it('answers bad input with one line, a fix and exit 2', () => {
    const typo = cli('skills', 'show', 'review-chang');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no skill named "review-chang"; closest: review-change');
    expect(typo.stderr).toContain("hint: run 'claude-hybrid skills list'");
    const both = cli('skills', 'deploy', '--user', '--target', 'x');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--target and --user name two targets');
    const scope = cli('skills', 'list', '--scope', 'team');
    expect(scope.code).toBe(2);
    mkdirSync(join(root, 'bad', 'Bad'), { recursive: true });
    writeFileSync(join(root, 'bad', 'Bad', 'SKILL.md'), '---\nname: Bad\n---\nx\n');
    const invalid = cli('skills', 'validate', 'bad', '--json');
    expect(invalid.code).toBe(2);
    expect((JSON.parse(invalid.stdout) as { invalid: { line: number }[] }).invalid).toEqual([
      expect.objectContaining({ line: 2 }),
    ]);
  });

  it('deploys to the user tier with --user', () => {
    const user = cli('skills', 'deploy', 'focused-tests', '--user', '--json');
    expect(user.code).toBe(0);
    const home = env.HOME ?? '';
    expect(readdirSync(join(home, '.claude', 'skills'))).toEqual(['focused-tests']);
    const list = JSON.parse(cli('skills', 'list', '--json').stdout) as {
      skills: { name: string; scope: string; managed: boolean }[];
    };
    // The deployed copy stands in for nothing: the bundled original still wins its name.
    expect(list.skills.find((skill) => skill.name === 'focused-tests')).toMatchObject({
      scope: 'bundled',
      managed: false,
    });
  });
});
