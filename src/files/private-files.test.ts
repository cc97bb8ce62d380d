import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HybridError } from '../errors.js';
import { catchError } from '../../test/support/catch-error.js';
import { modeOf } from '../../test/support/read-only.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { ensurePrivateDir, preparePrivateDatabase, tightenPrivateFile } from './private-files.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('claude-hybrid-private-');
});
afterEach(() => {
  temp.cleanup();
});

describe('ensurePrivateDir', () => {
  it('creates every missing level with mode 0700', () => {
    const dir = join(temp.dir, 'a', 'b', '.claude-hybrid');
    ensurePrivateDir(dir);
    for (const level of [join(temp.dir, 'a'), join(temp.dir, 'a', 'b'), dir])
      expect(modeOf(level)).toBe(0o700);
  });

  it('refuses a path through a file with fs.not_writable (exit 2)', () => {
    const file = join(temp.dir, 'plain');
    writeFileSync(file, 'x');
    for (const target of [file, join(file, 'below')]) {
      const error = catchError(HybridError, () => {
        ensurePrivateDir(target);
      });
      expect(error.code).toBe('fs.not_writable');
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(`${file}: it is a file, not a directory`);
    }
  });

  it.skipIf(!existsSync('/proc/self'))(
    'stops with fs.not_writable under /proc instead of retrying forever',
    () => {
      const began = performance.now();
      const error = catchError(HybridError, () => {
        ensurePrivateDir('/proc/claude-hybrid-test/home');
      });
      expect(error.code).toBe('fs.not_writable');
      expect(performance.now() - began).toBeLessThan(1_000);
    },
  );

  it('tightens an older .claude-hybrid folder and the data inside it, once', () => {
    const dir = join(temp.dir, '.claude-hybrid');
    mkdirSync(join(dir, 'memories'), { recursive: true });
    writeFileSync(join(dir, 'state.db'), 'x');
    writeFileSync(join(dir, 'memories', 'project.md'), 'x');
    const outside = join(temp.dir, 'outside.txt');
    writeFileSync(outside, 'x');
    symlinkSync(outside, join(dir, 'link'));
    chmodSync(outside, 0o644);
    for (const path of [dir, join(dir, 'memories')]) chmodSync(path, 0o755);
    for (const path of [join(dir, 'state.db'), join(dir, 'memories', 'project.md')])
      chmodSync(path, 0o644);

    ensurePrivateDir(dir, { tighten: true });
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'memories'))).toBe(0o700);
    expect(modeOf(join(dir, 'state.db'))).toBe(0o600);
    expect(modeOf(join(dir, 'memories', 'project.md'))).toBe(0o600);
    // A symbolic link is never followed: what it points at is not ours to change.
    expect(modeOf(outside)).toBe(0o644);
  });

  it('in a home folder of another name, tightens only our data files', () => {
    const home = join(temp.dir, 'custom-home');
    mkdirSync(home);
    writeFileSync(join(home, 'daemon.db'), 'x');
    writeFileSync(join(home, 'notes.txt'), 'x');
    chmodSync(home, 0o755);
    chmodSync(join(home, 'daemon.db'), 0o644);
    chmodSync(join(home, 'notes.txt'), 0o644);
    ensurePrivateDir(home, { tighten: true });
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(join(home, 'daemon.db'))).toBe(0o600);
    expect(modeOf(join(home, 'notes.txt'))).toBe(0o644);
  });

  it('never changes a shared folder: sticky (like /tmp) or $HOME itself', () => {
    const sticky = join(temp.dir, 'shared');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    ensurePrivateDir(sticky, { tighten: true });
    expect(modeOf(sticky)).toBe(0o777);

    const home = join(temp.dir, 'user');
    mkdirSync(home);
    chmodSync(home, 0o755);
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      ensurePrivateDir(home, { tighten: true });
    } finally {
      process.env.HOME = saved;
    }
    expect(modeOf(home)).toBe(0o755);
  });

  it('leaves a loose folder alone without `tighten`', () => {
    const dir = join(temp.dir, 'other');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    ensurePrivateDir(dir);
    expect(modeOf(dir)).toBe(0o755);
  });
});

describe('database files', () => {
  it('creates a missing database 0600 and tightens an older one with its -wal and -shm', () => {
    const fresh = join(temp.dir, 'fresh.db');
    preparePrivateDatabase(fresh, true);
    expect(modeOf(fresh)).toBe(0o600);

    const old = join(temp.dir, 'old.db');
    for (const suffix of ['', '-wal', '-shm']) {
      writeFileSync(`${old}${suffix}`, 'x');
      chmodSync(`${old}${suffix}`, 0o644);
    }
    preparePrivateDatabase(old, false);
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(`${old}${suffix}`)).toBe(0o600);
  });

  it('tightenPrivateFile ignores a missing file', () => {
    expect(() => {
      tightenPrivateFile(join(temp.dir, 'missing'));
    }).not.toThrow();
  });
});
