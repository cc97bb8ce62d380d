import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { deniedBy } from './policy.js';
import { ProjectPolicies } from './project-policy.js';

let temp: { dir: string; cleanup: () => void };
let home: string;
let root: string;
let logged: string[];
let policies: ProjectPolicies;
let tick = 1_000_000;

beforeEach(() => {
  temp = makeTempDir('claude-hybrid-policy-');
  home = join(temp.dir, 'home');
  root = join(temp.dir, 'project');
  mkdirSync(home);
  mkdirSync(join(root, '.claude-hybrid'), { recursive: true });
  logged = [];
  policies = new ProjectPolicies({
    hybridHome: home,
    log: (line) => logged.push(line),
    now: () => 1_700_000_000_000,
  });
});
afterEach(() => {
  temp.cleanup();
});

/** Writes a config file with a new mtime, so the change is seen even within a millisecond. */
function write(file: string, text: string): void {
  writeFileSync(file, text);
  tick += 10;
  utimesSync(file, tick, tick);
}
const projectFile = (): string => join(root, '.claude-hybrid', 'config.yaml');
const userFile = (): string => join(home, 'config.yaml');
const decision = (command: string) => deniedBy(command, policies.policyFor(root));
const CLEAN = 'version: 1\nhooks:\n  denyBash: ["rm -rf /"]\n';

describe('project policies', () => {
  it('apply the patterns of the user and the project files', () => {
    write(userFile(), 'version: 1\nhooks:\n  denyBash: ["shutdown"]\n');
    write(projectFile(), CLEAN);
    expect(decision('rm -rf / --no-preserve-root')?.pattern).toBe('rm -rf /');
    expect(decision('sudo shutdown now')?.pattern).toBe('shutdown');
    expect(decision('ls')).toBeUndefined();
    expect(policies.problems()).toEqual([]);
    expect(logged).toEqual([]);
  });

  it.each([
    ['a YAML error anywhere', `${CLEAN}engine:\n  maxConcurrency: [1\n`],
    ['denyBash as a string', 'version: 1\nhooks:\n  denyBash: "rm -rf /"\n'],
    ['a misspelt denyBash', 'version: 1\nhooks:\n  denyBsh: ["rm -rf /"]\n'],
    ['a pattern RE2 refuses', 'version: 1\nhooks:\n  denyBash: ["(a)\\\\1"]\n'],
    ['hooks that is not a mapping', 'version: 1\nhooks: 42\n'],
    ['a root that is a list', '- rm\n'],
  ])('keep the last clean patterns through %s, and say so once', (_name, broken) => {
    write(projectFile(), CLEAN);
    expect(decision('rm -rf /')).toBeDefined();
    write(projectFile(), broken);
    expect(decision('rm -rf /')?.pattern).toBe('rm -rf /');
    expect(decision('ls')).toBeUndefined();
    expect(decision('rm -rf / again')).toBeDefined();
    expect(policies.problems()).toEqual([
      expect.objectContaining({ root, action: 'kept-last', since: 1_700_000_000_000 }),
    ]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`policy ${root}: ${projectFile()}`);
    expect(logged[0]).toMatch(/keeping the 1 pattern last read cleanly$/);

    write(projectFile(), 'version: 1\n');
    expect(decision('rm -rf /')).toBeUndefined();
    expect(policies.problems()).toEqual([]);
    expect(logged[1]).toMatch(/Bash deny policy in force again \(0 patterns\)$/);
  });

  it('leave the policy alone when only another key is invalid', () => {
    write(projectFile(), `${CLEAN}engine:\n  maxConcurrency: "many"\n`);
    expect(decision('rm -rf /')?.pattern).toBe('rm -rf /');
    expect(policies.problems()).toEqual([]);
  });

  it('deny every Bash command when the file never read cleanly', () => {
    write(projectFile(), 'version: 1\nhooks:\n  denyBash: [rm\n');
    expect(decision('ls')?.reason).toMatch(
      /^the Bash deny policy cannot be read \(.*invalid YAML.*\); every Bash command is denied until it is fixed \(hooks\.onBadPolicy\)$/,
    );
    expect(policies.problems()).toEqual([expect.objectContaining({ action: 'deny-all' })]);
    expect(logged[0]).toMatch(/denying every Bash command until it is fixed$/);
  });

  it('deny every Bash command with hooks.onBadPolicy: deny', () => {
    write(projectFile(), 'version: 1\nhooks:\n  denyBash: ["rm -rf /"]\n  onBadPolicy: deny\n');
    expect(decision('ls')).toBeUndefined();
    write(projectFile(), 'version: 1\nhooks: [\n');
    expect(decision('ls')?.reason).toMatch(/^the Bash deny policy cannot be read/);
  });

  it('keep the patterns of a deleted file, and drop them when a file without them is written', () => {
    write(projectFile(), CLEAN);
    expect(decision('rm -rf /')).toBeDefined();
    rmSync(projectFile());
    expect(decision('rm -rf /')?.pattern).toBe('rm -rf /');
    expect(policies.problems()[0]?.problem).toMatch(/config\.yaml is gone, and it held 1 hooks/);
    write(projectFile(), 'version: 1\nhooks:\n  denyBash: []\n');
    expect(decision('rm -rf /')).toBeUndefined();
  });

  it('know the last clean patterns across processes (the in-process hook)', () => {
    write(projectFile(), CLEAN);
    expect(decision('rm -rf /')).toBeDefined();
    write(projectFile(), 'version: 1\nhooks:\n  denyBash: "rm -rf /"\n');
    const fresh = new ProjectPolicies({ hybridHome: home });
    expect(deniedBy('rm -rf /', fresh.policyFor(root))?.pattern).toBe('rm -rf /');
    expect(deniedBy('ls', fresh.policyFor(root))).toBeUndefined();
  });

  it('apply a broken user file to every project', () => {
    write(userFile(), 'version: 1\nhooks:\n  denyBash: ["shutdown"]\n');
    write(projectFile(), CLEAN);
    expect(decision('shutdown')).toBeDefined();
    write(userFile(), 'version: 1\nhooks:\n  denyBash: shutdown\n');
    expect(decision('shutdown')?.pattern).toBe('shutdown');
    expect(decision('rm -rf /')?.pattern).toBe('rm -rf /');
    expect(policies.problems()[0]?.problem).toContain(userFile());
  });

  it('escape control characters from the config in what it logs', () => {
    write(projectFile(), CLEAN);
    decision('ls');
    write(projectFile(), 'version: 1\nhooks:\n  denyBash: "\\e[2J\\e[31mgotcha"\n');
    decision('ls');
    expect(logged[0]).toBeDefined();
    expect(logged.join('')).not.toContain('\u001b');
    expect(policies.problems()[0]?.problem).not.toContain('\u001b');
  });
});
