import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { ensureGitignored } from './settings-gitignore.js';

let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir());
});
afterEach(() => {
  cleanup();
});
const gitignore = (): string => join(root, '.gitignore');

describe('ensureGitignored', () => {
  it('adds the local settings and the backups to a git work tree, once', () => {
    mkdirSync(join(root, '.git'));
    expect(ensureGitignored(root, 'local')).toEqual({
      file: gitignore(),
      added: ['.claude/settings.local.json', '.claude/*.claude-hybrid.bak'],
    });
    const text = readFileSync(gitignore(), 'utf8');
    expect(ensureGitignored(root, 'local').added).toEqual([]);
    expect(readFileSync(gitignore(), 'utf8')).toBe(text);
  });

  it('appends to an existing .gitignore, keeping it, and skips what is already covered', () => {
    writeFileSync(gitignore(), 'node_modules\n/.claude/settings.local.json');
    expect(ensureGitignored(root, 'local').added).toEqual(['.claude/*.claude-hybrid.bak']);
    expect(readFileSync(gitignore(), 'utf8')).toMatch(
      /^node_modules\n\/\.claude\/settings\.local\.json\n# claude-hybrid: .*\n\.claude\/\*\.claude-hybrid\.bak\n$/,
    );
    writeFileSync(gitignore(), '.claude/\n');
    expect(ensureGitignored(root, 'local').added).toEqual([]);
  });

  it('creates nothing outside a git work tree, and only the backups entry in project scope', () => {
    expect(ensureGitignored(root, 'local')).toEqual({ file: undefined, added: [] });
    expect(existsSync(gitignore())).toBe(false);
    writeFileSync(gitignore(), '');
    expect(ensureGitignored(root, 'project').added).toEqual(['.claude/*.claude-hybrid.bak']);
    expect(ensureGitignored(root, 'user').added).toEqual([]);
  });
});
