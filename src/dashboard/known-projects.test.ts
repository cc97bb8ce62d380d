import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { KnownProjects } from './known-projects.js';

describe('KnownProjects', () => {
  it('remembers projects in a private file across restarts and forgets removed ones', () => {
    const temp = makeTempDir('claude-hybrid-known-');
    try {
      const home = join(temp.dir, 'home');
      mkdirSync(home);
      const [one, two] = ['one', 'two'].map((name) => join(temp.dir, name));
      for (const root of [one, two])
        mkdirSync(join(root ?? '', '.claude-hybrid'), { recursive: true });
      const known = new KnownProjects(home);
      known.add(one ?? '');
      known.add(two ?? '');
      known.add(one ?? '');
      expect(statSync(join(home, 'projects.json')).mode & 0o777).toBe(0o600);
      expect(new KnownProjects(home).list()).toEqual([two, one]);
      rmSync(join(two ?? '', '.claude-hybrid'), { recursive: true });
      expect(new KnownProjects(home).list()).toEqual([one]);
      expect(new KnownProjects(home).has(two ?? '')).toBe(false);
    } finally {
      temp.cleanup();
    }
  });
});
