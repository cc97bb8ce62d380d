import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { VERSION } from '../version.js';
import { readStampedCache, writeStampedCache } from './cache-file.js';

describe('stamped cache files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => {
    cleanup();
  });

  it('reads back the body written with the same format, from an owner-only file', () => {
    const file = join(dir, 'cache', 'one.json');
    writeStampedCache(file, 3, { answer: 42 });
    expect(readStampedCache(file, 3)).toEqual({ answer: 42 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'cache')).mode & 0o777).toBe(0o700);
  });

  it('gives nothing for another format, another version, a missing or a damaged file', () => {
    const file = join(dir, 'one.json');
    writeStampedCache(file, 3, { answer: 42 });
    expect(readStampedCache(file, 4)).toBeUndefined();
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...stored, version: `${VERSION}-other` }));
    expect(readStampedCache(file, 3)).toBeUndefined();
    for (const bad of [
      '{"format":3',
      'null',
      '[]',
      `{"format":3,"version":"${VERSION}","body":[]}`,
    ]) {
      writeFileSync(file, bad);
      expect(readStampedCache(file, 3)).toBeUndefined();
    }
    expect(readStampedCache(join(dir, 'none.json'), 3)).toBeUndefined();
  });
});
